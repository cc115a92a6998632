// Journey 2 in a real browser against the real server: Sam opens an incident on policy-agent,
// decides consumers by clicking and by keyboard, applies the containment plan, sees a
// colleague's decision arrive live, and exports the report, the worklist and the graph.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertWebBuilt, describeBrowser, openSession, screenshot } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { apiClient, clickNode, nodeData, rgb, selectedName, stat } from './helpers.js';

describeBrowser('commander UI: incident journey', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let api: ReturnType<typeof apiClient>;
  let id: string;
  let errors: string[];

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer({ demo: true });
    api = apiClient(server.baseUrl);
    ({ browser, page, errors } = await openSession('sam', { acceptDownloads: true }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens an incident through the form with the searchable source picker', async () => {
    await page.goto(`${server.baseUrl}/#/`);
    await page.waitForSelector('body[data-ready=true]');
    await screenshot(page, '01-incident-list-empty');
    await page.click('#open-incident');
    await page.locator('#source').pressSequentially('pol');
    await page.waitForSelector('.picker-item[data-name="policy-agent"]');
    await screenshot(page, '02-open-form-picker');
    await page.locator('.picker-item[data-name="policy-agent"]').click();
    await page.selectOption('#failure-mode', 'hallucination');
    await page.fill('#output-ref', 'msg_8f2a91');
    await page.click('#submit-incident');
    await page.waitForURL(/#\/incidents\//);
    await page.waitForSelector('body[data-ready=true]');
    // the address also carries the view state (?tab=…)
    id = decodeURIComponent(page.url().split('#/incidents/')[1].split('?')[0]);

    const inc = await api.incident(id);
    expect(inc.source).toBe('policy-agent');
    expect(inc.failureMode).toBe('hallucination');
    expect(inc.outputRef).toBe('msg_8f2a91');
    expect(inc.openedBy).toBe('sam');
    // the header says what the API's summary says: 23 consumers, 0 decided, 9 surfaces exposed,
    // the to-do count is needsDecision, the next surface is the summary's
    expect(await stat(page, 'count-consumers')).toBe(inc.summary.total);
    expect(inc.summary.total).toBe(23);
    expect(await stat(page, 'count-decided')).toBe(0);
    expect(await stat(page, 'count-surfaces')).toBe(inc.summary.surfacesExposed);
    expect(inc.summary.surfacesExposed).toBe(9);
    expect(await stat(page, 'count-exposed')).toBe(inc.summary.exposed);
    expect(await stat(page, 'count-todo')).toBe(inc.summary.needsDecision);
    expect(await stat(page, 'count-reached')).toBe(inc.summary.reached);
    expect(await page.locator('#next-surface').getAttribute('data-value')).toBe(inc.summary.nextSurfaceArrival ?? '');
    // the source is running, said in words; the first step offered is the source's
    expect(await page.locator('#source-state').innerText()).toMatch(/RUNNING/);
    await page.waitForSelector('#first-step');
    expect(await page.locator('#first-step').innerText()).toMatch(/policy-agent/);

    // the graph holds the source and every consumer, laid out left to right by depth
    const graph = await page.evaluate(() => {
      const cy = window.__blastRadius!.cy!;
      const src = cy.nodes('.source')[0];
      const consumers = cy.nodes().filter((n) => !n.hasClass('source')) as unknown as import('cytoscape').NodeCollection;
      return {
        nodes: cy.nodes().length,
        edges: cy.edges().length,
        source: src.id(),
        sourceX: src.position('x'),
        minConsumerX: Math.min(...consumers.map((n) => n.position('x'))),
        depthX: consumers.map((n) => [n.data('depth') as number, n.position('x')] as const),
        gatedDashed: cy.edges('.gated').map((e) => e.style('line-style') as string),
        shapes: Object.fromEntries(cy.nodes().map((n) => [n.data('kind') as string, n.style('shape') as string])),
      };
    });
    expect(graph.nodes).toBe(24);
    expect(graph.edges).toBe((await api.call<{ total: number }>('GET', `/incidents/${id}/edges?limit=1`)).total);
    expect(graph.source).toBe('policy-agent');
    expect(graph.minConsumerX).toBeGreaterThan(graph.sourceX);
    for (const [d1, x1] of graph.depthX) for (const [d2, x2] of graph.depthX) if (d1 < d2) expect(x1).toBeLessThan(x2);
    expect(graph.gatedDashed.length).toBeGreaterThan(0);
    expect(new Set(graph.gatedDashed)).toEqual(new Set(['dashed']));
    expect(graph.shapes).toEqual({ Agent: 'round-rectangle', System: 'barrel', Surface: 'diamond' });
    // every consumer starts undecided and exposed (red border)
    const crm = await nodeData(page, 'crm');
    expect(crm).toMatchObject({ decision: 'none', exposed: true, border: rgb.exposed });
    await screenshot(page, '03-incident-opened');
  });

  it('decides a consumer by clicking it, with a note', async () => {
    await clickNode(page, 'crm');
    await expect.poll(() => selectedName(page)).toBe('crm');
    const panel = page.locator('#panel');
    await expect.poll(() => panel.innerText()).toContain('Owner');
    await page.fill('#decision-note', 'CRM cases flagged, fix job queued');
    await screenshot(page, '04-panel-crm');
    await page.click('#panel button[data-action="correct"]');
    await expect.poll(() => stat(page, 'count-decided')).toBe(1);
    const d = (await api.incident(id)).consumers.find((c) => c.name === 'crm')!.decision!;
    expect(d).toMatchObject({ action: 'correct', note: 'CRM cases flagged, fix job queued', by: 'sam', version: 1 });
    expect(await nodeData(page, 'crm')).toMatchObject({ decision: 'correct', fill: rgb.correct });
  });

  it('walks the undecided consumers in arrival order with the keyboard', async () => {
    const inc = await api.incident(id);
    const at = (c: { arrival: string | null }) => (c.arrival ? Date.parse(c.arrival) : 1e15);
    const order = inc.consumers
      .filter((c) => c.needsDecision)
      .sort((a, b) => at(a) - at(b) || (a.arrivalSeconds ?? 1e12) - (b.arrivalSeconds ?? 1e12) || a.depth - b.depth || (a.name < b.name ? -1 : 1))
      .map((c) => c.name);
    await page.locator('#panel .panel-close').click();
    await page.keyboard.press('j');
    await expect.poll(() => selectedName(page)).toBe(order[0]);
    const first = inc.consumers.find((c) => c.name === order[0])!;
    // the suggested action by key: s for an Agent, c for a System, n for a Surface
    const key = { stop: 's', correct: 'c', notify: 'n' }[first.suggestedAction];
    await page.keyboard.press(key);
    await expect.poll(() => stat(page, 'count-decided')).toBe(2);
    await page.keyboard.press('j');
    await expect.poll(() => selectedName(page)).toBe(order[1]);
    // a note by keyboard: e focuses it, Esc leaves it, n saves with it
    await page.keyboard.press('e');
    await page.keyboard.type('customers told via banner');
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    await expect.poll(() => stat(page, 'count-decided')).toBe(3);
    const after = await api.incident(id);
    expect(after.consumers.find((c) => c.name === order[0])!.decision!.action).toBe(first.suggestedAction);
    expect(after.consumers.find((c) => c.name === order[1])!.decision).toMatchObject({ action: 'notify', note: 'customers told via banner', by: 'sam' });
    expect(await page.locator('.keys').innerText()).toMatch(/S\s*stop.*C\s*correct.*N\s*notify.*J\s*next undecided/s);
  });

  it('stopping an agent shrinks the remaining exposure on screen', async () => {
    const before = await stat(page, 'count-exposed');
    await page.keyboard.press('/');
    await page.keyboard.type('email-drafter');
    await page.keyboard.press('Enter');
    await expect.poll(() => selectedName(page)).toBe('email-drafter');
    await page.keyboard.press('s');
    await expect.poll(() => stat(page, 'count-exposed')).toBeLessThan(before);
    const inc = await api.incident(id);
    await expect.poll(() => stat(page, 'count-exposed')).toBe(inc.summary.exposed);
    expect(await stat(page, 'count-surfaces')).toBe(inc.summary.surfacesExposed);
    await expect.poll(async () => (await nodeData(page, 'email-drafter'))?.decision).toBe('stop');
    expect(await nodeData(page, 'email-drafter')).toMatchObject({ decision: 'stop', exposed: false, fill: rgb.stop });
    // the undo offered in the toast
    expect(await page.locator('#toasts .toast .undo').count()).toBeGreaterThan(0);
    await screenshot(page, '05-after-keyboard-decisions');
  });

  it('shows the containment plan on the graph and applies it in one click', async () => {
    expect(await stat(page, 'count-surfaces')).toBeGreaterThan(0);
    await page.keyboard.press('p');
    await page.waitForSelector('#plan-panel');
    const plan = await api.call<{ stops: { name: string }[]; source: { done: boolean } }>('GET', `/incidents/${id}/containment`);
    expect(plan.source.done).toBe(false);
    expect(plan.stops.length).toBeGreaterThan(0);
    // the button is in view without scrolling the panel, the counts are there
    expect(await page.locator('#apply-plan').isVisible()).toBe(true);
    const box = (await page.locator('#apply-plan').boundingBox())!;
    expect(box.y + box.height).toBeLessThan(1000);
    for (const s of plan.stops) expect((await nodeData(page, s.name))!.plan).toBe(true);
    await screenshot(page, '06-containment-plan');
    await page.click('#apply-plan');
    await expect.poll(() => stat(page, 'count-surfaces')).toBe(0);
    const inc = await api.incident(id);
    expect(inc.summary.surfacesExposed).toBe(0);
    expect(inc.summary.source?.action).toBe('stop');
    await expect.poll(() => stat(page, 'count-exposed')).toBe(inc.summary.exposed);
    for (const s of plan.stops) expect(await nodeData(page, s.name)).toMatchObject({ decision: 'stop', plan: false });
    // every surface is now safe: no red border left on any Surface
    const exposedSurfaces = await page.evaluate(() => window.__blastRadius!.cy!.nodes('[kind = "Surface"].exposed').length);
    expect(exposedSurfaces).toBe(0);
    expect(await page.locator('#count-surfaces').getAttribute('class')).toContain('calm');
    await screenshot(page, '07-plan-applied');
  });

  it('shows a decision made elsewhere live, without a reload', async () => {
    const inc = await api.incident(id);
    const [a, b] = inc.consumers.filter((c) => !c.decision).map((c) => c.name);
    expect(a && b).toBeTruthy();
    const decidedBefore = await stat(page, 'count-decided');
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    // a colleague in a second browser context
    const ctx2 = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await ctx2.addInitScript(() => localStorage.setItem('blast-radius.actor', 'alex'));
    const page2 = await ctx2.newPage();
    await page2.goto(`${server.baseUrl}/#/incidents/${encodeURIComponent(id)}`);
    await page2.waitForSelector('body[data-ready=true]');
    await clickNode(page2, a);
    await expect.poll(() => selectedName(page2)).toBe(a);
    await page2.click('#panel button[data-action="correct"]');
    await expect.poll(async () => (await nodeData(page, a))?.decision).toBe('correct');
    expect(await stat(page, 'count-decided')).toBe(decidedBefore + 1);

    // and a direct API call from a script
    await api.decide(id, b, 'notify', 'ops-bot', 0);
    await expect.poll(async () => (await nodeData(page, b))?.decision).toBe('notify');
    expect(await stat(page, 'count-decided')).toBe(decidedBefore + 2);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await screenshot(page, '08-live-update');
    await ctx2.close();
  });

  it('keeps the typed note and explains when someone else decided first (409)', async () => {
    const inc = await api.incident(id);
    const target = inc.consumers.find((c) => !c.decision)?.name ?? inc.consumers[0].name;
    const version = inc.consumers.find((c) => c.name === target)!.version;
    // this page stops hearing live events, so it still believes the old version
    const ctx3 = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page3 = await ctx3.newPage();
    await page3.route('**/events', (route) => route.abort());
    await page3.goto(`${server.baseUrl}/#/incidents/${encodeURIComponent(id)}`);
    await page3.waitForSelector('body[data-ready=true]');
    await clickNode(page3, target);
    await screenshot(page3, '09a-conflict-before');
    await page3.fill('#decision-note', 'my careful note');
    await api.decide(id, target, 'stop', 'someone-else', version);
    await page3.click('#panel button[data-action="notify"]');
    // said beside the decision, not in a banner
    await page3.waitForSelector('#panel .panel-conflict');
    expect(await page3.locator('#panel .panel-conflict').innerText()).toMatch(/Not saved: someone else changed[\s\S]*now “stop” by someone-else/);
    expect(await page3.inputValue('#decision-note')).toBe('my careful note');
    expect((await api.incident(id)).consumers.find((c) => c.name === target)!.decision!.by).toBe('someone-else');
    await screenshot(page3, '09-conflict-note-kept');

    // a server failure: readable banner, the note is still there, nothing saved
    await page3.route('**/decisions/**', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'store_unavailable', message: 'The store is not reachable', details: [] } }) }));
    await page3.click('#panel button[data-action="correct"]');
    // someone else decided it a moment ago: changing it asks first
    await page3.waitForSelector('#confirm-replace');
    expect(await page3.locator('#panel .panel-confirm').innerText()).toMatch(/someone-else decided “stop”/);
    await page3.click('#confirm-replace');
    await page3.waitForSelector('#decide-error .inline-error.write');
    expect(await page3.locator('#decide-error').innerText()).toMatch(/Nothing was saved[\s\S]*store is not reachable[\s\S]*try again/i);
    // no error banner: only the one connection banner (this page's live stream is cut)
    expect(await page3.locator('#banners .banner.error').count()).toBe(0);
    expect(await page3.locator('#banners .banner').count()).toBeLessThanOrEqual(1);
    expect(await page3.inputValue('#decision-note')).toBe('my careful note');
    await ctx3.close();
  });

  it('switches to the table, filters to undecided Surfaces and sorts by arrival', async () => {
    await page.keyboard.press('t');
    await page.waitForSelector('#consumer-table .vt-row');
    await page.locator('#filters input[data-kind="Agent"]').uncheck();
    await page.locator('#filters input[data-kind="System"]').uncheck();
    await page.locator('#filter-exposed').check();
    await page.locator('#filter-exposed').uncheck();
    const rows = await page.locator('#consumer-table .vt-row').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.name!));
    const inc = await api.incident(id);
    const surfaces = inc.consumers.filter((c) => c.kind === 'Surface');
    expect(new Set(rows)).toEqual(new Set(surfaces.map((c) => c.name)));
    await page.locator('#consumer-table .vt-sort[data-key="arrival"]').click(); // toggles to descending
    const desc = await page.locator('#consumer-table .vt-row').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.name!));
    const arrival = new Map(surfaces.map((c) => [c.name, c.arrival ? Date.parse(c.arrival) : 1e15]));
    const sortedDesc = [...desc].sort((x, y) => arrival.get(y)! - arrival.get(x)!);
    expect(desc.map((n) => arrival.get(n))).toEqual(sortedDesc.map((n) => arrival.get(n)));
    await screenshot(page, '10-table-surfaces');
    await page.locator('#filters input[data-kind="Agent"]').check();
    await page.locator('#filters input[data-kind="System"]').check();
    await page.keyboard.press('g');
  });

  it('exports the report (Markdown), the worklist (CSV) and the graph (PNG, SVG)', async () => {
    const grab = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      const file = await download.path();
      return { name: download.suggestedFilename(), bytes: fs.readFileSync(file!) };
    };
    const md = await grab('#export-markdown');
    expect(md.name).toMatch(/\.md$/);
    expect(md.bytes.toString()).toContain('policy-agent');
    const csv = await grab('#export-csv');
    expect(csv.name).toMatch(/\.csv$/);
    const csvText = csv.bytes.toString();
    // the worklist names the incident on every row, and lists every Surface with its state and audience
    const [head, ...lines] = csvText.trim().split('\n');
    const cols = head.split(',');
    for (const c of ['incident', 'incident_title', 'output_ref', 'name', 'kind', 'audience', 'state']) expect(cols).toContain(c);
    const inc = await api.incident(id);
    const rows = lines.map((l) => l.split(','));
    for (const r of rows) expect(r[cols.indexOf('incident')]).toBe(id);
    const surfaces = inc.consumers.filter((c) => c.kind === 'Surface');
    for (const sf of surfaces) {
      const row = rows.find((r) => r[cols.indexOf('name')] === sf.name);
      expect(row, sf.name).toBeTruthy();
      expect(row![cols.indexOf('state')]).not.toBe('');
      expect(row![cols.indexOf('audience')]).toBe(sf.audience ?? '');
    }
    const png = await grab('#export-png');
    expect(png.name).toMatch(/\.png$/);
    expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.bytes.length).toBeGreaterThan(10_000);
    const svg = await grab('#export-svg');
    expect(svg.name).toMatch(/\.svg$/);
    const svgText = svg.bytes.toString();
    expect(svgText).toMatch(/^<svg /);
    expect(svgText).toContain('data-name="chat-widget"');
    expect((svgText.match(/<line /g) ?? []).length).toBe((await api.call<{ total: number }>('GET', `/incidents/${id}/edges?limit=1`)).total);
    // the legend travels with the picture
    expect(svgText).toContain('id="legend"');
    expect(svgText).toMatch(/reached/);
    fs.writeFileSync('test-results/ui/export-graph.svg', svgText);
    fs.writeFileSync('test-results/ui/export-graph.png', png.bytes);
  });

  it('lists the incident with its progress, and the history tab shows every decision', async () => {
    await page.click('.tab[data-view="history"]');
    await page.waitForSelector('#history-table');
    const history = (await api.call<{ history: unknown[] }>('GET', `/incidents/${id}/history`)).history;
    expect(await page.locator('#history-table tbody tr').count()).toBe(history.length);
    await page.click('.tab[data-view="accuracy"]');
    await page.waitForSelector('#accuracy-empty, #accuracy-summary');
    await page.goto(`${server.baseUrl}/#/`);
    await page.waitForSelector(`tr[data-id="${id}"]`);
    const inc = await api.incident(id);
    expect(await page.locator(`tr[data-id="${id}"] .progress-text`).innerText()).toBe(`${inc.progress.total - inc.progress.undecided} / ${inc.progress.total} decided`);
    await screenshot(page, '11-incident-list');
    // (the accuracy endpoint answers 404 until observations exist; the browser logs that as a failed resource)
    expect(errors.filter((e) => !/events|ERR_ABORTED|503|404/.test(e))).toEqual([]);
  });
});
