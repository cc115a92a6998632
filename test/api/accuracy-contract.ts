// Observations and accuracy over HTTP (CONTRACT.md §3 "Accuracy"), run on each store.
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
  startTimeUnixNano: '1764000000000000000',
  attributes: Object.entries(attributes).map(([key, value]) => ({ key, value: { stringValue: value } })),
});

export function accuracyContract(name: string, harness: ServerHarness): void {
  describe(`accuracy over HTTP: ${name}`, () => {
    let server: TestServer;
    let id: string;
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
      const opened = await call('/api/v1/incidents', 'POST', { title: 'drift', source: 'src', failureMode: 'reasoning-drift' });
      id = opened.body.id;
    });
    afterAll(async () => {
      await server?.close();
    });

    it('scores a reached list: names and aliases match, unknown names are reported', async () => {
      const empty = await call(`/api/v1/incidents/${id}/accuracy`);
      expect(empty.body).toMatchObject({ predicted: ['a', 'b', 'c', 'surf'], observed: [], precision: 0, recall: null });

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
      expect(accuracy.body).toMatchObject({ truePositives: ['a', 'b', 'c'], falsePositives: ['surf'], falseNegatives: ['d'], precision: 0.75, recall: 0.75 });
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
      expect(card.body.incidents).toHaveLength(1);
      expect(card.body.incidents[0]).toMatchObject({ incidentId: id, precision: 0.75, recall: 0.75, hasObservations: true });
    });
  });
}
