// Incident v2 reads over HTTP (CONTRACT.md §3 v2 paths, §5): opening in time, the header alone
// (?consumers=false), ?asOf, the consumer pages with their filters and sorts, the edge pages.
// Run on each store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/server.js';
import type { ServerHarness } from './api-contract.js';
import { expectError, jsonClient } from './http.js';
import { applyV2Graph, byName, openV2Incident, ROWS, timesFrom, V2_EDGES } from './v2-fixture.js';

export function incidentReadsContract(name: string, harness: ServerHarness): void {
  describe(`incident reads in time over HTTP: ${name}`, () => {
    let server: TestServer;
    const call = jsonClient(() => server.baseUrl);
    const times = timesFrom();
    let id: string;
    let opened: any;
    /** Every page of GET .../consumers with `query`, followed by nextCursor. */
    const allPages = async (query: string, limit: number) => {
      const pages: any[] = [];
      let cursor: string | null = null;
      do {
        const res = await call(`/api/v1/incidents/${id}/consumers?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        pages.push(res.body);
        cursor = res.body.nextCursor;
      } while (cursor !== null && pages.length < 50);
      return pages;
    };
    const names = (body: { consumers: { name: string }[] }) => body.consumers.map((c) => c.name);

    beforeAll(async () => {
      server = await harness.start();
      await applyV2Graph(call);
      ({ id, opened } = await openV2Incident(call, times));
      opened = opened.body;
    });
    afterAll(async () => {
      await server?.close();
    });

    it('opens in time: outputAt kept, the radius read and never copied, the consumers with their arrivals', () => {
      expect(opened).toMatchObject({ source: 'src', sourceKind: 'Agent', outputAt: times.outputAt, detectedAt: times.detectedAt, actionClasses: null, status: 'open', lastSeq: 0 });
      expect(opened.size).toEqual({ consumers: 17, surfaces: 3, edges: 17 });
      expect(opened.sourceActionClasses).toEqual(['customer-communication', 'financial-write']);
      for (const gone of ['blastRadius', 'edges']) expect(opened).not.toHaveProperty(gone);
      expect(opened.consumers).toHaveLength(17);
      expect(byName(opened.consumers, 'mailer')).toMatchObject({ arrival: times.arrival.mailer, reached: 'estimated', held: false, exposed: true, needsDecision: true, lateStop: false, version: 0, decision: null, arrivalSeconds: 1800 });
      expect(byName(opened.consumers, 'inbox')).toMatchObject({ arrival: times.arrival.inbox, reached: false, held: false, exposed: true, needsDecision: true, audience: 'customer' });
      expect(byName(opened.consumers, 'statement')).toMatchObject({ arrival: times.arrival.statement, reached: false, exposure: 'gated', audience: 'counterparty' });
      expect(opened.summary).toMatchObject({
        total: 17,
        undecided: 17,
        reached: 2,
        observed: 0,
        held: 0,
        exposed: 17,
        needsDecision: 17,
        surfacesExposed: 3,
        surfacesReached: 1,
        surfacesPending: 2,
        firstSurfaceArrival: times.arrival.banner,
        nextSurfaceArrival: times.arrival.inbox,
        source: null,
      });
      expect(opened.progress).toEqual({ total: 17, stop: 0, correct: 0, notify: 0, undecided: 17, surfacesExposed: 3 });
      expect(opened.remainingExposure).toHaveLength(17);
      expect(Math.abs(Date.parse(opened.asOf) - Date.now())).toBeLessThan(60_000);
    });

    it('defaults outputAt to detectedAt, refuses an outputAt after detectedAt, and narrows the radius to broken action classes', async () => {
      const plain = await call('/api/v1/incidents', { method: 'POST', body: JSON.stringify({ title: 't', source: 'src', failureMode: 'hallucination', detectedAt: times.detectedAt }) });
      expect(plain.status).toBe(201);
      expect(plain.body.outputAt).toBe(times.detectedAt);
      // arrival counts from outputAt: mailer is reached 30 minutes after detection, not after T0
      expect(byName(plain.body.consumers, 'mailer').arrival).toBe(times.iso(40));

      const before = (await call('/api/v1/incidents')).body.incidents.length;
      const late = await call('/api/v1/incidents', { method: 'POST', body: JSON.stringify({ title: 't', source: 'src', failureMode: 'hallucination', detectedAt: times.iso(10), outputAt: times.iso(11) }) });
      expect(expectError(late, 400)).toContain('body.outputAt');
      expectError(await call('/api/v1/incidents', { method: 'POST', body: JSON.stringify({ title: 't', source: 'src', failureMode: 'hallucination', outputAt: 'noon' }) }), 400);
      expectError(await call('/api/v1/incidents', { method: 'POST', body: JSON.stringify({ title: 't', source: 'src', failureMode: 'hallucination', actionClasses: ['teleportation'] }) }), 400);
      expect((await call('/api/v1/incidents')).body.incidents.length).toBe(before);

      const partial = await call('/api/v1/incidents', { method: 'POST', body: JSON.stringify({ title: 't', source: 'src', failureMode: 'hallucination', actionClasses: ['customer-communication'] }) });
      expect(partial.status).toBe(201);
      expect(partial.body.actionClasses).toEqual(['customer-communication']);
      // the ledger edge carries only financial-write: it never carries this output
      expect(names(partial.body)).toEqual(['banner', 'mailer', 'inbox']);
      expect(partial.body.size).toEqual({ consumers: 3, surfaces: 2, edges: 3 });
    });

    it('lists incidents as summaries that read no radius', async () => {
      const list = (await call('/api/v1/incidents')).body.incidents;
      const mine = byName(list.map((i: any) => ({ ...i, name: i.id })), id);
      expect(mine).toMatchObject({ id, source: 'src', outputAt: times.outputAt, size: { consumers: 17, surfaces: 3, edges: 17 }, lastSeq: 0 });
      expect(mine.progress).toEqual({ total: 17, stop: 0, correct: 0, notify: 0, undecided: 17 });
      for (const gone of ['consumers', 'blastRadius', 'summary', 'remainingExposure']) expect(mine).not.toHaveProperty(gone);
    });

    it('answers the header alone with consumers=false, and never the edges', async () => {
      const header = await call(`/api/v1/incidents/${id}?consumers=false`);
      expect(header.status).toBe(200);
      for (const gone of ['consumers', 'remainingExposure', 'edges', 'blastRadius']) expect(header.body).not.toHaveProperty(gone);
      expect(header.body).toMatchObject({ id, outputAt: times.outputAt, detectedAt: times.detectedAt, lastSeq: 0, size: opened.size, sourceActionClasses: opened.sourceActionClasses });
      expect(header.body.summary).toMatchObject({ total: 17, reached: 2, surfacesPending: 2 });
      expect(header.body.clocks).toEqual(expect.any(Array));
      expect(header.body.statusHistory).toEqual([]);
      const whole = await call(`/api/v1/incidents/${id}`);
      expect(whole.body).not.toHaveProperty('edges');
      expect(whole.body.consumers).toHaveLength(17);
      expectError(await call(`/api/v1/incidents/${id}?consumers=maybe`), 400);
      expectError(await call('/api/v1/incidents/inc-nope?consumers=false'), 404);
    });

    it('reads the incident as it stood at asOf', async () => {
      const early = await call(`/api/v1/incidents/${id}?consumers=false&asOf=${encodeURIComponent(times.iso(5))}`);
      expect(early.body.asOf).toBe(times.iso(5));
      expect(early.body.summary).toMatchObject({ reached: 1, surfacesReached: 1, nextSurfaceArrival: times.arrival.inbox });
      const later = await call(`/api/v1/incidents/${id}?asOf=${encodeURIComponent(times.iso(45))}`);
      expect(later.body.summary.reached).toBe(2);
      expect(byName(later.body.consumers, 'mailer').reached).toBe('estimated');
      const future = await call(`/api/v1/incidents/${id}?consumers=false&asOf=${encodeURIComponent(times.iso(24 * 60))}`);
      expect(future.body.summary).toMatchObject({ reached: 17, surfacesReached: 3, surfacesPending: 0, nextSurfaceArrival: null });
      expectError(await call(`/api/v1/incidents/${id}?asOf=yesterday`), 400);
      expectError(await call(`/api/v1/incidents/${id}/consumers?asOf=1`), 400);
    });

    it('pages consumers by arrival by default, earliest first, never-arriving last, ties by depth then name', async () => {
      const page = await call(`/api/v1/incidents/${id}/consumers`);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(17);
      expect(page.body.nextCursor).toBeNull();
      expect(names(page.body)).toEqual(['banner', 'mailer', 'ledger', ...ROWS, 'inbox', 'statement']);
      expect(page.body.consumers[0]).toMatchObject({ name: 'banner', arrival: times.arrival.banner, reached: 'estimated', version: 0 });
      const byDepth = await call(`/api/v1/incidents/${id}/consumers?sort=depth`);
      expect(names(byDepth.body)).toEqual(['banner', 'ledger', 'mailer', 'inbox', ...ROWS, 'statement']);
      const byNameSort = await call(`/api/v1/incidents/${id}/consumers?sort=name`);
      expect(names(byNameSort.body)).toEqual(['banner', 'inbox', 'ledger', 'mailer', ...ROWS, 'statement']);
    });

    it('follows nextCursor through every page, each consumer once, in the same order', async () => {
      const pages = await allPages('sort=arrival', 5);
      expect(pages.map((p) => p.consumers.length)).toEqual([5, 5, 5, 2]);
      for (const p of pages) expect(p.total).toBe(17);
      expect(pages.flatMap(names)).toEqual(['banner', 'mailer', 'ledger', ...ROWS, 'inbox', 'statement']);
      const systems = await allPages('kind=System&sort=name', 5);
      expect(systems.flatMap(names)).toEqual(['ledger', ...ROWS]);
      expect(systems.map((p) => p.total)).toEqual([13, 13, 13]);
    });

    it('filters by reached, exposed, kind, decided, needsDecision, held and q', async () => {
      const q = async (query: string) => {
        const res = await call(`/api/v1/incidents/${id}/consumers?${query}`);
        expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
        expect(res.body.total, query).toBe(res.body.consumers.length);
        return names(res.body);
      };
      expect(await q('reached=true')).toEqual(['banner', 'mailer']);
      expect(await q('reached=estimated')).toEqual(['banner', 'mailer']);
      expect(await q('reached=observed')).toEqual([]);
      expect(await q('reached=false&kind=Surface')).toEqual(['inbox', 'statement']);
      expect(await q('kind=Agent')).toEqual(['mailer']);
      expect(await q('exposed=false')).toEqual([]);
      expect(await q('held=true')).toEqual([]);
      expect(await q('q=ROW 1&sort=name')).toEqual(['row01', 'row10', 'row11', 'row12']);
      expect(await q('q=team-mail')).toEqual(['mailer']);

      // one decision changes decided, needsDecision and (a stop held before arrival) held
      const stop = await call(`/api/v1/incidents/${id}/decisions/ledger`, { method: 'PUT', body: JSON.stringify({ action: 'stop', note: 'db writes paused' }) });
      expect(stop.status, JSON.stringify(stop.body)).toBe(200);
      await call(`/api/v1/incidents/${id}/decisions/banner`, { method: 'PUT', body: JSON.stringify({ action: 'notify' }) });
      expect(await q('decided=stop')).toEqual(['ledger']);
      expect(await q('decided=notify')).toEqual(['banner']);
      expect(await q('decided=true&sort=name')).toEqual(['banner', 'ledger']);
      expect((await q('decided=false')).length).toBe(15);
      // ledger was stopped before the output got there: it, the rows and the statement are held
      expect(await q('held=true&sort=name')).toEqual(['ledger', ...ROWS, 'statement']);
      expect(await q('exposed=false&sort=name')).toEqual(['ledger', ...ROWS, 'statement']);
      expect(await q('needsDecision=true&sort=name')).toEqual(['inbox', 'mailer']);
      // arrival order puts the held ones last
      expect((await q('sort=arrival')).slice(-14)).toEqual(['ledger', ...ROWS, 'statement']);
    });

    it('refuses bad paging and filters with 400, and an unknown incident with 404', async () => {
      for (const query of ['limit=0', 'limit=5001', 'limit=ten', 'cursor=not-a-cursor', 'sort=random', 'reached=maybe', 'kind=Robot', 'decided=pause', 'exposed=1']) {
        expectError(await call(`/api/v1/incidents/${id}/consumers?${query}`), 400);
      }
      expectError(await call('/api/v1/incidents/inc-nope/consumers'), 404);
    });

    it('pages the radius edges with their fields', async () => {
      const edges: any[] = [];
      let cursor: string | null = null;
      const sizes: number[] = [];
      do {
        const res = await call(`/api/v1/incidents/${id}/edges?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(17);
        sizes.push(res.body.edges.length);
        edges.push(...res.body.edges);
        cursor = res.body.nextCursor;
      } while (cursor !== null && sizes.length < 10);
      expect(sizes).toEqual([5, 5, 5, 2]);
      expect(edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual([...V2_EDGES].sort());
      const mail = edges.find((e) => e.from === 'src' && e.to === 'mailer');
      expect(mail).toEqual({ from: 'src', to: 'mailer', gate: 'none', channel: 'api', mode: 'async', delaySeconds: 1800, actionClasses: ['customer-communication'] });
      expect(edges.find((e) => e.to === 'statement')).toMatchObject({ from: 'ledger', gate: 'human-review', delaySeconds: 3600 });
      const all = await call(`/api/v1/incidents/${id}/edges`);
      expect(all.body.edges).toHaveLength(17);
      expect(all.body.nextCursor).toBeNull();
      expectError(await call(`/api/v1/incidents/${id}/edges?cursor=zzz`), 400);
      expectError(await call(`/api/v1/incidents/${id}/edges?limit=0`), 400);
      expectError(await call('/api/v1/incidents/inc-nope/edges'), 404);
    });

    it('keeps the incident in time across a restart', async () => {
      const before = await call(`/api/v1/incidents/${id}?asOf=${encodeURIComponent(times.iso(45))}`);
      await server.close();
      server = await harness.start({ dataDir: server.dataDir });
      const after = await call(`/api/v1/incidents/${id}?asOf=${encodeURIComponent(times.iso(45))}`);
      expect(after.body).toEqual(before.body);
    });
  });
}
