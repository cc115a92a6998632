// Incident v2 decisions over HTTP (CONTRACT.md §3, §5): {decision, entry, summary} answers, stops
// that block from their effectiveAt (and its bounds), clear (a note to re-enable a stop), the
// source's own stop (full and partial), and bulk decisions: one atomic batch, or a 409 that lists
// every conflict and writes nothing. Run on each store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/server.js';
import type { ServerHarness } from './api-contract.js';
import { expectError, jsonClient } from './http.js';
import { applyV2Graph, byName, openV2Incident, ROWS, timesFrom } from './v2-fixture.js';

export function incidentDecisionsContract(name: string, harness: ServerHarness): void {
  describe(`incident decisions over HTTP: ${name}`, () => {
    let server: TestServer;
    const call = jsonClient(() => server.baseUrl);
    const times = timesFrom();
    const put = (id: string, who: string, body: object, actor = 'priya') =>
      call(`/api/v1/incidents/${id}/decisions/${who}`, { method: 'PUT', body: JSON.stringify(body), headers: { 'X-Actor': actor } });
    const bulk = (id: string, body: object) => call(`/api/v1/incidents/${id}/decisions`, { method: 'POST', body: JSON.stringify(body) });
    const consumer = async (id: string, who: string) => byName((await call(`/api/v1/incidents/${id}`)).body.consumers, who);
    const history = async (id: string) => (await call(`/api/v1/incidents/${id}/history`)).body.history;
    const open = async () => (await openV2Incident(call, times)).id;

    beforeAll(async () => {
      server = await harness.start();
      await applyV2Graph(call);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('answers {decision, entry, summary}, and a stale expectedVersion is a 409 naming who decided first', async () => {
      const id = await open();
      const res = await put(id, 'mailer', { action: 'notify', note: 'tell the mail team', expectedVersion: 0 }, 'sam');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['decision', 'entry', 'summary']);
      expect(res.body.decision).toMatchObject({ name: 'mailer', action: 'notify', note: 'tell the mail team', version: 1, by: 'sam' });
      expect(res.body.decision.effectiveAt).toBe(res.body.decision.at);
      expect(res.body.entry).toMatchObject({ seq: 1, name: 'mailer', action: 'notify', previousAction: null, version: 1, by: 'sam' });
      expect(res.body.summary).toMatchObject({ total: 17, notify: 1, undecided: 16, reached: 2 });
      const stale = await put(id, 'mailer', { action: 'stop', expectedVersion: 0 });
      expectError(stale, 409);
      expect(stale.body.error.message).toContain('sam');
      expect(stale.body.error.details.map((d: { path: string }) => d.path).join(' ')).toContain('mailer');
      expect(await history(id)).toHaveLength(1);
      expectError(await put(id, 'nobody', { action: 'stop' }), 404);
      expectError(await put('inc-nope', 'mailer', { action: 'stop' }), 404);
      expectError(await put(id, 'mailer', { action: 'pause' }), 400);
    });

    it('holds what a stop reached first, counting from its effectiveAt, not from when it was recorded', async () => {
      const id = await open();
      // paused 20 minutes after the output, recorded only now: mailer never had it (arrival T0+30m)
      const back = await put(id, 'mailer', { action: 'stop', note: 'paused at 00:20', effectiveAt: times.iso(20) });
      expect(back.status, JSON.stringify(back.body)).toBe(200);
      expect(back.body.entry.effectiveAt).toBe(times.iso(20));
      expect(Date.parse(back.body.entry.at)).toBeGreaterThan(Date.parse(times.iso(55)));
      expect(back.body.summary).toMatchObject({ held: 2, reached: 1, surfacesPending: 1 });
      expect(await consumer(id, 'mailer')).toMatchObject({ arrival: null, held: true, reached: false, exposed: false, lateStop: false, needsDecision: false });
      // what only mailer leads to is held with it
      expect(await consumer(id, 'inbox')).toMatchObject({ arrival: null, held: true, reached: false, exposed: false });

      // clearing a stop re-enables it: a note is required, and nothing is written without one
      const noNote = await put(id, 'mailer', { action: 'clear' });
      expect(expectError(noNote, 400)).toContain('body.note');
      expectError(await put(id, 'mailer', { action: 'clear', note: '   ' }), 400);
      expect(await history(id)).toHaveLength(1);
      const cleared = await put(id, 'mailer', { action: 'clear', note: 'tool fixed, safe to resume', expectedVersion: 1 });
      expect(cleared.status).toBe(200);
      expect(cleared.body.decision).toBeNull();
      expect(cleared.body.entry).toMatchObject({ action: 'clear', previousAction: 'stop', version: 2, note: 'tool fixed, safe to resume' });
      // a cleared stop protects nothing, not even in the past
      expect(await consumer(id, 'mailer')).toMatchObject({ arrival: times.arrival.mailer, reached: 'estimated', held: false, exposed: true, decision: null, version: 2, needsDecision: true });
      expect(await consumer(id, 'inbox')).toMatchObject({ arrival: times.arrival.inbox, held: false });

      // stopped after the output reached it: reached, shown as such, and what left it still arrives
      const late = await put(id, 'mailer', { action: 'stop', effectiveAt: times.iso(40), expectedVersion: 2 });
      expect(late.body.entry).toMatchObject({ version: 3, previousAction: null, effectiveAt: times.iso(40) });
      expect(await consumer(id, 'mailer')).toMatchObject({ arrival: times.arrival.mailer, reached: 'estimated', lateStop: true, exposed: false, held: false });
      expect(await consumer(id, 'inbox')).toMatchObject({ arrival: times.arrival.inbox, reached: false, held: false, exposed: false });
      expect((await history(id)).map((h: any) => [h.action, h.version])).toEqual([['stop', 1], ['clear', 2], ['stop', 3]]);

      // a clear of something that is not a stop needs no note; a clear of nothing is refused
      await put(id, 'banner', { action: 'notify' });
      expect((await put(id, 'banner', { action: 'clear' })).status).toBe(200);
      expectError(await put(id, 'banner', { action: 'clear' }), 400);
      expectError(await put(id, 'ledger', { action: 'clear', note: 'x' }), 400);
    });

    it('bounds effectiveAt: at most 5 minutes ahead of now, and an ISO time with a zone', async () => {
      const id = await open();
      const ahead = await put(id, 'ledger', { action: 'stop', effectiveAt: new Date(Date.now() + 10 * 60_000).toISOString() });
      expect(expectError(ahead, 400)).toContain('body.effectiveAt');
      expectError(await put(id, 'ledger', { action: 'stop', effectiveAt: 'soon' }), 400);
      expectError(await put(id, 'ledger', { action: 'stop', effectiveAt: '2026-11-24T03:00:00' }), 400);
      expect(await history(id)).toEqual([]);
      const skew = new Date(Date.now() + 2 * 60_000).toISOString();
      const ok = await put(id, 'ledger', { action: 'stop', effectiveAt: skew });
      expect(ok.status).toBe(200);
      expect(ok.body.entry.effectiveAt).toBe(skew);
      // ledger's arrival is an hour away: the stop holds it
      expect(await consumer(id, 'ledger')).toMatchObject({ held: true, arrival: null });
    });

    it('decides the source: stop or clear only; a partial stop pauses the classes it names', async () => {
      const id = await open();
      expect(expectError(await put(id, 'src', { action: 'notify' }), 400)).toContain('names.src');
      expectError(await put(id, 'src', { action: 'correct' }), 400);
      expectError(await put(id, 'src', { action: 'stop', actionClasses: ['teleportation'] }), 400);
      // only a stop names action classes, and only on an Agent that declares them
      expectError(await put(id, 'ledger', { action: 'notify', actionClasses: ['financial-write'] }), 400);
      expectError(await put(id, 'mailer', { action: 'stop', actionClasses: ['customer-communication'] }), 400);
      expect(await history(id)).toEqual([]);

      const partial = await put(id, 'src', { action: 'stop', actionClasses: ['financial-write'], note: 'ledger writes off' });
      expect(partial.status, JSON.stringify(partial.body)).toBe(200);
      expect(partial.body.decision).toMatchObject({ name: 'src', action: 'stop', actionClasses: ['financial-write'] });
      expect(partial.body.summary.source).toMatchObject({ name: 'src', action: 'stop', actionClasses: ['financial-write'] });
      // the source is no consumer: the counts leave it out
      expect(partial.body.summary).toMatchObject({ total: 17, stop: 0, undecided: 17 });
      const incident = (await call(`/api/v1/incidents/${id}`)).body;
      // future outputs no longer reach the ledger side; what left at T0 still travels there
      expect(byName(incident.consumers, 'ledger')).toMatchObject({ exposed: false, arrival: times.arrival.ledger, held: false });
      expect(byName(incident.consumers, 'statement')).toMatchObject({ exposed: false, arrival: times.arrival.statement });
      expect(byName(incident.consumers, 'mailer')).toMatchObject({ exposed: true });
      expect(incident.remainingExposure.map((e: any) => e.name).sort()).toEqual(['banner', 'inbox', 'mailer']);

      expectError(await put(id, 'src', { action: 'clear' }), 400);
      const cleared = await put(id, 'src', { action: 'clear', note: 'ledger fixed' });
      expect(cleared.body.summary.source).toBeNull();
      const full = await put(id, 'src', { action: 'stop', note: 'agent off' });
      expect(full.body.summary).toMatchObject({ exposed: 0, surfacesExposed: 0 });
      expect(full.body.summary.source).toMatchObject({ action: 'stop' });
      expect(full.body.summary.source).not.toHaveProperty('actionClasses');
      expect((await call(`/api/v1/incidents/${id}`)).body.remainingExposure).toEqual([]);
      const list = byName((await call('/api/v1/incidents')).body.incidents.map((i: any) => ({ ...i, name: i.id })), id);
      expect(list.progress).toMatchObject({ total: 17, stop: 0, undecided: 17 });
    });

    it('writes a bulk decision as one batch, and answers the entries and the summary', async () => {
      const id = await open();
      const res = await bulk(id, { names: ROWS.slice(0, 3), action: 'notify', note: 'finance to check rows' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.decisions.map((d: any) => [d.name, d.action, d.version, d.seq])).toEqual([
        ['row01', 'notify', 1, 1],
        ['row02', 'notify', 1, 2],
        ['row03', 'notify', 1, 3],
      ]);
      for (const d of res.body.decisions) expect(d).toMatchObject({ batch: 1, note: 'finance to check rows', by: 'priya' });
      expect(res.body.summary).toMatchObject({ notify: 3, undecided: 14 });
      expect(await history(id)).toEqual(res.body.decisions);
    });

    it('refuses a bulk decision with any stale version with one 409 listing every conflict, and writes nothing', async () => {
      const id = await open();
      await bulk(id, { names: ['row01', 'row02'], action: 'notify' });
      const before = await history(id);
      const res = await bulk(id, { names: ['row01', 'row02', 'row03', 'ledger'], action: 'stop', expectedVersions: { row01: 0, row02: 0, row03: 0, ledger: 0 } });
      expectError(res, 409);
      const paths: string[] = res.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).toHaveLength(2);
      expect(paths.some((p) => p.endsWith('row01'))).toBe(true);
      expect(paths.some((p) => p.endsWith('row02'))).toBe(true);
      expect(await history(id)).toEqual(before);
      expect(await consumer(id, 'ledger')).toMatchObject({ decision: null, version: 0, held: false });
      expect(await consumer(id, 'row03')).toMatchObject({ decision: null, version: 0 });
      const ok = await bulk(id, { names: ['row01', 'row02', 'ledger'], action: 'stop', expectedVersions: { row01: 1, row02: 1, ledger: 0 } });
      expect(ok.status).toBe(200);
      expect(ok.body.decisions.map((d: any) => [d.name, d.previousAction, d.version])).toEqual([
        ['row01', 'notify', 2],
        ['row02', 'notify', 2],
        ['ledger', null, 1],
      ]);
    });

    it('refuses a bulk decision naming strangers (404, each listed), a name twice or no names (400), writing nothing', async () => {
      const id = await open();
      const strangers = await bulk(id, { names: ['row01', 'ghost', 'phantom'], action: 'notify' });
      const paths = expectError(strangers, 404);
      expect(paths.join(' ')).toContain('ghost');
      expect(paths.join(' ')).toContain('phantom');
      expectError(await bulk(id, { names: ['row01', 'row01'], action: 'notify' }), 400);
      expectError(await bulk(id, { names: [], action: 'notify' }), 400);
      expectError(await bulk(id, { names: ['row01'], action: 'pause' }), 400);
      expectError(await bulk(id, { names: ['row01', 'src'], action: 'notify' }), 400);
      expectError(await bulk(id, { names: ['mailer'], action: 'clear' }), 400);
      expectError(await bulk('inc-nope', { names: ['row01'], action: 'notify' }), 404);
      expect(await history(id)).toEqual([]);
    });

    it('stops many at once from one effectiveAt, the source among them, and clears many with one note', async () => {
      const id = await open();
      const stop = await bulk(id, { names: ['src', 'mailer', 'ledger'], action: 'stop', effectiveAt: times.iso(20), note: 'all paused at 00:20' });
      expect(stop.status, JSON.stringify(stop.body)).toBe(200);
      for (const d of stop.body.decisions) expect(d).toMatchObject({ effectiveAt: times.iso(20), batch: 1 });
      // src stopped after its output left (T0) still relays it; mailer and ledger were stopped before it reached them
      expect(stop.body.summary).toMatchObject({ exposed: 0, reached: 1, source: expect.objectContaining({ action: 'stop' }) });
      expectError(await bulk(id, { names: ['mailer', 'ledger'], action: 'clear' }), 400);
      const clear = await bulk(id, { names: ['mailer', 'ledger'], action: 'clear', note: 'fixed' });
      expect(clear.body.decisions.map((d: any) => [d.name, d.action, d.previousAction, d.version])).toEqual([
        ['mailer', 'clear', 'stop', 2],
        ['ledger', 'clear', 'stop', 2],
      ]);
      expect(clear.body.summary).toMatchObject({ reached: 2, held: 0, stop: 0 });
    });
  });
}
