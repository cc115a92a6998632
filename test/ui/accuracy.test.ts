// Journey 3 in a real browser against the real server: a week after the policy-agent incident,
// Lee opens its Accuracy tab, sees the empty state, pastes a reached list, uploads an OTLP JSON
// trace file, reads the numbers and the predicted-against-observed graph, downloads the proposed
// registry patch and checks the scorecard against an earlier incident.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Accuracy, NodeDocument, Scorecard } from '../../graph-schema/index.js';
import { assertWebBuilt, describeBrowser, openSession, screenshot } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { accGraph, clearToasts, clickAccNode, otlpTrace, tile, tileText } from './accuracy-helpers.js';
import { apiClient } from './helpers.js';

describeBrowser('post-incident UI: accuracy view', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let api: ReturnType<typeof apiClient>;
  let id: string;
  let earlierId: string;
  let errors: string[];
  const accuracy = () => api.call<Accuracy>('GET', `/incidents/${id}/accuracy`);
  const scorecard = () => api.call<Scorecard>('GET', '/scorecard');

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer({ demo: true });
    api = apiClient(server.baseUrl);
    // an earlier incident with observations, for the scorecard's trend: recall 1 of 2 = 0.50
    const earlier = await api.open('policy-agent', 'Bereavement fares, first time');
    earlierId = earlier.id;
    await api.call('POST', `/incidents/${earlierId}/observations`, { reached: [{ name: 'answer-composer' }, { name: 'data-warehouse', from: 'answer-composer' }] });
    await new Promise((r) => setTimeout(r, 20));
    id = (await api.open('policy-agent', 'Retroactive bereavement fares promised in chat')).id;

    ({ browser, page, errors } = await openSession('lee', { acceptDownloads: true }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the empty state with the upload form when nothing was observed yet', async () => {
    await page.goto(`${server.baseUrl}/#/incidents/${encodeURIComponent(id)}`);
    await page.waitForSelector('body[data-ready=true]');
    await page.click('.tab[data-view="accuracy"]');
    await page.waitForSelector('#accuracy-empty');
    const empty = await page.locator('#accuracy-empty').innerText();
    expect(empty).toContain('No observations yet');
    expect(empty).toMatch(/23 consumers/);
    expect(empty).toMatch(/OpenTelemetry traces/);
    expect(await page.locator('#acc-form').isVisible()).toBe(true);
    expect(await page.locator('#acc-input').isVisible()).toBe(true);
    expect(await page.locator('#acc-file').count()).toBe(1);
    expect(await page.locator('#accuracy-summary').count()).toBe(0);
    // the scorecard already lists the earlier incident
    await page.waitForSelector(`#acc-scorecard tr[data-id="${earlierId}"]`);
    await screenshot(page, 'acc-01-empty');
  });

  it('says what is wrong and keeps the pasted text when a paste cannot be recorded', async () => {
    const broken = '{"reached": [ {"name": "crm" ]}';
    await page.fill('#acc-input', broken);
    await page.click('#acc-submit');
    await page.waitForSelector('#acc-form-error:not([hidden])');
    expect(await page.locator('#acc-form-error').innerText()).toMatch(/not valid JSON[\s\S]*line 1[\s\S]*Nothing was sent/);
    expect(await page.inputValue('#acc-input')).toBe(broken);

    // the server refuses a field it does not know: its message, the field, and what to do
    const unknownField = '{"reached": [{"name": "crm", "colour": "red"}]}';
    await page.fill('#acc-input', unknownField);
    await expect.poll(() => page.locator('#acc-detected').innerText()).toMatch(/Reads as/);
    await page.click('#acc-submit');
    await expect.poll(() => page.locator('#acc-form-error').innerText()).toMatch(/server refused[\s\S]*colour[\s\S]*Fix what is named above/);
    expect(await page.inputValue('#acc-input')).toBe(unknownField);
    expect(await page.locator('#acc-form-error').isVisible()).toBe(true); // said next to the text, in view
    expect((await accuracy()).observed).toEqual([]);
    await screenshot(page, 'acc-02-error-text-kept');
  });

  it('records a reached list pasted into the page: hits, a missed node, an alias and an unknown name', async () => {
    await page.fill(
      '#acc-input',
      [
        '# from the support tickets, 2 March',
        'answer-composer',
        'answer-composer -> chat-widget @ 2026-03-02T03:12:00Z # ticket INC-4411',
        'salesforce', // an alias of crm
        'answer-composer -> campaign-copy-agent', // registered, outside the radius, over an unregistered hop
        'billing-gizmo', // matches nothing
      ].join('\n'),
    );
    await expect.poll(() => page.locator('#acc-detected').innerText()).toMatch(/reached list \(one per line\): 5 names, 2 with who passed it on/);
    await page.click('#acc-submit');
    await page.waitForSelector('#accuracy-summary');
    await expect.poll(() => page.locator('#acc-result').innerText()).toMatch(/Recorded 5 observations[\s\S]*billing-gizmo/);
    expect(await page.inputValue('#acc-input')).toBe('');
    expect(await page.locator('#acc-form-error').isHidden()).toBe(true);

    const a = await accuracy();
    // by hand: 3 of the 23 predicted were reached; campaign-copy-agent was reached but not predicted
    expect(a.truePositives).toEqual(['answer-composer', 'chat-widget', 'crm']);
    expect(a.falseNegatives).toEqual(['campaign-copy-agent']);
    expect(a.falsePositives).toHaveLength(20);
    expect(a.precision).toBeCloseTo(3 / 23);
    expect(a.recall).toBeCloseTo(3 / 4);
    expect(a.missingEdges).toEqual([{ from: 'answer-composer', to: 'campaign-copy-agent' }]);
    expect(a.unmatched).toEqual(['billing-gizmo']);
    expect(a.edges.filter((e) => e.status === 'silent')).toHaveLength(12);

    await expect.poll(() => tile(page, 'acc-hit')).toBe('3');
    expect(await tile(page, 'acc-predicted-only')).toBe('20');
    expect(await tile(page, 'acc-missed')).toBe('1');
    expect(await tile(page, 'acc-missing-edges')).toBe('1');
    expect(await tile(page, 'acc-silent-edges')).toBe('12');
    expect(await tile(page, 'acc-unmatched-count')).toBe('1');
    expect(Number(await tile(page, 'acc-precision'))).toBeCloseTo(a.precision!);
    expect(await tileText(page, 'acc-precision')).toBe('0.13');
    expect(await tileText(page, 'acc-recall')).toBe('0.75');
    const unmatched = await page.locator('#acc-unmatched').innerText();
    expect(unmatched).toMatch(/This name matched nothing in the registry[\s\S]*billing-gizmo[\s\S]*Register it, or add it as an alias/);

    const g = await accGraph(page);
    expect(Object.keys(g.nodes)).toHaveLength(25); // the source, 23 predicted, 1 missed
    expect(g.nodes['policy-agent'].classes).toContain('source');
    expect(g.nodes['crm'].classes).toContain('hit');
    expect(g.nodes['crm'].label).toBe('✓ crm');
    expect(g.nodes['dispute-agent'].classes).toContain('predicted-only');
    expect(g.nodes['campaign-copy-agent'].classes).toContain('missed');
    expect(g.nodes['campaign-copy-agent'].kind).toBe('Agent');
    // the missed node sits one column right of answer-composer, where it was seen coming from
    expect(g.nodes['campaign-copy-agent'].x).toBe(g.nodes['chat-widget'].x);
    expect(g.nodes['campaign-copy-agent'].x).toBeGreaterThan(g.nodes['answer-composer'].x);
    expect(g.edges['missing:answer-composer->campaign-copy-agent'].classes).toContain('missing');
    expect(g.edges['answer-composer->chat-widget'].classes).toContain('fired');
    await page.locator('#accuracy-summary').scrollIntoViewIfNeeded();
    await screenshot(page, 'acc-03-reached-list');
  });

  it('uploads an OTLP JSON trace file: aliases via gen_ai.agent.name, hops from parent spans', async () => {
    const trace = otlpTrace(
      [
        { id: 'a000000000000001', name: 'invoke_agent PolicyAgent', agent: 'PolicyAgent' },
        { id: 'a000000000000002', parent: 'a000000000000001', name: 'invoke_agent AnswerComposer', agent: 'AnswerComposer' },
        { id: 'a000000000000003', parent: 'a000000000000002', name: 'invoke_agent email_drafter', agent: 'email_drafter' }, // not a registered hop
        { id: 'a000000000000004', parent: 'a000000000000002', name: 'chat gpt-4o' }, // names nothing: the walk goes through it
        { id: 'a000000000000005', parent: 'a000000000000004', name: 'invoke_agent translation-agent', agent: 'translation-agent' },
      ],
      { name: 'mystery-bot', span: { id: 'a000000000000006', parent: 'a000000000000003', name: 'POST /send' } },
    );
    await page.locator('#acc-form').scrollIntoViewIfNeeded();
    await page.setInputFiles('#acc-file', { name: 'traces.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(trace, null, 2)) });
    await expect.poll(() => page.locator('#acc-detected').innerText()).toMatch(/OTLP JSON traces: 6 spans/);
    expect(await page.inputValue('#acc-input')).toContain('resourceSpans');
    await screenshot(page, 'acc-04-otlp-loaded');
    await page.click('#acc-submit');
    await expect.poll(() => page.locator('#acc-result').innerText()).toMatch(/from 6 spans[\s\S]*mystery-bot/);

    const a = await accuracy();
    // by hand: email-drafter and translation-agent join the hits; two hops the registry lacks
    expect(a.truePositives).toEqual(['answer-composer', 'chat-widget', 'crm', 'email-drafter', 'translation-agent']);
    expect(a.falseNegatives).toEqual(['campaign-copy-agent']);
    expect(a.falsePositives).toHaveLength(18);
    expect(a.precision).toBeCloseTo(5 / 23);
    expect(a.recall).toBeCloseTo(5 / 6);
    expect(a.missingEdges).toEqual([
      { from: 'answer-composer', to: 'campaign-copy-agent' },
      { from: 'answer-composer', to: 'email-drafter' },
    ]);
    expect(a.unmatched).toEqual(['billing-gizmo', 'mystery-bot']);
    const silent = a.edges.filter((e) => e.status === 'silent').length;
    expect(silent).toBe(13);

    // the numbers on the page are the API's
    await expect.poll(() => tile(page, 'acc-hit')).toBe(String(a.truePositives.length));
    expect(await tile(page, 'acc-predicted-only')).toBe(String(a.falsePositives.length));
    expect(await tile(page, 'acc-missed')).toBe(String(a.falseNegatives.length));
    expect(await tile(page, 'acc-missing-edges')).toBe(String(a.missingEdges.length));
    expect(await tile(page, 'acc-silent-edges')).toBe(String(silent));
    expect(await tile(page, 'acc-unmatched-count')).toBe(String(a.unmatched.length));
    expect(Number(await tile(page, 'acc-precision'))).toBeCloseTo(a.precision!, 10);
    expect(Number(await tile(page, 'acc-recall'))).toBeCloseTo(a.recall!, 10);
    expect(await tileText(page, 'acc-precision')).toBe('0.22');
    expect(await tileText(page, 'acc-recall')).toBe('0.83');
    expect(await tile(page, 'acc-contained')).toBe(String(a.contained.length));
    expect(await tile(page, 'acc-unexplained')).toBe(String(a.unexplained.length));
    const unexplained = a.unexplained.length ? `, ${a.unexplained.length} unexplained` : '';
    expect(await page.locator('#acc-sentence').innerText()).toBe(`5 hits, ${a.contained.length} contained by stops, 18 predicted but never reached, 1 reached but never predicted, 2 missing edges${unexplained}.`);
    // the control review names each unexplained observation and what is in question
    const review = await page.locator('#acc-control').innerText();
    expect(review).toMatch(/did containment work\?/i);
    for (const u of a.unexplained.slice(0, 100)) expect(review).toContain(u.name);
    expect(await page.locator('#acc-unmatched').innerText()).toMatch(/billing-gizmo[\s\S]*mystery-bot/);

    // the graph: every status drawn, and not by colour alone
    const g = await accGraph(page);
    const byClass = (c: string) => Object.keys(g.nodes).filter((n) => g.nodes[n].classes.includes(c)).sort();
    expect(byClass('hit')).toEqual(a.truePositives);
    expect(byClass('predicted-only')).toEqual(a.falsePositives);
    expect(byClass('missed')).toEqual(a.falseNegatives);
    expect(g.nodes['crm'].border).toBe('solid');
    expect(g.nodes['dispute-agent'].border).toBe('dashed');
    expect(g.nodes['campaign-copy-agent'].border).toBe('double');
    for (const e of a.edges) expect(g.edges[`${e.from}->${e.to}`].classes).toContain(e.status);
    for (const e of a.missingEdges) {
      const edge = g.edges[`missing:${e.from}->${e.to}`];
      expect(edge.classes).toContain('missing');
      expect(edge.lineStyle).toBe('dashed');
      expect(edge.width).toBeGreaterThanOrEqual(4);
    }
    expect(g.edges['policy-agent->answer-composer'].classes).toContain('fired');
    expect(g.edges['answer-composer->translation-agent'].classes).toContain('fired');
    expect(g.edges['policy-agent->llm-observability'].lineStyle).toBe('dotted');
    expect(Object.values(g.edges).filter((e) => e.classes.includes('silent'))).toHaveLength(silent);
    expect(await page.locator('#acc-legend').innerText()).toMatch(/hit[\s\S]*predicted only[\s\S]*missed[\s\S]*fired[\s\S]*silent[\s\S]*unobserved[\s\S]*missing/);

    await page.locator('#accuracy-summary').scrollIntoViewIfNeeded();
    await screenshot(page, 'acc-05-numbers');
    await page.locator('.acc-graph-card').scrollIntoViewIfNeeded();
    await clearToasts(page);
    await clickAccNode(page, 'campaign-copy-agent');
    await expect.poll(() => page.locator('#acc-detail').innerText()).toMatch(/missed[\s\S]*campaign-copy-agent[\s\S]*answer-composer → campaign-copy-agent[\s\S]*missing/i);
    await screenshot(page, 'acc-06-graph');
  });

  it('downloads the proposed registry patch, which adds the missing edges', async () => {
    await page.locator('#acc-patch').scrollIntoViewIfNeeded();
    await page.locator('#acc-patch-preview summary').click();
    await expect.poll(() => page.locator('#acc-patch-text').innerText()).toContain('answer-composer -> email-drafter');
    await screenshot(page, 'acc-07-patch');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#acc-download-patch')]);
    expect(dl.suggestedFilename()).toBe(`${id}-registry-patch.yaml`);
    const text = fs.readFileSync((await dl.path())!, 'utf8');
    expect(text).toBe(await (await fetch(`${server.baseUrl}/api/v1/incidents/${id}/registry-patch`)).text());
    const docs = parseAllDocuments(text).map((d) => d.toJS() as NodeDocument).filter(Boolean);
    const byName = new Map(docs.map((d) => [d.metadata.name, d]));
    expect([...byName.keys()].sort()).toEqual(['campaign-copy-agent', 'email-drafter']);
    expect(byName.get('email-drafter')!.spec.consumes.map((c) => c.from)).toContain('answer-composer');
    expect(byName.get('campaign-copy-agent')!.spec.consumes.find((c) => c.from === 'answer-composer')).toMatchObject({ channel: 'api', mode: 'async', gate: 'none' });
    expect(await page.locator('#acc-patch').innerText()).toMatch(/2 hops[\s\S]*approves it[\s\S]*new revision/);
  });

  it('shows this incident on the scorecard, with the overall figures and the trend', async () => {
    const sc = await scorecard();
    const row = sc.incidents.find((r) => r.incidentId === id)!;
    const tr = page.locator(`#acc-scorecard tr[data-id="${id}"]`);
    await expect.poll(() => tr.getAttribute('data-recall')).toBe(String(row.recall));
    expect(await tr.getAttribute('data-precision')).toBe(String(row.precision));
    expect(await tr.innerText()).toMatch(/Retroactive bereavement[\s\S]*this incident[\s\S]*0\.22[\s\S]*0\.83[\s\S]*5\s+18\s+1\s+2/);
    expect(await tr.getAttribute('class')).toContain('current');
    expect(await page.locator(`#acc-scorecard tr[data-id="${earlierId}"]`).innerText()).toMatch(/0\.04[\s\S]*0\.50/);
    // overall: (1 + 5) hits, (22 + 18) predicted only, (1 + 1) missed
    expect(sc.overall).toMatchObject({ incidents: 2, truePositives: 6, falsePositives: 40, falseNegatives: 2 });
    expect(Number(await page.locator('#acc-overall').getAttribute('data-recall'))).toBeCloseTo(sc.overall.recall!);
    expect(await page.locator('#acc-overall').innerText()).toMatch(/2 incidents[\s\S]*precision 0\.13[\s\S]*recall 0\.75/);
    expect(sc.trend!.direction).toBe('up');
    expect(await page.locator('#acc-trend').getAttribute('data-direction')).toBe('up');
    expect(await page.locator('#acc-trend').innerText()).toMatch(/Recall up from 0\.50[\s\S]*to 0\.83/);
    await page.locator('#acc-scorecard-card').scrollIntoViewIfNeeded();
    await clearToasts(page);
    await screenshot(page, 'acc-08-scorecard');
  });

  it('updates live when someone else records observations, keeping what is typed in the box', async () => {
    await page.locator('#acc-form').scrollIntoViewIfNeeded();
    await page.fill('#acc-input', 'voice-agent -> ivr-voice');
    await api.call('POST', `/incidents/${id}/observations`, { reached: [{ name: 'refund-agent', from: 'answer-composer' }] });
    await expect.poll(() => tile(page, 'acc-hit')).toBe('6');
    expect(await page.inputValue('#acc-input')).toBe('voice-agent -> ivr-voice');
    expect((await accGraph(page)).nodes['refund-agent'].classes).toContain('hit');
    await expect.poll(() => page.locator(`#acc-scorecard tr[data-id="${id}"]`).getAttribute('data-recall')).toBe(String(6 / 7));
    // going to another tab and back keeps the graph and the box
    await page.click('.tab[data-view="history"]');
    await page.click('.tab[data-view="accuracy"]');
    await page.waitForSelector('#accuracy-summary');
    expect(await page.inputValue('#acc-input')).toBe('voice-agent -> ivr-voice');
    expect(await page.evaluate(() => window.__blastRadius?.accuracyCy?.nodes().length)).toBe(25);
    await page.locator('.acc').evaluate((el) => el.closest('.tab-page')!.scrollTo(0, 0));
    await clearToasts(page);
    await screenshot(page, 'acc-09-top');
    // the 400s of the refused pastes are expected; nothing else may fail
    expect(errors.filter((e) => !/events|ERR_ABORTED|status of 400/.test(e))).toEqual([]);
  });
});
