import { beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../graph-schema/index.js';
import { computeAccuracy } from '../../server/analysis/accuracy.js';
import { blastRadius } from '../../server/analysis/blast-radius.js';
import { buildGraph } from '../../server/analysis/graph.js';
import { node } from './node-doc.js';
import { fixtureJokeTrace, jokePipeline, realJokeTrace } from './pipeline.js';
import { describeRealdata } from './realdata.js';

const obs = (name: string, from?: string): Observation => ({ name, ...(from ? { from } : {}), via: 'reached', recordedAt: '2025-01-01T00:00:00.000Z' });

// The same answers from the project's fixture and from the real export it is shaped after.
function jokeAccuracyChecks(trace: () => string) {
  let accuracy: ReturnType<typeof jokePipeline>['accuracy'];
  beforeAll(() => {
    accuracy = jokePipeline(trace()).accuracy;
  });

  it('predicted: the frozen radius; observed: the traced agents and tools, the source excluded', () => {
    expect(accuracy.incident).toBe('inc-joke');
    expect(accuracy.predicted).toEqual(['evaluator-agent', 'get-dad-joke-suggestion', 'joke-board']);
    // get-dad-joke-suggestion is a registered System now, so its tool span names it
    expect(accuracy.observed).toEqual(['evaluator-agent', 'get-dad-joke-suggestion', 'get-pun-suggestion']);
  });

  it('TP 2, FP 1, FN 1: precision 2/3, recall 2/3', () => {
    expect(accuracy.truePositives).toEqual(['evaluator-agent', 'get-dad-joke-suggestion']);
    expect(accuracy.falsePositives).toEqual(['joke-board']);
    expect(accuracy.falseNegatives).toEqual(['get-pun-suggestion']);
    expect(accuracy.precision).toBeCloseTo(2 / 3, 12);
    expect(accuracy.recall).toBeCloseTo(2 / 3, 12);
  });

  it('the unregistered hop joke-agent → get-pun-suggestion is the missing edge', () => {
    expect(accuracy.missingEdges).toEqual([{ from: 'joke-agent', to: 'get-pun-suggestion' }]);
  });

  it('labels the radius edges fired / silent / unobserved', () => {
    expect(accuracy.edges).toEqual([
      // evaluator ran as a sibling of the joke agent's run: reached, but not over this edge
      { from: 'evaluator-agent', to: 'joke-board', gate: 'human-review', status: 'silent' },
      { from: 'joke-agent', to: 'evaluator-agent', gate: 'none', status: 'unobserved' },
      { from: 'joke-agent', to: 'get-dad-joke-suggestion', gate: 'none', status: 'fired' },
    ]);
  });

  it('carries the names no node matched', () => {
    expect(accuracy.unmatched).toEqual(['get_one_liner_suggestion', 'unknown_service']);
  });
}

describe('computeAccuracy on the joke generator trace (fixtures/otlp: Langfuse export → OTLP → observations)', () => jokeAccuracyChecks(fixtureJokeTrace));
describeRealdata('computeAccuracy on the real Pydantic AI trace (realdata: Langfuse export → OTLP → observations)', () => jokeAccuracyChecks(realJokeTrace));

describe('computeAccuracy by hand: journey 3 (18 hits, 5 never reached, 2 surprises)', () => {
  // source feeds c01..c23; x1 and x2 are registered but not reachable from the source
  const names = Array.from({ length: 23 }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);
  const docs = [
    node('source-agent', 'Agent'),
    ...names.map((n) => node(n, 'System', ['source-agent'])),
    node('x1', 'Surface'),
    node('x2', 'Surface', ['x1']),
  ];
  const graph = buildGraph(docs);
  const radius = blastRadius(graph, 'source-agent', { revision: 1 });
  const observations = [
    obs('source-agent'),
    ...names.slice(0, 18).map((n) => obs(n, 'source-agent')),
    obs('x1', 'source-agent'),
    obs('x2', 'c01'),
    obs('x2', 'x1'), // a registered hop between two surprises
    obs('c01', 'source-agent'), // the same hop twice
  ];
  const accuracy = computeAccuracy({
    incidentId: 'inc-42',
    radius,
    source: 'source-agent',
    observations,
    registeredEdges: (f, t) => graph.hasDirectedEdge(f, t),
    unmatched: ['billing', 'billing', 'Analytics'],
  });

  it('precision 18/23 ≈ 0.78, recall 18/20 = 0.90', () => {
    expect(accuracy.truePositives).toHaveLength(18);
    expect(accuracy.falsePositives).toEqual(['c19', 'c20', 'c21', 'c22', 'c23']);
    expect(accuracy.falseNegatives).toEqual(['x1', 'x2']);
    expect(accuracy.precision).toBeCloseTo(18 / 23, 12);
    expect(accuracy.precision!.toFixed(2)).toBe('0.78');
    expect(accuracy.recall).toBeCloseTo(0.9, 12);
  });

  it('the two missing edges, deduplicated and sorted; the registered x1 → x2 is not one', () => {
    expect(accuracy.missingEdges).toEqual([
      { from: 'c01', to: 'x2' },
      { from: 'source-agent', to: 'x1' },
    ]);
  });

  it('edges out of the source: 18 fired, 5 silent', () => {
    const count = (s: string) => accuracy.edges.filter((e) => e.status === s).length;
    expect(accuracy.edges).toHaveLength(23);
    expect([count('fired'), count('silent'), count('unobserved')]).toEqual([18, 5, 0]);
  });

  it('unmatched deduplicated and sorted in code-point order', () => {
    expect(accuracy.unmatched).toEqual(['Analytics', 'billing']);
  });
});

describe('computeAccuracy edge cases', () => {
  const docs = [node('a', 'Agent', ['c']), node('b', 'System', ['a']), node('c', 'Agent', ['b']), node('d', 'Surface', ['c'])];
  const graph = buildGraph(docs);
  const radius = blastRadius(graph, 'a', { revision: 1 }); // a → b → c → d, and c → a closes a cycle
  const run = (observations: Observation[]) =>
    computeAccuracy({ incidentId: 'i', radius, source: 'a', observations, registeredEdges: (f, t) => graph.hasDirectedEdge(f, t), unmatched: [] });

  it('nothing observed: recall null, precision 0, every edge from a reached producer silent', () => {
    const acc = run([]);
    expect(acc.observed).toEqual([]);
    expect(acc.recall).toBeNull();
    expect(acc.precision).toBe(0);
    expect(acc.edges.map((e) => `${e.from}>${e.to}:${e.status}`)).toEqual(['a>b:silent', 'b>c:unobserved', 'c>a:unobserved', 'c>d:unobserved']);
  });

  it('the source never counts as reached, and an edge back into it is never silent', () => {
    const acc = run([obs('a'), obs('b', 'a'), obs('c', 'b'), obs('a', 'c')]);
    expect(acc.observed).toEqual(['b', 'c']);
    expect(acc.precision).toBeCloseTo(2 / 3, 12);
    expect(acc.recall).toBe(1);
    expect(acc.edges.map((e) => `${e.from}>${e.to}:${e.status}`)).toEqual(['a>b:fired', 'b>c:fired', 'c>a:fired', 'c>d:silent']);
  });

  it('nothing predicted: precision null; a hop into the source that is not registered is still a missing edge', () => {
    const lone = buildGraph([node('solo', 'Agent'), node('other', 'System')]);
    const acc = computeAccuracy({
      incidentId: 'i',
      radius: blastRadius(lone, 'solo', { revision: 1 }),
      source: 'solo',
      observations: [obs('other', 'solo'), obs('solo', 'other'), obs('other', 'other')],
      registeredEdges: (f, t) => lone.hasDirectedEdge(f, t),
      unmatched: [],
    });
    expect(acc.precision).toBeNull();
    expect(acc.recall).toBe(0);
    expect(acc.falseNegatives).toEqual(['other']);
    expect(acc.missingEdges).toEqual([
      { from: 'other', to: 'solo' },
      { from: 'solo', to: 'other' },
    ]);
  });
});
