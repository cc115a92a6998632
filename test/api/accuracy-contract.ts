// Observations and accuracy over HTTP (CONTRACT.md §3, §8), run on each store: v2 adds `contained`
// (predicted, never observed, held by a stop: not a false positive) and `unexplained` (observed
// although the graph and the stops give no arrival at or before the observed time).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/server.js';
import type { ServerHarness } from './api-contract.js';

const node = (name: string, kind: string, consumes: object[] = [], aliases?: string[]) => ({
  apiVersion: 'blast-radius/v1',
  kind,
  metadata: { name, owner: 'team' },
  spec: { consumes, ...(aliases ? { aliases } : {}) },
});

const span = (spanId: string, parentSpanId: string | undefined, attributes: Record<string, string>) => ({
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId,
  ...(parentSpanId ? { parentSpanId } : {}),
  name: 'invoke_agent',
  // 2026-11-24T03:05:00Z: after the incidents' output (03:00), so the spans are explained
  startTimeUnixNano: '1795489500000000000',
  attributes: Object.entries(attributes).map(([key, value]) => ({ key, value: { stringValue: value } })),
});

const OUTPUT_AT = '2026-11-24T03:00:00Z';

export function accuracyContract(name: string, harness: ServerHarness): void {
  describe(`accuracy over HTTP: ${name}`, () => {
    let server: TestServer;
    let id: string;
    let heldId: string;
    let earlyId: string;
    const call = async (path: string, method = 'GET', body?: unknown) => {
      const res = await fetch(server.baseUrl + path, { method, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await res.text();
      return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
    };

    beforeAll(async () => {
      server = await harness.start();
      const applied = await call('/api/v1/graph/apply', 'POST', [
        node('src', 'Agent'),
        node('a', 'Agent', [{ from: 'src' }]),
        node('b', 'System', [{ from: 'a' }]),
        node('surf', 'Surface', [{ from: 'b' }]),
        node('c', 'Agent', [{ from: 'src', gate: 'human-review' }]),
        node('d', 'Agent', [], ['DeeAgent']),
      ]);
      expect(applied.status).toBe(200);
      const opened = await call('/api/v1/incidents', 'POST', { title: 'drift', source: 'src', failureMode: 'reasoning-drift', detectedAt: OUTPUT_AT });
      expect(opened.status).toBe(201);
      id = opened.body.id;
    });
    afterAll(async () => {
      await server?.close();
    });

    it('scores a reached list: names and aliases match, unknown names are reported', async () => {
      const empty = await call(`/api/v1/incidents/${id}/accuracy`);
      expect(empty.body).toMatchObject({ predicted: ['a', 'b', 'c', 'surf'], observed: [], precision: 0, recall: null, contained: [], unexplained: [] });

      const recorded = await call(`/api/v1/incidents/${id}/observations`, 'POST', {
        reached: [
          { name: 'a', from: 'src', at: '2026-11-24T03:01:00Z' },
          { name: 'b', from: 'a', evidence: 'crm audit log row 77' },
          { name: 'DeeAgent', from: 'b' },
          { name: 'ghost-agent' },
          { name: 'src' },
        ],
      });
      expect(recorded.status).toBe(200);
      expect(recorded.body.unmatched).toEqual(['ghost-agent']);
      expect(recorded.body.hops).toEqual([
        { from: 'src', to: 'a' },
        { from: 'a', to: 'b' },
        { from: 'b', to: 'd' },
      ]);
      const accuracy = await call(`/api/v1/incidents/${id}/accuracy`);
      expect(accuracy.body).toMatchObject({
        predicted: ['a', 'b', 'c', 'surf'],
        observed: ['a', 'b', 'd'],
        truePositives: ['a', 'b'],
        falsePositives: ['c', 'surf'],
        falseNegatives: ['d'],
        precision: 0.5,
        missingEdges: [{ from: 'b', to: 'd' }],
        unmatched: ['ghost-agent'],
        // no stop: nothing contained; d is reached over an edge the registry lacks
        contained: [],
        unexplained: [{ name: 'd', arrival: null, reason: 'missing-edge', edge: { from: 'b', to: 'd' } }],
      });
      expect(accuracy.body.recall).toBeCloseTo(2 / 3, 10);
      expect(accuracy.body.edges).toEqual(
        expect.arrayContaining([
          { from: 'src', to: 'a', gate: 'none', status: 'fired' },
          { from: 'b', to: 'surf', gate: 'none', status: 'silent' },
        ]),
      );
    });

    it('adds OTLP traces to the observations: a parent span naming another node is a hop', async () => {
      const otlp = {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'src' } }] },
            scopeSpans: [{ spans: [span('0000000000000001', undefined, {}), span('0000000000000002', '0000000000000001', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'c' })] }],
          },
        ],
      };
      const recorded = await call(`/api/v1/incidents/${id}/observations`, 'POST', otlp);
      expect(recorded.status).toBe(200);
      expect(recorded.body.hops).toEqual([{ from: 'src', to: 'c' }]);
      const accuracy = await call(`/api/v1/incidents/${id}/accuracy`);
      expect(accuracy.body).toMatchObject({ truePositives: ['a', 'b', 'c'], falsePositives: ['surf'], falseNegatives: ['d'], precision: 0.75, recall: 0.75, contained: [] });
      // the span's time (03:05) is after c's arrival (03:00): explained
      expect(accuracy.body.unexplained.map((u: { name: string }) => u.name)).toEqual(['d']);
      expect(accuracy.body.edges).toContainEqual({ from: 'src', to: 'c', gate: 'human-review', status: 'fired' });
    });

    it('rejects malformed input with 400 and unknown incidents with 404, recording nothing', async () => {
      const before = (await call(`/api/v1/incidents/${id}/accuracy`)).body;
      const bad = await call(`/api/v1/incidents/${id}/observations`, 'POST', { resourceSpans: 'not a list' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.length).toBeGreaterThan(0);
      expect((await call(`/api/v1/incidents/${id}/observations`, 'POST', { reached: [{ nom: 'a' }] })).status).toBe(400);
      expect((await call(`/api/v1/incidents/${id}/observations`, 'POST', { reached: 'a' })).status).toBe(400);
      expect((await call('/api/v1/incidents/inc-nope/observations', 'POST', { reached: [] })).status).toBe(404);
      expect((await call('/api/v1/incidents/inc-nope/accuracy')).status).toBe(404);
      expect((await call(`/api/v1/incidents/${id}/accuracy`)).body).toEqual(before);
    });

    it('counts what a stop held as contained, never as a false positive; an observation the stop should have prevented is unexplained', async () => {
      const opened = await call('/api/v1/incidents', 'POST', { title: 'held', source: 'src', failureMode: 'reasoning-drift', detectedAt: OUTPUT_AT });
      const held = opened.body.id;
      heldId = held;
      // a was paused a minute before the output: it, and b and surf behind it, never had it
      const stop = await call(`/api/v1/incidents/${held}/decisions/a`, 'PUT', { action: 'stop', note: 'paused before the run', effectiveAt: '2026-11-24T02:59:00Z' });
      expect(stop.status).toBe(200);
      await call(`/api/v1/incidents/${held}/observations`, 'POST', { reached: [{ name: 'c', from: 'src', at: '2026-11-24T03:02:00Z' }] });
      const first = (await call(`/api/v1/incidents/${held}/accuracy`)).body;
      expect(first).toMatchObject({
        predicted: ['a', 'b', 'c', 'surf'],
        observed: ['c'],
        truePositives: ['c'],
        falsePositives: [],
        falseNegatives: [],
        contained: ['a', 'b', 'surf'],
        unexplained: [],
        precision: 1,
        recall: 1,
      });

      // b was seen all the same: the stop did not hold
      await call(`/api/v1/incidents/${held}/observations`, 'POST', { reached: [{ name: 'b', from: 'a', at: '2026-11-24T03:20:00Z' }] });
      const second = (await call(`/api/v1/incidents/${held}/accuracy`)).body;
      expect(second).toMatchObject({ truePositives: ['b', 'c'], falsePositives: [], contained: ['a', 'surf'], precision: 1, recall: 1 });
      expect(second.unexplained).toHaveLength(1);
      expect(second.unexplained[0]).toMatchObject({ name: 'b', arrival: null, reason: 'stop-not-held', stop: { name: 'a', effectiveAt: '2026-11-24T02:59:00.000Z' } });
      expect(Date.parse(second.unexplained[0].at)).toBe(Date.parse('2026-11-24T03:20:00Z'));
      // observed names count as reached at once, held or not
      const incident = (await call(`/api/v1/incidents/${held}`)).body;
      expect(incident.consumers.find((c: { name: string }) => c.name === 'b')).toMatchObject({ reached: 'observed', arrival: null });
      expect(incident.summary).toMatchObject({ observed: 2 });
    });

    it('calls an observation earlier than the graph allows unexplained', async () => {
      const opened = await call('/api/v1/incidents', 'POST', { title: 'early', source: 'src', failureMode: 'reasoning-drift', detectedAt: OUTPUT_AT });
      const early = opened.body.id;
      earlyId = early;
      // seen half an hour before the output was produced
      await call(`/api/v1/incidents/${early}/observations`, 'POST', { reached: [{ name: 'surf', from: 'b', at: '2026-11-24T02:30:00Z' }] });
      const accuracy = (await call(`/api/v1/incidents/${early}/accuracy`)).body;
      expect(accuracy).toMatchObject({ truePositives: ['surf'], falsePositives: ['a', 'b', 'c'], contained: [], precision: 0.25, recall: 1 });
      expect(accuracy.unexplained).toEqual([{ name: 'surf', at: expect.any(String), arrival: '2026-11-24T03:00:00.000Z', reason: 'earlier-than-possible' }]);
    });

    it('proposes a registry patch that applies as a new revision, and keeps a scorecard', async () => {
      const patch = await fetch(`${server.baseUrl}/api/v1/incidents/${id}/registry-patch`);
      expect(patch.headers.get('content-type')).toContain('yaml');
      const yaml = await patch.text();
      expect(yaml).toContain('name: d');
      expect(yaml).toContain('from: b');
      const before = (await call('/api/v1/revisions')).body.current;
      const applied = await fetch(`${server.baseUrl}/api/v1/graph/apply`, { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: yaml });
      expect(applied.status).toBe(200);
      expect((await applied.json()).revision).toBe(before + 1);
      expect((await call('/api/v1/nodes/d')).body.spec.consumes.map((c: { from: string }) => c.from)).toEqual(['b']);

      const card = await call('/api/v1/scorecard');
      expect(card.body.incidents.map((r: { incidentId: string }) => r.incidentId)).toEqual([id, heldId, earlyId]);
      expect(card.body.incidents[0]).toMatchObject({ incidentId: id, precision: 0.75, recall: 0.75, hasObservations: true });
      // contained consumers are no false positives in the scorecard either
      expect(card.body.incidents[1]).toMatchObject({ incidentId: heldId, truePositives: 2, falsePositives: 0, falseNegatives: 0, precision: 1, recall: 1 });
      expect(card.body.incidents[2]).toMatchObject({ incidentId: earlyId, truePositives: 1, falsePositives: 3, precision: 0.25 });
      expect(card.body.overall).toMatchObject({ incidents: 3, truePositives: 6, falsePositives: 4, falseNegatives: 1, precision: 0.6 });
      expect(card.body.overall.recall).toBeCloseTo(6 / 7, 10);
    });
  });
}
