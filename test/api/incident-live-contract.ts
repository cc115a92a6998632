// Incident v2 over HTTP, the parts that move (CONTRACT.md §3, §6, §7, §9): the containment plan in
// time and its apply, live events with ids that resume with Last-Event-ID without loss (read as a
// raw stream), communications, and the audit chain. Run on each store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/server.js';
import type { ServerHarness } from './api-contract.js';
import { expectError, jsonClient, openEventStream, type SseEvent } from './http.js';
import { applyV2Graph, byName, openV2Incident, ROWS, timesFrom } from './v2-fixture.js';

export function incidentLiveContract(name: string, harness: ServerHarness): void {
  describe(`incident containment, events and record over HTTP: ${name}`, () => {
    let server: TestServer;
    const call = jsonClient(() => server.baseUrl);
    const times = timesFrom();
    const put = (id: string, who: string, body: object) => call(`/api/v1/incidents/${id}/decisions/${who}`, { method: 'PUT', body: JSON.stringify(body) });
    const open = async () => (await openV2Incident(call, times)).id;

    beforeAll(async () => {
      server = await harness.start();
      await applyV2Graph(call);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('plans containment in time: the source first, then the fewest stops not yet reached, what no stop can save, who to notify', async () => {
      const id = await open();
      const plan = await call(`/api/v1/incidents/${id}/containment`);
      expect(plan.status).toBe(200);
      expect(plan.body.source).toMatchObject({
        name: 'src',
        kind: 'Agent',
        action: 'stop',
        actionClasses: null,
        primitives: [{ actionClass: 'customer-communication', primitive: 'feature flag email.enabled=false', runbook: 'https://runbooks.example.com/email' }],
        missingPrimitives: ['financial-write'],
        done: false,
      });
      // mailer already has the output and feeds inbox: no stop can save inbox; stopping ledger saves statement
      expect(plan.body.stops.map((s: any) => [s.name, s.kind, s.protects])).toEqual([['ledger', 'System', ['statement']]]);
      expect(plan.body).toMatchObject({ pendingSurfaces: ['inbox', 'statement'], unprotectable: ['inbox'], toNotify: ['banner'], feasible: false });

      // as it stood before mailer was reached, stopping mailer would have saved inbox too
      const early = await call(`/api/v1/incidents/${id}/containment?asOf=${encodeURIComponent(times.iso(15))}`);
      expect(early.body.asOf).toBe(times.iso(15));
      expect(early.body.stops.map((s: any) => [s.name, s.protects])).toEqual([
        ['ledger', ['statement']],
        ['mailer', ['inbox']],
      ]);
      expect(early.body).toMatchObject({ unprotectable: [], toNotify: ['banner'], feasible: true });
      expectError(await call(`/api/v1/incidents/${id}/containment?asOf=later`), 400);
      expectError(await call('/api/v1/incidents/inc-nope/containment'), 404);
    });

    it('narrows the source step to the broken action classes, and the step ends exposure', async () => {
      // every out-edge of dispatch carries a class: pausing the broken one is enough
      const { id } = await openV2Incident(call, times, { source: 'dispatch', actionClasses: ['customer-communication'] });
      const plan = (await call(`/api/v1/incidents/${id}/containment`)).body;
      expect(plan.source).toMatchObject({ name: 'dispatch', actionClasses: ['customer-communication'], missingPrimitives: [], done: false });
      expect(plan.source.primitives).toEqual([{ actionClass: 'customer-communication', primitive: 'queue dispatch.email paused' }]);
      const paused = await put(id, 'dispatch', { action: 'stop', actionClasses: ['customer-communication'] });
      expect(paused.body.summary.exposed).toBe(0);
      expect((await call(`/api/v1/incidents/${id}/containment`)).body.source.done).toBe(true);

      // src's banner edge is unclassified, which only a full stop blocks: whatever the step says, doing it must end exposure (§6)
      const other = (await openV2Incident(call, times, { actionClasses: ['customer-communication'] })).id;
      const step = (await call(`/api/v1/incidents/${other}/containment`)).body.source;
      const done = await put(other, 'src', { action: 'stop', ...(step.actionClasses ? { actionClasses: step.actionClasses } : {}) });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(done.body.summary.exposed).toBe(0);
      expect((await call(`/api/v1/incidents/${other}/containment`)).body.source.done).toBe(true);
    });

    it('applies the plan as one bulk decision, and the stops hold what had not arrived', async () => {
      const id = await open();
      const applied = await call(`/api/v1/incidents/${id}/containment/apply`, { method: 'POST', body: JSON.stringify({ note: 'plan of 01:00' }) });
      expect(applied.status, JSON.stringify(applied.body)).toBe(200);
      expect(applied.body.applied.map((d: any) => [d.name, d.action, d.version, d.note])).toEqual([['ledger', 'stop', 1, 'plan of 01:00']]);
      expect(applied.body.plan.stops.map((s: any) => s.name)).toEqual(['ledger']);
      expect(applied.body.summary).toMatchObject({ held: 14, surfacesPending: 1, source: null });
      const incident = (await call(`/api/v1/incidents/${id}`)).body;
      expect(byName(incident.consumers, 'statement')).toMatchObject({ held: true, arrival: null });
      expect(byName(incident.consumers, 'inbox')).toMatchObject({ held: false, arrival: times.arrival.inbox });
      // applying again finds nothing left to stop
      const again = (await call(`/api/v1/incidents/${id}/containment/apply`, { method: 'POST', body: '{}' })).body;
      expect(again.applied).toEqual([]);
      expect(again.plan).toMatchObject({ stops: [], pendingSurfaces: ['inbox'], unprotectable: ['inbox'] });
    });

    it('applies the source stop and the stops together, as one batch, when includeSource is asked', async () => {
      const id = await open();
      const applied = await call(`/api/v1/incidents/${id}/containment/apply`, { method: 'POST', body: JSON.stringify({ includeSource: true }) });
      expect(applied.status, JSON.stringify(applied.body)).toBe(200);
      expect(applied.body.applied.map((d: any) => [d.name, d.action])).toEqual([
        ['src', 'stop'],
        ['ledger', 'stop'],
      ]);
      expect(applied.body.summary).toMatchObject({ exposed: 0, source: expect.objectContaining({ name: 'src', action: 'stop' }) });
      // §6: "Applying the plan writes the source stop (when asked) and the stops as one bulk decision"
      for (const d of applied.body.applied) expect(d.batch, `${d.name} in the batch of seq ${applied.body.applied[0].seq}`).toBe(applied.body.applied[0].seq);
    });

    it('refuses an apply body it does not know, writing nothing', async () => {
      const id = await open();
      expectError(await call(`/api/v1/incidents/${id}/containment/apply`, { method: 'POST', body: JSON.stringify({ includeSource: 'yes' }) }), 400);
      expectError(await call(`/api/v1/incidents/${id}/containment/apply`, { method: 'POST', body: JSON.stringify({ everything: true }) }), 400);
      expectError(await call('/api/v1/incidents/inc-nope/containment/apply', { method: 'POST', body: '{}' }), 404);
      expect((await call(`/api/v1/incidents/${id}/history`)).body.history).toEqual([]);
    });

    it('streams every log entry with its seq as id, and resumes from Last-Event-ID without loss or repeat', async () => {
      const id = await open();
      const url = `${server.baseUrl}/api/v1/incidents/${id}/events`;
      const first = await openEventStream(url);
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toMatch(/^text\/event-stream/);
      await first.until((es) => es.some((e) => e.event === 'ready'));
      expect(first.events[0]).toMatchObject({ event: 'ready', data: { incident: id, lastSeq: 0 } });

      await put(id, 'mailer', { action: 'notify' });
      await put(id, 'banner', { action: 'notify' });
      const seen = await first.until((es) => es.filter((e) => e.event === 'decision').length >= 2);
      const decisions = seen.filter((e) => e.event === 'decision');
      expect(decisions.map((e) => [e.id, e.data.name, e.data.seq])).toEqual([
        ['1', 'mailer', 1],
        ['2', 'banner', 2],
      ]);
      first.close();

      // written while nobody listens: a bulk batch, a status change, a communication, observations
      await call(`/api/v1/incidents/${id}/decisions`, { method: 'POST', body: JSON.stringify({ names: ROWS.slice(0, 3), action: 'correct' }) });
      await call(`/api/v1/incidents/${id}`, { method: 'PATCH', body: JSON.stringify({ status: 'contained', note: 'ledger side safe' }) });
      const sent = await call(`/api/v1/incidents/${id}/communications`, { method: 'POST', body: JSON.stringify({ audience: 'public', channel: 'status-page', summary: 'We are investigating' }) });
      expect(sent.status).toBe(201);
      await call(`/api/v1/incidents/${id}/observations`, { method: 'POST', body: JSON.stringify({ reached: [{ name: 'inbox', from: 'mailer' }] }) });
      const lastSeq = (await call(`/api/v1/incidents/${id}?consumers=false`)).body.lastSeq;
      expect(lastSeq).toBe(8);

      const resumed = await openEventStream(url, '2');
      const events = await resumed.until((es) => es.some((e) => e.id === String(lastSeq)));
      const withIds = events.filter((e): e is SseEvent & { id: string } => e.id !== undefined);
      expect(withIds.map((e) => Number(e.id))).toEqual([3, 4, 5, 6, 7, 8]);
      expect(withIds.map((e) => e.event)).toEqual(['decision', 'decision', 'decision', 'status', 'communication', 'observations']);
      expect(withIds.slice(0, 3).map((e) => [e.data.name, e.data.batch])).toEqual([
        ['row01', 3],
        ['row02', 3],
        ['row03', 3],
      ]);
      expect(withIds[3].data).toMatchObject({ status: 'contained', previous: 'open', note: 'ledger side safe' });
      expect(withIds[4].data).toMatchObject({ seq: 7, audience: 'public', channel: 'status-page', summary: 'We are investigating' });
      expect(withIds[5].data).toEqual({ count: 1 });

      // still live after the replay, and nothing twice
      await put(id, 'ledger', { action: 'stop' });
      await resumed.until((es) => es.some((e) => e.id === '9'));
      resumed.close();
      const ids = resumed.events.filter((e) => e.id !== undefined).map((e) => e.id);
      expect(ids).toEqual(['3', '4', '5', '6', '7', '8', '9']);

      const missing = await call('/api/v1/incidents/inc-nope/events');
      expectError(missing, 404);
    });

    it('records communications append-only, a filing marking its clock filed', async () => {
      const id = await open();
      const header = (await call(`/api/v1/incidents/${id}?consumers=false`)).body;
      // banner names gdpr-art33 and is reached: its clock runs from detectedAt
      const clock = header.clocks.find((c: any) => c.regime === 'gdpr-art33' && c.name === 'notification');
      expect(clock).toMatchObject({ due: new Date(Date.parse(times.detectedAt) + 72 * 3600_000).toISOString(), status: 'pending' });
      expect(clock.triggeredBy).toContain('banner');

      const filed = await call(`/api/v1/incidents/${id}/communications`, {
        method: 'POST',
        body: JSON.stringify({ audience: 'regulator', channel: 'portal', to: 'dpa@example.eu', summary: 'Art. 33 notification', regime: 'gdpr-art33', clock: 'notification', ref: 'DPA-1' }),
        headers: { 'X-Actor': 'lee' },
      });
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      expect(filed.body).toMatchObject({ seq: 1, audience: 'regulator', regime: 'gdpr-art33', clock: 'notification', by: 'lee', ref: 'DPA-1' });
      expect(Date.parse(filed.body.sentAt)).not.toBeNaN();
      expect(filed.body.recordedAt).toBe(filed.body.sentAt);
      const after = (await call(`/api/v1/incidents/${id}?consumers=false`)).body;
      expect(after.clocks.find((c: any) => c.regime === 'gdpr-art33' && c.name === 'notification').status).toBe('filed');

      const earlier = await call(`/api/v1/incidents/${id}/communications`, { method: 'POST', body: JSON.stringify({ audience: 'customer', channel: 'email', summary: 'Apology', sentAt: times.iso(50) }) });
      expect(earlier.body).toMatchObject({ seq: 2, sentAt: times.iso(50) });
      const list = (await call(`/api/v1/incidents/${id}/communications`)).body.communications;
      expect(list.map((c: any) => c.seq)).toEqual([1, 2]);

      const bad: object[] = [
        { audience: 'martians', channel: 'email', summary: 'x' },
        { audience: 'customer', channel: 'email' },
        { audience: 'customer', channel: 'email', summary: 'x', sentAt: new Date(Date.now() + 3600_000).toISOString() },
        { audience: 'regulator', channel: 'email', summary: 'x', regime: 'no-such-regime' },
        { audience: 'regulator', channel: 'email', summary: 'x', regime: 'gdpr-art33', clock: 'no-such-clock' },
        { audience: 'regulator', channel: 'email', summary: 'x', clock: 'notification' },
      ];
      for (const body of bad) expectError(await call(`/api/v1/incidents/${id}/communications`, { method: 'POST', body: JSON.stringify(body) }), 400);
      expect((await call(`/api/v1/incidents/${id}/communications`)).body.communications).toHaveLength(2);
      expectError(await call('/api/v1/incidents/inc-nope/communications'), 404);

      // and in the report
      const md = await (await fetch(`${server.baseUrl}/api/v1/incidents/${id}/report?format=markdown`)).text();
      expect(md).toContain('## Communications');
      expect(md).toContain('| regulator | portal | dpa@example.eu | Art. 33 notification | gdpr-art33 notification | lee |');
      const json = (await call(`/api/v1/incidents/${id}/report?format=json`)).body;
      expect(json.communications.map((c: any) => c.seq)).toEqual([1, 2]);
    });

    it('verifies the audit chain of revisions and incident logs', async () => {
      const id = await open();
      await put(id, 'mailer', { action: 'stop' });
      const check = await call('/api/v1/audit/verify');
      expect(check.status).toBe(200);
      expect(check.body.ok).toBe(true);
      expect(check.body.firstBad).toBeNull();
      // at least the graph's revision and this incident's decision
      expect(check.body.entries).toBeGreaterThanOrEqual(2);
      const revisions = (await call('/api/v1/revisions')).body.revisions;
      expect(revisions.at(-1).hash).toMatch(/^[0-9a-f]{64}$/);
      const more = (await call('/api/v1/audit/verify')).body;
      expect(more).toMatchObject({ ok: true, firstBad: null });
      expect(more.entries).toBe(check.body.entries);
    });
  });
}
