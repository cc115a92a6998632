// A 50,000-consumer incident in headless Chromium with the mandated flags (issue 12): timed from
// navigation to a usable page (header and the first consumers shown) and to a first `j`
// answered; the graph drawn in groups by depth and kind, expanding one in place; zoom and pan
// frames; the table filtered and sorted at that size; a reload keeping the tab and selection.
// Timings go to test-results/ui/huge-radius.json and the log; the 3 s target is reported, and a
// generous bound asserted so a busy machine does not turn a slow run into a false failure.
import type cytoscape from 'cytoscape';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IncidentHeader } from '../../graph-schema/index.js';
import { assertWebBuilt, collectPageErrors, CHROMIUM_ARGS, describeBrowser, launchBrowser, screenshot, SCREENSHOTS } from '../support/browser.js';
import { largeRadiusGraph, type LargeRadiusGraph } from '../support/large-graph.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { apiClient, selectedName } from './helpers.js';

const CONSUMERS = 50_000;
const VIEWPORT = { width: 1440, height: 900 };
const TARGET_MS = 3000;
const BOUND_MS = 12_000;
const benign = (e: string): boolean => !/events|ERR_ABORTED|GL Driver Message/.test(e);

describeBrowser('commander UI: a 50,000-consumer incident', () => {
  let server: TestServer;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;
  let graph: LargeRadiusGraph;
  let id: string;
  let head: IncidentHeader;
  const report: Record<string, unknown> = {};

  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer();
    api = apiClient(server.baseUrl);
    graph = largeRadiusGraph(CONSUMERS);
    await api.call('POST', '/graph/apply', graph.docs);
    id = (await api.call<{ id: string }>('POST', '/incidents', { title: 'Shared retrieval agent poisoned', source: graph.source, failureMode: 'hallucination' })).id;
    head = await api.call<IncidentHeader>('GET', `/incidents/${id}?consumers=false`);
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    const out = { what: '50,000-consumer incident, headless Chromium', chromiumArgs: CHROMIUM_ARGS, viewport: VIEWPORT, targetMs: TARGET_MS, measuredAt: new Date().toISOString(), ...report };
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    fs.writeFileSync(path.join(SCREENSHOTS, 'huge-radius.json'), `${JSON.stringify(out, null, 2)}\n`);
    console.log(`[huge-radius] ${JSON.stringify(report)}`);
    await browser?.close();
    await server?.close();
  });

  async function frames(page: Page, act: () => Promise<void>): Promise<{ medianMs: number; maxMs: number; frames: number }> {
    await page.evaluate(() => {
      const w = window as unknown as { __f: number[]; __on: boolean };
      w.__f = [];
      w.__on = true;
      let last = performance.now();
      const tick = (t: number): void => {
        w.__f.push(t - last);
        last = t;
        if (w.__on) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await act();
    await page.waitForTimeout(500);
    const list = await page.evaluate(() => {
      const w = window as unknown as { __f: number[]; __on: boolean };
      w.__on = false;
      return w.__f.slice(1);
    });
    const s = [...list].sort((a, b) => a - b);
    return { frames: s.length, medianMs: Math.round(s[Math.floor(s.length / 2)] ?? 0), maxMs: Math.round(s[s.length - 1] ?? 0) };
  }

  it('is usable within seconds: header first, consumers by page, the graph in groups; a first j answered', { timeout: 240_000 }, async () => {
    const ctx = await browser.newContext({ viewport: VIEWPORT });
    await ctx.addInitScript(() => localStorage.setItem('blast-radius.actor', 'sam'));
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.baseUrl}/#/incidents/${id}`);
    const usableMs = (await (await page.waitForFunction(() => document.body.dataset.ready === 'true' && !!document.querySelector('#count-todo') && performance.now(), undefined, { timeout: 120_000 })).jsonValue()) as number;
    await page.keyboard.press('j');
    const firstJMs = (await (await page.waitForFunction(() => !!document.querySelector('#panel .panel-body[data-name]') && performance.now(), undefined, { timeout: 60_000 })).jsonValue()) as number;
    const timings = await page.evaluate(() => window.__blastRadius!.timings);
    Object.assign(report, { usableMs: Math.round(usableMs), firstJMs: Math.round(firstJMs), withinTarget: firstJMs < TARGET_MS, page: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])) });
    await screenshot(page, 'huge-01-usable');
    expect(firstJMs).toBeLessThan(BOUND_MS);
    // the header is the server's summary; the first j is the earliest arrival needing a decision
    expect(Number(await page.locator('#count-consumers').getAttribute('data-value'))).toBe(CONSUMERS);
    expect(Number(await page.locator('#count-todo').getAttribute('data-value'))).toBe(head.summary.needsDecision);
    const first = (await api.call<{ consumers: { name: string }[] }>('GET', `/incidents/${id}/consumers?needsDecision=true&sort=arrival&limit=1`)).consumers[0].name;
    expect(await selectedName(page)).toBe(first);

    // the graph: groups by depth and kind, a few dozen nodes, counts in their labels
    await page.waitForFunction(() => window.__blastRadius?.graphMode === 'groups' && !!window.__blastRadius.cy);
    await page.waitForFunction((n) => document.querySelector('#count-decided')?.getAttribute('title') === null || n > 0, 1);
    const g = await page.evaluate(() => {
      const cy = window.__blastRadius!.cy!;
      return { nodes: cy.nodes().length, labels: cy.nodes('.agg').map((n) => n.data('label') as string) };
    });
    expect(g.nodes).toBeLessThan(40);
    expect(g.labels.some((l) => /at depth 1\n[\d,]+ · ● [\d,]+ reached · \? [\d,]+ to decide/.test(l)), JSON.stringify(g.labels)).toBe(true);
    // zoom and pan stay smooth
    const box = (await page.locator('#graph').boundingBox())!;
    const pan = await frames(page, async () => {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      for (let k = 1; k <= 30; k++) await page.mouse.move(box.x + box.width / 2 - k * 6, box.y + box.height / 2 - k * 2);
      await page.mouse.up();
    });
    const zoom = await frames(page, async () => {
      for (let k = 0; k < 6; k++) await page.mouse.wheel(0, -120);
    });
    Object.assign(report, { panFrames: pan, zoomFrames: zoom });
    expect(zoom.maxMs).toBeLessThan(500);

    // a group expands in place: its members appear where it was, nothing else moves
    await page.keyboard.press('f');
    const expandable = await page.evaluate(() => {
      const cy = window.__blastRadius!.cy!;
      const n = cy.nodes('.agg').filter((x) => Number((x.data('label') as string).split('\n')[1].split(' ')[0].replace(/,/g, '')) <= 400)[0];
      return n ? n.id() : null;
    });
    expect(expandable).not.toBeNull();
    const before = await page.evaluate((skip) => Object.fromEntries(window.__blastRadius!.cy!.nodes().filter((n) => n.id() !== skip).map((n) => [n.id(), (n as cytoscape.NodeSingular).position()])), expandable!);
    await page.evaluate((gid) => window.__blastRadius!.cy!.getElementById(gid).emit('tap'), expandable!);
    await page.waitForFunction((gid) => window.__blastRadius!.cy!.getElementById(gid).empty(), expandable!);
    const after = await page.evaluate(() => Object.fromEntries(window.__blastRadius!.cy!.nodes().map((n) => [n.id(), n.position()])));
    for (const [n, p] of Object.entries(before)) expect(after[n], n).toEqual(p);
    expect(Object.keys(after).length).toBeGreaterThan(Object.keys(before).length);
    await screenshot(page, 'huge-02-group-expanded');
    expect(errors.filter(benign)).toEqual([]);
    await ctx.close();
  });

  it('filters and sorts the table at 50,000 rows, and a reload keeps the tab and the selection', { timeout: 240_000 }, async () => {
    const ctx = await browser.newContext({ viewport: VIEWPORT });
    await ctx.addInitScript(() => localStorage.setItem('blast-radius.actor', 'sam'));
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.baseUrl}/#/incidents/${id}?tab=table`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
    // every page read: the table counts all of them
    await expect.poll(() => page.locator('#table-count').innerText(), { timeout: 120_000 }).toMatch(/^50,000 consumers shown/);
    const timed = async (act: () => Promise<void>, until: () => Promise<boolean>): Promise<number> => {
      const t = Date.now();
      await act();
      await expect.poll(until, { timeout: 30_000, interval: 20 }).toBe(true);
      return Date.now() - t;
    };
    const surfaces = graph.layers.flat().filter((n) => n.startsWith('surface-')).length;
    const filterMs = await timed(
      async () => {
        await page.locator('#filters input[data-kind="Agent"]').uncheck();
        await page.locator('#filters input[data-kind="System"]').uncheck();
      },
      async () => (await page.locator('#table-count').innerText()).startsWith(`${surfaces.toLocaleString('en-US')} consumers shown`),
    );
    const textMs = await timed(
      () => page.fill('#filter-q', 'surface-5-01'),
      async () => (await page.locator('#consumer-table .vt-row').first().getAttribute('data-name'))?.startsWith('surface-5-01') ?? false,
    );
    await page.fill('#filter-q', '');
    await expect.poll(() => page.locator('#table-count').innerText()).toMatch(new RegExp(`^${surfaces.toLocaleString('en-US')} consumers`));
    const sortMs = await timed(
      () => page.locator('#consumer-table .vt-sort[data-key="name"]').click(),
      async () => (await page.locator('#consumer-table .vt-row').first().getAttribute('data-name')) === graph.layers.flat().filter((n) => n.startsWith('surface-')).sort()[0],
    );
    const stateSortMs = await timed(
      () => page.locator('#consumer-table .vt-sort[data-key="state"]').click(),
      async () => (await page.locator('#consumer-table .vt-th[data-key="state"]').getAttribute('aria-sort')) === 'ascending',
    );
    Object.assign(report, { tableFilterMs: filterMs, tableTextFilterMs: textMs, tableSortByNameMs: sortMs, tableSortByStateMs: stateSortMs });
    expect(Math.max(filterMs, textMs, sortMs, stateSortMs)).toBeLessThan(5000);
    await screenshot(page, 'huge-03-table-filtered');

    // choose a row, reload: same tab, same filters, same consumer
    await page.locator('#consumer-table .vt-row').nth(3).click();
    const chosen = await selectedName(page);
    await page.reload();
    await page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
    await expect.poll(() => selectedName(page), { timeout: 60_000 }).toBe(chosen);
    expect(await page.locator('.tab.active').getAttribute('data-view')).toBe('table');
    expect(await page.locator('#filters input[data-kind="Agent"]').isChecked()).toBe(false);
    expect(errors.filter(benign)).toEqual([]);
    await ctx.close();
  });
});
