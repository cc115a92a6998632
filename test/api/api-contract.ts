// The HTTP contract (CONTRACT.md §3–5), exercised over real HTTP on a running server; run on
// each store. The v2 incident paths in depth: incident-reads-, incident-decisions- and
// incident-live-contract.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/server.js';

export interface ServerHarness {
  start(options?: { env?: Record<string, string>; dataDir?: string }): Promise<TestServer>;
}

const MANIFEST = `apiVersion: blast-radius/v1
kind: Agent
metadata:
  name: triage-agent
  owner: support-platform
  contact: support-oncall@example.com
---
apiVersion: blast-radius/v1
kind: Agent
metadata: { name: refund-agent, owner: payments-platform, contact: payments-oncall@example.com }
spec:
  actionClasses: [customer-communication, financial-write]
  aliases: [refund-svc]
  consumes:
    - { from: triage-agent, channel: queue, mode: async, gate: none, delay: PT2M }
---
apiVersion: blast-radius/v1
kind: System
metadata: { name: crm, owner: sales-ops, contact: "#crm" }
spec:
  consumes: [{ from: refund-agent, channel: db }]
---
apiVersion: blast-radius/v1
kind: Surface
metadata: { name: customer-email, owner: cx, contact: cx@example.com }
spec:
  consumes: [{ from: refund-agent }]
---
apiVersion: blast-radius/v1
kind: Surface
metadata: { name: court-filing, owner: legal, contact: legal@example.com }
spec:
  consumes: [{ from: refund-agent, gate: human-review }]
`;

export function apiContract(name: string, harness: ServerHarness): void {
  describe(`HTTP API: ${name}`, () => {
    let server: TestServer;
    let base: string;
    const json = async (path: string, init: RequestInit & { body?: string } = {}) => {
      const res = await fetch(base + path, {
        ...init,
        headers: { 'Content-Type': 'application/json', 'X-Actor': 'priya', ...(init.headers ?? {}) },
      });
      const text = await res.text();
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      return { status: res.status, body, headers: res.headers };
    };
    const yaml = (path: string, text: string) => json(path, { method: 'POST', body: text, headers: { 'Content-Type': 'application/yaml' } });
    const expectError = (res: { status: number; body: any }, status: number) => {
      expect(res.status).toBe(status);
      expect(res.body.error).toEqual({ code: expect.any(String), message: expect.any(String), details: expect.any(Array) });
      for (const d of res.body.error.details) expect(d).toMatchObject({ path: expect.any(String), message: expect.any(String) });
    };

    beforeAll(async () => {
      server = await harness.start();
      base = server.baseUrl;
    });
    afterAll(async () => {
      await server?.close();
    });

    it('answers health and readiness', async () => {
      expect((await json('/healthz')).status).toBe(200);
      const ready = await json('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.store).toBe(name);
    });

    it('validates without writing, naming each problem', async () => {
      const ok = await yaml('/api/v1/graph/validate', MANIFEST);
      expect(ok.body).toEqual({ valid: true, errors: [] });
      const bad = await yaml('/api/v1/graph/validate', MANIFEST.replace('from: triage-agent', 'from: triage-agnet'));
      expect(bad.status).toBe(200);
      expect(bad.body.valid).toBe(false);
      expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'documents[1].spec.consumes[0].from' })]);
      expect((await json('/api/v1/nodes')).body).toEqual({ revision: 0, nodes: [] });
    });

    it('applies YAML as one revision, then re-applies unchanged at the same revision', async () => {
      const first = await yaml('/api/v1/graph/apply', MANIFEST);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ revision: 1, created: 5, updated: 0, unchanged: 0 });
      const again = await yaml('/api/v1/graph/apply', MANIFEST);
      expect(again.body).toMatchObject({ revision: 1, created: 0, updated: 0, unchanged: 5 });
    });

    it('reads a node back as its manifest document with defaults filled in', async () => {
      const res = await json('/api/v1/nodes/refund-agent');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-graph-revision')).toBe('1');
      expect(res.body).toEqual({
        apiVersion: 'blast-radius/v1',
        kind: 'Agent',
        metadata: { name: 'refund-agent', owner: 'payments-platform', contact: 'payments-oncall@example.com' },
        spec: {
          actionClasses: ['customer-communication', 'financial-write'],
          aliases: ['refund-svc'],
          consumes: [{ from: 'triage-agent', channel: 'queue', mode: 'async', gate: 'none', delay: 'PT2M' }],
        },
      });
      const crm = await json('/api/v1/nodes/crm');
      expect(crm.body.spec.consumes).toEqual([{ from: 'refund-agent', channel: 'db', mode: 'async', gate: 'none' }]);
      expectError(await json('/api/v1/nodes/no-such-node'), 404);
      expectError(await json('/api/v1/nodes/Bad_Name'), 400);
    });

    it('rejects every kind of bad batch with 400, naming the problems, and changes nothing', async () => {
      const before = await json('/api/v1/nodes');
      const cases: [string, string | undefined, string][] = [
        ['{"apiVersion": ', 'application/json', 'body'],
        ['kind: [unclosed', 'application/yaml', 'documents[0]'],
        [JSON.stringify([{ apiVersion: 'blast-radius/v1', kind: 'Robot', metadata: { name: 'x', owner: 'o' } }]), 'application/json', 'documents[0].kind'],
        [JSON.stringify({ apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: "x') DETACH DELETE n //", owner: 'o' } }), 'application/json', 'documents[0].metadata.name'],
        [JSON.stringify({ apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'x' } }), 'application/json', 'documents[0].metadata.owner'],
        [JSON.stringify({ apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'x', owner: 'o' }, spec: { consumes: [{ from: 'x' }] } }), 'application/json', 'documents[0].spec.consumes[0].from'],
        [JSON.stringify({ apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'x', owner: 'o' }, spec: { consumes: [{ from: 'ghost' }] } }), 'application/json', 'documents[0].spec.consumes[0].from'],
        [JSON.stringify({ apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'x', owner: 'o' }, spec: { consumes: 'crm' } }), 'application/json', 'documents[0].spec.consumes'],
        [JSON.stringify([{ apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'x', owner: 'o' } }, { apiVersion: 'blast-radius/v1', kind: 'System', metadata: { name: 'x', owner: 'o' } }]), 'application/json', 'documents[1].metadata.name'],
        ['[]', 'application/json', 'documents'],
        // a good document next to a bad one: the good one must not be applied either
        [JSON.stringify([{ apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'fresh-agent', owner: 'o' } }, { apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'y', owner: 'o' }, spec: { consumes: [{ from: 'crm', gate: 'maybe' }] } }]), 'application/json', 'documents[1].spec.consumes[0].gate'],
      ];
      for (const [body, type, path] of cases) {
        const res = await json('/api/v1/graph/apply', { method: 'POST', body, headers: type ? { 'Content-Type': type } : {} });
        expectError(res, 400);
        expect(res.body.error.details.map((d: { path: string }) => d.path), body).toContain(path);
      }
      expect((await json('/api/v1/nodes')).body).toEqual(before.body);
      expect((await json('/api/v1/revisions')).body.current).toBe(1);
    });

    it('answers 413 beyond the body limit', async () => {
      const small = await harness.start({ env: { BLAST_RADIUS_BODY_LIMIT: '2kb' } });
      try {
        const res = await fetch(`${small.baseUrl}/api/v1/graph/apply`, { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: MANIFEST.repeat(10) });
        expect(res.status).toBe(413);
        expect((await res.json()).error.code).toBe('payload_too_large');
      } finally {
        await small.close();
      }
    });

    it('computes the what-if blast radius, cut by maxDepth, and reads the past', async () => {
      const res = await json('/api/v1/nodes/triage-agent/blast-radius');
      expect(res.status).toBe(200);
      expect(res.body.consumers.map((c: any) => [c.name, c.depth, c.exposure, c.suggestedAction])).toEqual([
        ['refund-agent', 1, 'direct', 'stop'],
        ['court-filing', 2, 'gated', 'notify'],
        ['crm', 2, 'direct', 'correct'],
        ['customer-email', 2, 'direct', 'notify'],
      ]);
      const cut = await json('/api/v1/nodes/triage-agent/blast-radius?maxDepth=1');
      expect(cut.body).toMatchObject({ truncated: true, cut: 3, maxDepth: 1 });
      expectError(await json('/api/v1/nodes/triage-agent/blast-radius?maxDepth=-1'), 400);
      expectError(await json('/api/v1/nodes/triage-agent/blast-radius?maxDepth=abc'), 400);
      expectError(await json('/api/v1/nodes/nobody/blast-radius'), 404);
      expectError(await json('/api/v1/nodes/triage-agent/blast-radius?revision=99'), 400);
      expectError(await json('/api/v1/nodes/triage-agent/blast-radius?at=yesterday'), 400);

      const change = await yaml('/api/v1/graph/apply', MANIFEST.split('---')[2].replace('from: refund-agent, channel: db', 'from: triage-agent, channel: db'));
      expect(change.body).toMatchObject({ revision: 2, updated: 1 });
      const past = await json('/api/v1/nodes/crm?revision=1');
      expect(past.body.spec.consumes[0].from).toBe('refund-agent');
      const atPast = await json(`/api/v1/nodes?at=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`);
      expect(atPast.body).toEqual({ revision: 0, nodes: [] });
      const oldRadius = await json('/api/v1/nodes/triage-agent/blast-radius?revision=1');
      expect(oldRadius.body.consumers.find((c: any) => c.name === 'crm').depth).toBe(2);
      const newRadius = await json('/api/v1/nodes/triage-agent/blast-radius');
      expect(newRadius.body.consumers.find((c: any) => c.name === 'crm').depth).toBe(1);
      const revisions = await json('/api/v1/revisions');
      expect(revisions.body.revisions.map((r: any) => [r.revision, r.by, r.updated])).toEqual([
        [1, 'priya', []],
        [2, 'priya', ['crm']],
      ]);
      const search = await json('/api/v1/nodes?q=ref&limit=5');
      expect(search.body.nodes.map((n: any) => n.metadata.name)).toEqual(['refund-agent']);
      const neighbours = await json('/api/v1/nodes/refund-agent/neighbours');
      expect(neighbours.body.upstream.map((n: any) => n.name)).toEqual(['triage-agent']);
      expect(neighbours.body.downstream.map((n: any) => [n.name, n.gate])).toEqual([
        ['court-filing', 'human-review'],
        ['customer-email', 'none'],
      ]);
      expect([neighbours.body.revision, neighbours.body.upstreamTotal, neighbours.body.downstreamTotal]).toEqual([2, 1, 2]);
      const one = await json('/api/v1/nodes/refund-agent/neighbours?limit=1&revision=1');
      expect([one.body.revision, one.body.downstream.map((n: any) => n.name), one.body.downstreamTotal]).toEqual([1, ['court-filing'], 3]); // crm still took refund-agent's output then
      expectError(await json('/api/v1/nodes/refund-agent/neighbours?limit=0'), 400);
      expectError(await json('/api/v1/nodes/nobody/neighbours'), 404);
    });

    it('runs an incident: open, decide, conflict, history, exposure, containment, status, report, live events', async () => {
      expectError(await json('/api/v1/incidents', { method: 'POST', body: JSON.stringify({ title: 't', source: 'triage-agent', failureMode: 'gremlins' }) }), 400);
      expectError(await json('/api/v1/incidents', { method: 'POST', body: JSON.stringify({ title: 't', source: 'nobody', failureMode: 'hallucination' }) }), 404);
      expectError(await json('/api/v1/incidents', { method: 'POST', body: JSON.stringify({ title: 't', source: 'triage-agent', failureMode: 'hallucination', detectedAt: 'tuesday' }) }), 400);
      const opened = await json('/api/v1/incidents', {
        method: 'POST',
        body: JSON.stringify({ title: 'Refund policy hallucination', source: 'triage-agent', failureMode: 'hallucination', outputRef: 'out-123', detectedAt: '2026-11-24T03:00:00Z' }),
        headers: { 'X-Actor': 'sam' },
      });
      expect(opened.status).toBe(201);
      const id: string = opened.body.id;
      expect(opened.body).toMatchObject({ title: 'Refund policy hallucination', source: 'triage-agent', failureMode: 'hallucination', outputRef: 'out-123', status: 'open', revision: 2 });
      // v2: outputAt defaults to detectedAt; the incident stores no radius, and answers its consumers in time
      expect(opened.body).toMatchObject({ outputAt: '2026-11-24T03:00:00.000Z', detectedAt: '2026-11-24T03:00:00.000Z', actionClasses: null, lastSeq: 0 });
      expect(opened.body).not.toHaveProperty('blastRadius');
      expect(opened.body).not.toHaveProperty('edges');
      expect(opened.body.size).toEqual({ consumers: 4, surfaces: 2, edges: 4 });
      expect(opened.body.consumers).toHaveLength(4);
      expect(opened.body.progress).toEqual({ total: 4, stop: 0, correct: 0, notify: 0, undecided: 4, surfacesExposed: 2 });

      // registry edits later never rewrite what the commander saw
      await yaml('/api/v1/graph/apply', MANIFEST.split('---')[3].replace('from: refund-agent', 'from: crm'));
      const events: string[] = [];
      const controller = new AbortController();
      const stream = fetch(`${base}/api/v1/incidents/${id}/events`, { signal: controller.signal }).then(async (res) => {
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          events.push(decoder.decode(value));
        }
      }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));

      const stop = await json(`/api/v1/incidents/${id}/decisions/refund-agent`, { method: 'PUT', body: JSON.stringify({ action: 'stop', note: 'paused queue', expectedVersion: 0 }), headers: { 'X-Actor': 'sam' } });
      expect(stop.status).toBe(200);
      // v2: a decision answers {decision, entry, summary}
      expect(stop.body.decision).toMatchObject({ name: 'refund-agent', action: 'stop', note: 'paused queue', version: 1, by: 'sam' });
      expect(Date.parse(stop.body.decision.at)).not.toBeNaN();
      expect(stop.body.decision.effectiveAt).toBe(stop.body.decision.at);
      expect(stop.body.entry).toMatchObject({ seq: 1, name: 'refund-agent', action: 'stop', previousAction: null, version: 1 });
      expect(stop.body.summary).toMatchObject({ total: 4, stop: 1, undecided: 3 });
      expectError(await json(`/api/v1/incidents/${id}/decisions/refund-agent`, { method: 'PUT', body: JSON.stringify({ action: 'notify', expectedVersion: 0 }) }), 409);
      // v2: the source is decidable, but only stop or clear
      expectError(await json(`/api/v1/incidents/${id}/decisions/triage-agent`, { method: 'PUT', body: JSON.stringify({ action: 'notify' }) }), 400);
      expectError(await json(`/api/v1/incidents/${id}/decisions/unknown-node`, { method: 'PUT', body: JSON.stringify({ action: 'stop' }) }), 404);
      expectError(await json(`/api/v1/incidents/${id}/decisions/crm`, { method: 'PUT', body: JSON.stringify({ action: 'pause' }) }), 400);
      expectError(await json(`/api/v1/incidents/inc-nope/decisions/crm`, { method: 'PUT', body: JSON.stringify({ action: 'stop' }) }), 404);
      await json(`/api/v1/incidents/${id}/decisions/crm`, { method: 'PUT', body: JSON.stringify({ action: 'correct', note: 'revert, rows "12,13"' }) });
      await json(`/api/v1/incidents/${id}/decisions/customer-email`, { method: 'PUT', body: JSON.stringify({ action: 'notify' }) });

      const incident = await json(`/api/v1/incidents/${id}`);
      expect(incident.body.consumers).toHaveLength(4);
      expect(incident.body).not.toHaveProperty('edges');
      // refund-agent is stopped; crm is fed by triage-agent directly at the frozen revision 2, and correct does not stop it
      expect(incident.body.remainingExposure).toEqual([{ name: 'crm', kind: 'System', depth: 1 }]);
      expect(incident.body.progress).toEqual({ total: 4, stop: 1, correct: 1, notify: 1, undecided: 1, surfacesExposed: 0 });
      // arrival counts from outputAt; the stop came days after the output reached refund-agent: reached, never "safe"
      expect(incident.body.consumers.find((c: any) => c.name === 'refund-agent')).toMatchObject({ arrival: '2026-11-24T03:02:00.000Z', reached: 'estimated', lateStop: true, exposed: false, version: 1 });
      expect(incident.body.summary).toMatchObject({ reached: 4, surfacesReached: 2, held: 0, needsDecision: 1, source: null });

      const history = await json(`/api/v1/incidents/${id}/history`);
      expect(history.body.history.map((h: any) => [h.seq, h.name, h.action, h.version])).toEqual([
        [1, 'refund-agent', 'stop', 1],
        [2, 'crm', 'correct', 1],
        [3, 'customer-email', 'notify', 1],
      ]);
      expectError(await json('/api/v1/incidents/inc-nope/history'), 404);

      // undo the stop; days after the output everything is reached: nothing left to stop but the source
      await json(`/api/v1/incidents/${id}/decisions/refund-agent`, { method: 'PUT', body: JSON.stringify({ action: 'correct' }) });
      const plan = await json(`/api/v1/incidents/${id}/containment`);
      expect(plan.body.stops).toEqual([]);
      expect(plan.body).toMatchObject({ pendingSurfaces: [], toNotify: ['court-filing', 'customer-email'], feasible: true });
      expect(plan.body.source).toMatchObject({ name: 'triage-agent', action: 'stop', actionClasses: null, done: false });
      expect(plan.body.exposedSurfacesBefore).toEqual(['court-filing', 'customer-email']);
      // as it stood a minute after the output (decisions recorded later ignored), stopping refund-agent saved both surfaces
      const then = await json(`/api/v1/incidents/${id}/containment?asOf=2026-11-24T03:01:00Z`);
      expect(then.body.stops.map((s: any) => [s.name, s.protects])).toEqual([['refund-agent', ['court-filing', 'customer-email']]]);
      const applied = await json(`/api/v1/incidents/${id}/containment/apply`, { method: 'POST', body: JSON.stringify({ includeSource: true }) });
      expect(applied.body.applied.map((d: any) => [d.name, d.action, d.version])).toEqual([['triage-agent', 'stop', 1]]);
      expect(applied.body.summary.source).toMatchObject({ name: 'triage-agent', action: 'stop' });
      expect((await json(`/api/v1/incidents/${id}`)).body.progress.surfacesExposed).toBe(0);

      const status = await json(`/api/v1/incidents/${id}`, { method: 'PATCH', body: JSON.stringify({ status: 'contained' }) });
      expect(status.body.status).toBe('contained');
      expect(status.body.statusHistory).toEqual([expect.objectContaining({ status: 'contained', previous: 'open', by: 'priya' })]);
      expectError(await json(`/api/v1/incidents/${id}`, { method: 'PATCH', body: JSON.stringify({ status: 'closed' }) }), 400);

      const list = await json('/api/v1/incidents');
      expect(list.body.incidents.map((i: any) => [i.id, i.status])).toContainEqual([id, 'contained']);
      expect(list.body.incidents.find((i: any) => i.id === id)).not.toHaveProperty('consumers');

      const md = await fetch(`${base}/api/v1/incidents/${id}/report?format=markdown`);
      expect(md.headers.get('content-type')).toContain('text/markdown');
      const text = await md.text();
      expect(text).toContain('# Incident report: Refund policy hallucination');
      expect(text).toContain('hallucination');
      expect(text).toContain('### cx (cx@example.com)');
      expect(text).toContain('All times are UTC.');
      expect(text).toContain('## Communications');
      expect(text).toContain('The source is stopped since');
      const report = await json(`/api/v1/incidents/${id}/report?format=json`);
      expect(report.body.notificationContacts).toEqual([{ owner: 'cx', contact: 'cx@example.com', consumers: [{ name: 'customer-email', kind: 'Surface' }] }]);
      // output, detection, opening, five decisions, a status change
      expect(report.body.timeline.length).toBeGreaterThanOrEqual(9);
      expect(report.body).not.toHaveProperty('edges');
      const csv = await (await fetch(`${base}/api/v1/incidents/${id}/report?format=csv`)).text();
      expect(csv.split('\r\n')[0]).toBe('incident,incident_title,output_ref,name,kind,audience,title,owner,contact,depth,exposure,state,reached,arrival_utc,still_exposed,suggested_action,decision,decided_by,decided_at,note');
      expect(csv).toContain('"revert, rows ""12,13"""');
      // by arrival: crm is fed by triage-agent at once (revision 2), the others two minutes later
      expect(csv.split('\r\n')[1]).toMatch(new RegExp(`^${id},Refund policy hallucination,out-123,crm,System,`));
      expect(csv.split('\r\n').slice(1, -1).map((row) => row.split(',')[3])).toEqual(['crm', 'refund-agent', 'court-filing', 'customer-email']);
      expectError(await json(`/api/v1/incidents/${id}/report?format=pdf`), 400);

      controller.abort();
      await stream;
      const all = events.join('');
      expect(all).toContain('event: decision');
      expect(all).toContain('"name":"crm"');
      expect(all).toContain('event: status');
      // each event names its seq: the one for crm's decision is 2
      expect(all).toMatch(/id: 2\nevent: decision\ndata: \{[^\n]*"name":"crm"/);
    });

    it('takes who acts from X-Actor, else from the body, and refuses a detection time in the future', async () => {
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const early = await json('/api/v1/incidents', { method: 'POST', body: JSON.stringify({ title: 't', source: 'triage-agent', failureMode: 'hallucination', detectedAt: future }) });
      expectError(early, 400);
      expect(early.body.error.details[0].path).toBe('body.detectedAt');
      const afterDetection = await json('/api/v1/incidents', {
        method: 'POST',
        body: JSON.stringify({ title: 't', source: 'triage-agent', failureMode: 'hallucination', detectedAt: '2026-11-24T03:00:00Z', outputAt: '2026-11-24T03:00:01Z' }),
      });
      expectError(afterDetection, 400);
      expect(afterDetection.body.error.details.map((d: any) => d.path)).toEqual(['body.outputAt']);

      const noHeader = { 'X-Actor': '' };
      const opened = await json('/api/v1/incidents', { method: 'POST', body: JSON.stringify({ title: 't', source: 'triage-agent', failureMode: 'hallucination', by: 'dana' }), headers: noHeader });
      expect(opened.status).toBe(201);
      expect(opened.body.openedBy).toBe('dana');
      const id: string = opened.body.id;
      const fromBody = await json(`/api/v1/incidents/${id}/decisions/crm`, { method: 'PUT', body: JSON.stringify({ action: 'notify', by: 'dana' }), headers: noHeader });
      expect(fromBody.body.decision).toMatchObject({ action: 'notify', by: 'dana', version: 1 });
      const headerWins = await json(`/api/v1/incidents/${id}/decisions/crm`, { method: 'PUT', body: JSON.stringify({ action: 'stop', by: 'dana' }), headers: { 'X-Actor': 'sam' } });
      expect(headerWins.body.decision).toMatchObject({ action: 'stop', by: 'sam', version: 2 });
      expect(headerWins.body.entry).toMatchObject({ by: 'sam', previousAction: 'notify' });
      const nobody = await json(`/api/v1/incidents/${id}/decisions/refund-agent`, { method: 'PUT', body: JSON.stringify({ action: 'stop' }), headers: noHeader });
      expect(nobody.body.decision.by).toBe('anonymous');
      const bulk = await json(`/api/v1/incidents/${id}/decisions`, { method: 'POST', body: JSON.stringify({ names: ['customer-email', 'court-filing'], action: 'notify', by: 'dana' }), headers: noHeader });
      expect(bulk.body.decisions.map((d: any) => d.by)).toEqual(['dana', 'dana']);
    });

    it('compresses answers for clients that accept gzip, but never the live event stream', async () => {
      const res = await fetch(`${base}/api/v1/openapi.json`, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.headers.get('content-encoding')).toBe('gzip');
      expect((await res.json()).openapi).toMatch(/^3\.1/);
      const opened = await json('/api/v1/incidents', { method: 'POST', body: JSON.stringify({ title: 't', source: 'triage-agent', failureMode: 'hallucination' }) });
      const controller = new AbortController();
      const events = await fetch(`${base}/api/v1/incidents/${opened.body.id}/events`, { headers: { 'Accept-Encoding': 'gzip' }, signal: controller.signal });
      expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(events.headers.get('content-encoding')).toBeNull();
      const reader = events.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain('event: ready');
      controller.abort();
    });

    it('serves an OpenAPI 3.1 document generated from the schemas, and metrics', async () => {
      const doc = (await json('/api/v1/openapi.json')).body;
      expect(doc.openapi).toBe('3.1.0');
      for (const path of ['/api/v1/graph/apply', '/api/v1/nodes/{name}/blast-radius', '/api/v1/incidents/{id}/decisions/{name}']) expect(doc.paths[path]).toBeDefined();
      // the v2 paths (§3)
      expect(doc.paths['/api/v1/incidents/{id}/decisions'].post).toBeDefined();
      for (const path of ['/api/v1/incidents/{id}/consumers', '/api/v1/incidents/{id}/edges', '/api/v1/incidents/{id}/containment', '/api/v1/incidents/{id}/events', '/api/v1/incidents/{id}/communications', '/api/v1/incidents/{id}/notifications', '/api/v1/audit/verify', '/api/v1/regimes']) {
        expect(doc.paths[path]?.get, path).toBeDefined();
      }
      expect(doc.paths['/api/v1/incidents/{id}/containment/apply'].post).toBeDefined();
      expect(doc.paths['/api/v1/incidents/{id}/communications'].post).toBeDefined();
      expect(doc.components.schemas.Incident.properties).not.toHaveProperty('blastRadius');
      expect(doc.components.schemas.DecisionResult.required).toEqual(expect.arrayContaining(['decision', 'summary']));
      expect(doc.components.schemas.NodeDocument.properties.kind.enum).toEqual(['Agent', 'System', 'Surface']);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('blast_radius_http_request_duration_seconds_bucket');
      expect(metrics).toContain('blast_radius_store_operation_duration_seconds_bucket');
      expect(metrics).toMatch(/blast_radius_graph_nodes \d+/);
    });

    it('deletes a node and its edges; unknown names are 404', async () => {
      const res = await json('/api/v1/nodes/customer-email', { method: 'DELETE' });
      expect(res.status).toBe(200);
      expect(res.body.deleted).toBe('customer-email');
      expectError(await json('/api/v1/nodes/customer-email'), 404);
      expectError(await json('/api/v1/nodes/customer-email', { method: 'DELETE' }), 404);
      expect((await json(`/api/v1/nodes/customer-email?revision=${res.body.revision - 1}`)).status).toBe(200);
    });

    it('keeps the data across a restart', async () => {
      const before = await json('/api/v1/nodes');
      const incidents = await json('/api/v1/incidents');
      await server.close();
      server = await harness.start({ dataDir: server.dataDir });
      base = server.baseUrl;
      expect((await json('/api/v1/nodes')).body).toEqual(before.body);
      expect((await json('/api/v1/incidents')).body).toEqual(incidents.body);
    });
  });
}
