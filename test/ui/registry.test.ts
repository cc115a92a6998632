// Journey 1 in a real browser against the real server: Priya finds her agent in the registry
// (by an alias from her traces), expands its neighbourhood one hop at a time without ever
// getting a hairball, reads owner and contact, runs a what-if, and reads the revision history,
// including the node as it was before her change. Unknown names and failed requests say what
// happened and what to do.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BlastRadius, NodeDocument, RevisionRecord } from '../../graph-schema/index.js';
import { assertWebBuilt, describeBrowser, openSession, screenshot } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { apiClient } from './helpers.js';
import { clickGraphNode, graphNodes, hasClass, moreNodes, open, panelNode } from './registry-helpers.js';

interface NeighboursBody {
  upstream: { name: string }[];
  downstream: { name: string; gate: string }[];
}

describeBrowser('commander UI: registry explorer', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let api: ReturnType<typeof apiClient>;
  let errors: string[];

  const neighbourhood = async (name: string): Promise<string[]> => {
    const nb = await api.call<NeighboursBody>('GET', `/nodes/${name}/neighbours`);
    return [...new Set([name, ...nb.upstream.map((n) => n.name), ...nb.downstream.map((n) => n.name)])].sort();
  };

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer({ demo: true });
    api = apiClient(server.baseUrl);
    ({ browser, page, errors } = await openSession('priya'));
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('search finds a node by an alias and opens it', async () => {
    await open(page, server.baseUrl, '#/registry');
    await expect.poll(() => page.locator('#registry-results a.rg-row').count()).toBeGreaterThan(20);
    // the list is compact: every row is one line
    const heights = await page.locator('#registry-results a.rg-row').evaluateAll((rows) => rows.slice(0, 20).map((r) => r.getBoundingClientRect().height));
    expect(Math.max(...heights)).toBeLessThan(34);
    await screenshot(page, 'reg-01-start');

    // "refund-svc" is what the traces call refund-agent
    await page.fill('#registry-search', 'refund-svc');
    const row = page.locator('#registry-results a.rg-row[data-name="refund-agent"]');
    await expect.poll(() => page.locator('#registry-results a.rg-row').count()).toBe(1);
    await row.waitFor();
    expect(await row.locator('.rg-alias').innerText()).toContain('refund-svc');
    await screenshot(page, 'reg-02-search-alias');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/registry\/refund-agent$/);
    await expect.poll(async () => (await panelNode(page)).name).toBe('refund-agent');
    await expect.poll(() => graphNodes(page)).toEqual(await neighbourhood('refund-agent'));

    // a typo in the search: no match, but the close names, and an exact count
    await page.fill('#registry-search', 'refnd-agent');
    await page.locator('#did-you-mean a', { hasText: 'refund-agent' }).waitFor();
    expect(await page.locator('#registry-count').innerText()).toBe('0 matches');
    await screenshot(page, 'reg-02b-did-you-mean');
    await page.fill('#registry-search', 'agent');
    const agents = (await api.call<{ nodes: unknown[] }>('GET', '/nodes?q=agent&limit=100000')).nodes.length;
    await expect.poll(() => page.locator('#registry-count').innerText()).toBe(`${agents.toLocaleString()} matches`);
  });

  it('starts collapsed: the node and its direct neighbours only, expands on click, collapses back', async () => {
    await open(page, server.baseUrl, '#/registry/policy-agent');
    const start = await neighbourhood('policy-agent');
    expect(await graphNodes(page)).toEqual(start);
    expect(await moreNodes(page)).toEqual([]);
    expect(await hasClass(page, 'policy-agent', 'expanded')).toBe(true);
    expect(await page.locator('#registry-shown').innerText()).toContain(`${start.length} nodes`);
    // producers on the left, consumers on the right
    const x = await page.evaluate(() => {
      const cy = window.__registryCy!;
      return Object.fromEntries(cy.nodes().map((n) => [n.id(), n.position('x')]));
    });
    expect(x['retrieval-agent']).toBeLessThan(x['policy-agent']);
    expect(x['email-drafter']).toBeGreaterThan(x['policy-agent']);
    // the graph fills the centre column and is not covered by the legend
    const box = await page.locator('#graph').boundingBox();
    expect(box!.width).toBeGreaterThan(700);
    expect(box!.height).toBeGreaterThan(650);
    await screenshot(page, 'reg-03-neighbourhood');

    // one hop more from retrieval-agent: its consumers appear, nothing else, and what was already
    // on the graph stays exactly where it was (no relayout under the reader's eyes)
    const positions = () => page.evaluate(() => Object.fromEntries(window.__registryCy!.nodes().map((n) => [n.id(), n.position()])));
    const before = await positions();
    await clickGraphNode(page, 'retrieval-agent');
    const after = [...new Set([...start, ...(await neighbourhood('retrieval-agent'))])].sort();
    await expect.poll(() => graphNodes(page)).toEqual(after);
    const moved = await positions();
    for (const [name, p] of Object.entries(before)) expect(moved[name], name).toEqual(p);
    // and the new ones overlap nothing
    const all = Object.entries(moved);
    for (const [a, pa] of all) for (const [b, pb] of all) if (a < b) expect(Math.abs(pa.x - pb.x) >= 100 || Math.abs(pa.y - pb.y) >= 40, `${a} on ${b}`).toBe(true);
    expect(after.length).toBeGreaterThan(start.length);
    expect(await hasClass(page, 'retrieval-agent', 'expanded')).toBe(true);
    await expect.poll(async () => (await panelNode(page)).name).toBe('retrieval-agent');
    await screenshot(page, 'reg-04-expanded');

    expect(await hasClass(page, 'policy-agent', 'source')).toBe(true);
    await page.click('#registry-reset');
    await expect.poll(() => graphNodes(page)).toEqual(start);
    expect(await hasClass(page, 'retrieval-agent', 'expanded')).toBe(false);
    expect(await hasClass(page, 'policy-agent', 'source')).toBe(true);
  });

  it('the details panel shows owner, contact, what it consumes and who consumes it, with gates', async () => {
    await open(page, server.baseUrl, '#/registry/brief-drafter');
    const doc = await api.call<NodeDocument>('GET', '/nodes/brief-drafter');
    const nb = await api.call<NeighboursBody>('GET', '/nodes/brief-drafter/neighbours');
    const panel = page.locator('#panel');
    await expect.poll(async () => (await panelNode(page)).name).toBe('brief-drafter');
    expect(await panel.locator('[data-field="owner"]').innerText()).toBe(doc.metadata.owner);
    expect(await panel.locator('[data-field="contact"]').innerText()).toBe(doc.metadata.contact);
    expect(await panel.locator('#consumes-list li').evaluateAll((li) => li.map((l) => (l as HTMLElement).dataset.name))).toEqual(
      // listed by name, as GET .../neighbours orders them (every producer the manifest names)
      doc.spec.consumes.map((c) => c.from).sort(),
    );
    const downstream = await panel.locator('#consumed-by-list li').evaluateAll((li) => li.map((l) => [(l as HTMLElement).dataset.name, (l as HTMLElement).dataset.gate]));
    expect(downstream).toEqual(nb.downstream.map((d) => [d.name, d.gate]));
    // the court filing sits behind a human review, and the panel says so
    expect(await panel.locator('#consumed-by-list li[data-name="court-filing"] .tag.gated').innerText()).toMatch(/human review/i);
    expect(await panel.locator('#what-if').isVisible()).toBe(true);
    await screenshot(page, 'reg-05-details-gates');
  });

  it('what-if from a node shows what the blast-radius API says, and opens an incident from it', async () => {
    await open(page, server.baseUrl, '#/registry/policy-agent');
    await page.click('#what-if');
    await page.waitForURL(/#\/what-if\/policy-agent$/);
    await page.waitForSelector('#count-consumers');
    const r = await api.call<BlastRadius>('GET', '/nodes/policy-agent/blast-radius');
    const num = async (id: string) => Number(await page.locator(`#${id}`).getAttribute('data-value'));
    expect(await num('count-consumers')).toBe(r.consumers.length);
    expect(r.consumers.length).toBe(23);
    expect(await num('count-surfaces')).toBe(r.consumers.filter((c) => c.kind === 'Surface' && c.exposure === 'direct').length);
    expect(await num('count-depth')).toBe(Math.max(...r.consumers.map((c) => c.depth)));
    const first = r.consumers.filter((c) => c.kind === 'Surface' && c.exposure === 'direct').sort((a, b) => (a.arrivalSeconds ?? 1e12) - (b.arrivalSeconds ?? 1e12) || a.depth - b.depth)[0];
    expect(await page.locator('#first-surface').getAttribute('data-value')).toBe(first.name);
    expect(await page.evaluate(() => window.__blastRadius!.cy!.nodes().length)).toBe(r.consumers.length + 1);
    await screenshot(page, 'reg-06-what-if');

    await page.click('#open-from-whatif');
    await page.waitForURL(/#\/new\?source=policy-agent$/);
    await expect.poll(() => page.locator('#source').inputValue()).toBe('policy-agent');
    await expect.poll(() => page.locator('.picker-chosen').innerText()).toContain('customer-care-ai');
    await screenshot(page, 'reg-07-incident-form-prefilled');
  });

  it('caps a big expansion: "+N more" instead of a hairball, and shows them all on demand', async () => {
    const surfaces = Array.from({ length: 45 }, (_, i) => ({
      apiVersion: 'blast-radius/v1',
      kind: 'Surface',
      metadata: { name: `hub-surface-${String(i).padStart(2, '0')}`, owner: 'web-team' },
      spec: { consumes: [{ from: 'hub-agent' }] },
    }));
    await api.call('POST', '/graph/apply', [{ apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'hub-agent', owner: 'ai-platform' } }, ...surfaces], 'priya');
    await open(page, server.baseUrl, '#/registry/hub-agent');
    expect((await graphNodes(page)).length).toBe(1 + 40);
    expect(await moreNodes(page)).toEqual([{ of: 'hub-agent', dir: 'down', count: 5 }]);
    expect(await page.locator('#registry-shown').innerText()).toMatch(/41 nodes shown\s*·\s*5 more not shown/);
    expect(await page.locator('#registry-show-all').isVisible()).toBe(true);
    expect(await page.locator('#show-all-down').innerText()).toMatch(/5 not on the graph/);
    await screenshot(page, 'reg-08-capped');
    await clickGraphNode(page, 'more:down:hub-agent');
    await expect.poll(async () => (await graphNodes(page)).length).toBe(46);
    expect(await moreNodes(page)).toEqual([]);
    // the layout wraps a tall column instead of one endless line of nodes
    const ys = await page.evaluate(() => window.__registryCy!.nodes().map((n) => n.position('y')));
    expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(1200);
    await screenshot(page, 'reg-09-all-shown');
  });

  it('revision history: a change shows up with what it changed, and the node reads as it was before', async () => {
    const before = await api.call<NodeDocument>('GET', '/nodes/policy-agent');
    const { current: oldRevision } = await api.call<{ current: number }>('GET', '/revisions');
    const changed = {
      ...before,
      metadata: { ...before.metadata, owner: 'customer-policy-platform', contact: 'policy-oncall@example.com' },
      spec: { ...before.spec, consumes: before.spec.consumes.filter((c) => c.from !== 'triage-agent') },
    };
    const applied = await api.call<{ revision: number; updated: number }>('POST', '/graph/apply', [changed], 'priya');
    expect(applied.updated).toBe(1);

    await open(page, server.baseUrl, '#/registry/policy-agent');
    const top = page.locator('#revisions li[data-revision]').first();
    expect(await top.getAttribute('data-revision')).toBe(String(applied.revision));
    const topText = await top.innerText();
    expect(topText).toContain('by priya');
    expect(topText).toMatch(/updated 1/i);
    expect(await top.locator('.rg-rev-names.updated a').allInnerTexts()).toEqual(['policy-agent']);
    expect(topText).toContain('changed policy-agent');
    // now: the new owner, and triage-agent is no longer a producer on the graph
    expect(await page.locator('#node-facts [data-field="owner"]').innerText()).toBe('customer-policy-platform');
    expect(await graphNodes(page)).not.toContain('triage-agent');
    await screenshot(page, 'reg-10-revision-list');

    // the revision before the change: the old owner, the old edge, and what changed since
    await page.locator(`#revisions li[data-revision="${oldRevision}"] .rg-rev-top`).click();
    await page.waitForURL(new RegExp(`#/registry/policy-agent\\?revision=${oldRevision}$`));
    await expect.poll(() => panelNode(page)).toEqual({ name: 'policy-agent', revision: String(oldRevision) });
    expect(await page.locator('#node-facts [data-field="owner"]').innerText()).toBe(before.metadata.owner);
    await expect.poll(() => graphNodes(page)).toContain('triage-agent');
    expect(await page.locator('#registry-historical').innerText()).toContain(`revision ${oldRevision}`);
    const since = page.locator('#since');
    await since.waitFor();
    expect(await since.locator('tr[data-field="owner"] td.then').innerText()).toBe(before.metadata.owner);
    expect(await since.locator('tr[data-field="owner"] td.now').innerText()).toBe('customer-policy-platform');
    expect(await since.locator('tr[data-field="consumes triage-agent"] td.now').innerText()).toBe('not consumed');
    await screenshot(page, 'reg-11-past-revision');

    // the what-if from the past view runs on the graph as it was
    await page.click('#what-if');
    await page.waitForURL(new RegExp(`#/what-if/policy-agent\\?revision=${oldRevision}$`));
    await page.waitForSelector('#count-consumers');
    const past = await api.call<BlastRadius>('GET', `/nodes/policy-agent/blast-radius?revision=${oldRevision}`);
    expect(Number(await page.locator('#count-consumers').getAttribute('data-value'))).toBe(past.consumers.length);
    expect(await page.locator('#whatif-title').innerText()).toContain(`at revision ${oldRevision}`);
    await page.click('#back-to-registry');
    await page.waitForURL(new RegExp(`#/registry/policy-agent\\?revision=${oldRevision}$`));

    // and back to now
    await page.click('#registry-historical a');
    await page.waitForURL(/#\/registry\/policy-agent$/);
    await expect.poll(() => panelNode(page)).toEqual({ name: 'policy-agent', revision: 'current' });
    expect(await page.locator('#registry-historical').isVisible()).toBe(false);

    // the registry's history agrees with the API
    const revs = await api.call<{ revisions: RevisionRecord[] }>('GET', '/revisions');
    expect(await page.locator('#revisions li[data-revision]').count()).toBe(revs.revisions.length);
  });

  it('an unknown node name says so, offers close names and never leaves a blank page', async () => {
    await open(page, server.baseUrl, '#/registry/polcy-agent');
    const msg = page.locator('#not-found');
    await msg.waitFor();
    expect(await msg.innerText()).toContain('No node named “polcy-agent”');
    expect(await msg.innerText()).toMatch(/search the registry/i);
    await page.locator('#registry-suggestions a', { hasText: 'policy-agent' }).waitFor();
    expect(await page.locator('#banners .banner').count()).toBe(0);
    await screenshot(page, 'reg-12-unknown-node');

    // a node deleted since: when, by whom, and a link to how it was
    const del = await api.call<{ revision: number }>('DELETE', '/nodes/hub-surface-44', undefined, 'priya');
    await open(page, server.baseUrl, '#/registry/hub-surface-44');
    const deleted = page.locator('#deleted-in');
    await deleted.waitFor();
    expect(await deleted.innerText()).toContain(`deleted in revision ${del.revision}`);
    expect(await deleted.innerText()).toContain('by priya');
    await screenshot(page, 'reg-12b-deleted-node');
    await deleted.locator('a').click();
    await page.waitForURL(new RegExp(`#/registry/hub-surface-44\\?revision=${del.revision - 1}$`));
    await expect.poll(() => panelNode(page)).toEqual({ name: 'hub-surface-44', revision: String(del.revision - 1) });
    expect(await page.locator('#since').innerText()).toMatch(/Deleted since/);
    await screenshot(page, 'reg-12c-deleted-node-before');

    await open(page, server.baseUrl, '#/what-if/polcy-agent');
    expect(await page.locator('#whatif-error').innerText()).toContain('No node named “polcy-agent”');
    await screenshot(page, 'reg-13-unknown-what-if');
  });

  it('a failed request shows a banner that says what failed and what to do', async () => {
    await open(page, server.baseUrl, '#/registry/policy-agent');
    await page.route('**/api/v1/nodes/email-drafter/neighbours*', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'The graph store is not reachable', details: [] } }) }),
    );
    const before = await graphNodes(page);
    await clickGraphNode(page, 'email-drafter');
    const banner = page.locator('#banners .banner');
    await banner.waitFor();
    const text = await banner.innerText();
    expect(text).toContain('Could not load the neighbours of email-drafter');
    expect(text).toContain('The graph store is not reachable');
    expect(text).toMatch(/try again/i);
    expect(await graphNodes(page)).toEqual(before);
    await screenshot(page, 'reg-14-failed-request');

    // once the server answers again, a click works and the banner goes
    await page.unroute('**/api/v1/nodes/email-drafter/neighbours*');
    await clickGraphNode(page, 'email-drafter');
    await expect.poll(async () => (await graphNodes(page)).length).toBeGreaterThan(before.length);
    await expect.poll(() => banner.count()).toBe(0);

    // a revision that does not exist: the server's message, in the page and in a banner
    await open(page, server.baseUrl, '#/registry/policy-agent?revision=999');
    await page.locator('#graph-message').waitFor();
    expect(await page.locator('#graph-message').innerText()).toContain('Revision 999 does not exist');
    expect(await page.locator('#banners .banner').innerText()).toMatch(/Pick a revision from the history/);
    expect(await page.locator('#registry-historical').isVisible()).toBe(false);
    await screenshot(page, 'reg-15-unknown-revision');
  });

  it('raised no page errors', () => {
    // the 404s, the 400 and the 503 above are on purpose: the browser logs every failed fetch
    const unexpected = errors.filter((e) => !/Failed to load resource: the server responded with a status of (400|404|503)/.test(e));
    expect(unexpected).toEqual([]);
  });
});
