// Edge cases of the blast radius (server/analysis/blast-radius.ts): fastest arrival against a
// Bellman-Ford reference, the path tie-break whatever the insertion order, maxDepth at both
// extremes, and direct versus gated exposure.
import { describe, expect, it } from 'vitest';
import { durationSeconds, type NodeDocument } from '../../graph-schema/index.js';
import { blastRadius, fastestArrival, reachableWithoutGates } from '../../server/analysis/blast-radius.js';
import { buildGraph } from '../../server/analysis/graph.js';
import { generateGraph, referenceRadius, rng } from '../support/graphs.js';
import { docsFrom, radiusOf, randomSmallGraph, shuffle } from './helpers.js';

interface FlatEdge {
  from: string;
  to: string;
  gate: string;
  delay: number;
}

function flatEdges(docs: NodeDocument[]): FlatEdge[] {
  return docs.flatMap((d) => d.spec.consumes.map((c) => ({ from: c.from, to: d.metadata.name, gate: c.gate, delay: c.delay === undefined ? 0 : durationSeconds(c.delay)! })));
}

/** Bellman-Ford over every edge: the fastest arrival by definition (delays are never negative). */
function bellmanFord(docs: NodeDocument[], source: string): Map<string, number> {
  const edges = flatEdges(docs);
  const dist = new Map<string, number>([[source, 0]]);
  for (let round = 0; round < docs.length; round++) {
    let changed = false;
    for (const e of edges) {
      const du = dist.get(e.from);
      if (du === undefined) continue;
      const dv = dist.get(e.to);
      if (dv === undefined || du + e.delay < dv) {
        dist.set(e.to, du + e.delay);
        changed = true;
      }
    }
    if (!changed) break;
  }
  dist.delete(source);
  return dist;
}

/** The path by definition: BFS layers; each node's predecessor is the smallest-named node one layer closer. */
function referencePaths(docs: NodeDocument[], source: string): Map<string, string[]> {
  const edges = flatEdges(docs);
  const depth = new Map<string, number>([[source, 0]]);
  let frontier = [source];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const e of edges) {
      if (frontier.includes(e.from) && !depth.has(e.to)) {
        depth.set(e.to, depth.get(e.from)! + 1);
        next.push(e.to);
      }
    }
    frontier = next;
  }
  const paths = new Map<string, string[]>([[source, [source]]]);
  const byDepth = [...depth].sort((a, b) => a[1] - b[1]);
  for (const [name, d] of byDepth) {
    if (name === source) continue;
    const preds = edges.filter((e) => e.to === name && depth.get(e.from) === d - 1).map((e) => e.from);
    // code-point order, spelled out
    const best = preds.reduce((m, p) => (Buffer.compare(Buffer.from(p), Buffer.from(m)) < 0 ? p : m));
    paths.set(name, [...paths.get(best)!, name]);
  }
  paths.delete(source);
  return paths;
}

const sortEdges = <T extends { from: string; to: string }>(edges: T[]): T[] =>
  [...edges].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));

function shuffledDocs(docs: NodeDocument[], seed: number): NodeDocument[] {
  const random = rng(seed);
  return shuffle(docs, random).map((d) => ({ ...d, spec: { ...d.spec, consumes: shuffle(d.spec.consumes, random) } }));
}

describe('fastestArrival', () => {
  it('sums declared delays, counts an edge without a delay as 0, and takes the fastest path', () => {
    // src -(1h)-> slow -> t;  src -> a -(5m)-> b -(5m)-> t: t arrives after 10m, not 1h
    const docs = docsFrom(
      { src: 'Agent', slow: 'Agent', a: 'Agent', b: 'System', t: 'Surface', u: 'Surface' },
      ['src>slow@PT1H', 'slow>t', 'src>a', 'a>b@PT5M', 'b>t@PT5M', 'slow>u@P1D', 'b>u@PT1H30M'],
    );
    const arrival = fastestArrival(buildGraph(docs), 'src');
    expect(Object.fromEntries(arrival)).toEqual({ slow: 3600, a: 0, b: 300, t: 600, u: 300 + 5400 });
    const radius = radiusOf(docs, 'src');
    expect(Object.fromEntries(radius.consumers.map((c) => [c.name, c.arrivalSeconds]))).toEqual({ slow: 3600, a: 0, b: 300, t: 600, u: 5700 });
    // depth and arrival disagree on purpose: t is at depth 2 via slow, its path goes through slow
    expect(radius.consumers.find((c) => c.name === 't')!.path).toEqual(['src', 'slow', 't']);
  });

  it('never reports the source, even when a cycle leads back to it', () => {
    const docs = docsFrom({ src: 'Agent', a: 'Agent' }, ['src>a@PT1M', 'a>src@PT1M']);
    expect(Object.fromEntries(fastestArrival(buildGraph(docs), 'src'))).toEqual({ a: 60 });
  });

  it('agrees with Bellman-Ford on random graphs', () => {
    let compared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const docs = seed % 2 ? generateGraph(seed, 50) : randomSmallGraph(seed, 12, 0.25);
      const graph = buildGraph(docs);
      for (const source of docs.map((d) => d.metadata.name).filter((_, i) => i % 7 === 0)) {
        const expected = bellmanFord(docs, source);
        expect(Object.fromEntries(fastestArrival(graph, source)), `seed ${seed} from ${source}`).toEqual(Object.fromEntries(expected));
        const radius = blastRadius(graph, source, { revision: 3 });
        for (const c of radius.consumers) expect(c.arrivalSeconds, `${source}->${c.name}`).toBe(expected.get(c.name));
        compared += expected.size;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});

describe('paths and their tie-break', () => {
  it('goes through the predecessor with the smallest name in code-point order', () => {
    // three predecessors one layer closer, in code-point order "b-x" < "b0" < "ba" (a locale-aware sort may differ)
    const docs = docsFrom(
      { src: 'Agent', ba: 'Agent', b0: 'Agent', 'b-x': 'Agent', z: 'Surface' },
      ['src>ba', 'src>b0', 'src>b-x', 'ba>z', 'b0>z', 'b-x>z'],
    );
    expect(radiusOf(docs, 'src').consumers.find((c) => c.name === 'z')!.path).toEqual(['src', 'b-x', 'z']);
    // "10" sorts before "9" in code-point order
    const digits = docsFrom({ src: 'Agent', n9: 'Agent', n10: 'Agent', z: 'Surface' }, ['src>n9', 'src>n10', 'n9>z', 'n10>z']);
    expect(radiusOf(digits, 'src').consumers.find((c) => c.name === 'z')!.path).toEqual(['src', 'n10', 'z']);
  });

  it('chooses among shortest paths only: a smaller name on a longer path is never taken', () => {
    // src -> a -> b -> z and src -> y -> z: z at depth 2 through y even though "a" < "y"
    const docs = docsFrom({ src: 'Agent', a: 'Agent', b: 'Agent', y: 'Agent', z: 'Surface' }, ['src>a', 'a>b', 'b>z', 'src>y', 'y>z']);
    expect(radiusOf(docs, 'src').consumers.map((c) => [c.name, c.depth, c.path])).toEqual([
      ['a', 1, ['src', 'a']],
      ['y', 1, ['src', 'y']],
      ['b', 2, ['src', 'a', 'b']],
      ['z', 2, ['src', 'y', 'z']],
    ]);
  });

  it('the whole answer is the same whatever order the documents and edges were given in', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const docs = seed % 2 ? generateGraph(seed, 60) : randomSmallGraph(seed, 12, 0.3);
      const sources = ['n0', 'n1', 'n5', 'g0', 'g3'].filter((s) => docs.some((d) => d.metadata.name === s));
      for (const source of sources) {
        const reference = radiusOf(docs, source);
        for (let k = 1; k <= 3; k++) {
          const again = radiusOf(shuffledDocs(docs, seed * 10 + k), source);
          expect(again, `seed ${seed} from ${source} shuffle ${k}`).toEqual(reference);
          expect(JSON.stringify(again)).toBe(JSON.stringify(reference));
        }
      }
    }
  });

  it('matches the path definition on random graphs, and every step is a registered edge', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const docs = seed % 2 ? generateGraph(seed, 40) : randomSmallGraph(seed, 12, 0.3);
      const edgeSet = new Set(flatEdges(docs).map((e) => `${e.from}->${e.to}`));
      const source = docs[seed % docs.length].metadata.name;
      const expected = referencePaths(docs, source);
      const radius = radiusOf(shuffledDocs(docs, seed), source);
      expect(radius.consumers.length).toBe(expected.size);
      for (const c of radius.consumers) {
        expect(c.path, `seed ${seed} ${source}->${c.name}`).toEqual(expected.get(c.name));
        expect(c.path.length).toBe(c.depth + 1);
        for (let i = 1; i < c.path.length; i++) expect(edgeSet.has(`${c.path[i - 1]}->${c.path[i]}`)).toBe(true);
      }
      // and the depth/exposure/order against the shared reference
      const ref = referenceRadius(docs, source);
      expect(radius.consumers.map(({ name, depth, exposure }) => ({ name, depth, exposure }))).toEqual(ref.consumers);
      expect(new Set(radius.edges.map((e) => `${e.from}->${e.to}`))).toEqual(ref.edges);
    }
  });
});

describe('maxDepth', () => {
  const docs = docsFrom(
    { src: 'Agent', a: 'Agent', b: 'System', c: 'Surface', d: 'Surface' },
    ['src>a', 'a>b', 'b>c', 'c>d', 'd>src', 'src>b:human-review'],
  );
  const full = radiusOf(docs, 'src');

  it('0 keeps no consumer, says it was cut, and keeps no edge', () => {
    const r = radiusOf(docs, 'src', { maxDepth: 0 });
    expect(r).toEqual({ source: 'src', sourceKind: 'Agent', revision: 1, actionClasses: null, maxDepth: 0, truncated: true, cut: 4, consumers: [], edges: [] });
  });

  it('an intermediate depth keeps the consumers and the edges among them only', () => {
    const r = radiusOf(docs, 'src', { maxDepth: 1 });
    expect(r.consumers.map((c) => c.name)).toEqual(['a', 'b']);
    expect(r.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(['a->b', 'src->a', 'src->b']);
    expect(r).toMatchObject({ maxDepth: 1, truncated: true, cut: 2 });
    // consumers kept are identical to those of the full radius
    expect(r.consumers).toEqual(full.consumers.filter((c) => c.depth <= 1));
  });

  it('a depth at or beyond the deepest consumer cuts nothing', () => {
    expect(full.consumers.map((c) => [c.name, c.depth])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 2],
      ['d', 3],
    ]);
    for (const maxDepth of [3, 4, 10_000]) {
      const r = radiusOf(docs, 'src', { maxDepth });
      expect(r).toEqual({ ...full, maxDepth, truncated: false, cut: 0 });
    }
    expect(full).toMatchObject({ maxDepth: null, truncated: false, cut: 0 });
  });

  it('keeps the edge back into the source, with its attributes', () => {
    // the contract fixes which edges, not their order
    expect(sortEdges(full.edges)).toEqual([
      { from: 'a', to: 'b', gate: 'none', channel: 'api', mode: 'async' },
      { from: 'b', to: 'c', gate: 'none', channel: 'api', mode: 'async' },
      { from: 'c', to: 'd', gate: 'none', channel: 'api', mode: 'async' },
      { from: 'd', to: 'src', gate: 'none', channel: 'api', mode: 'async' },
      { from: 'src', to: 'a', gate: 'none', channel: 'api', mode: 'async' },
      { from: 'src', to: 'b', gate: 'human-review', channel: 'api', mode: 'async' },
    ]);
  });

  it('cut counts what lies beyond on random graphs', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const g = generateGraph(seed, 60);
      const whole = radiusOf(g, 'n0');
      for (const k of [0, 1, 2, 3, 5]) {
        const r = radiusOf(g, 'n0', { maxDepth: k });
        const kept = whole.consumers.filter((c) => c.depth <= k);
        expect(r.consumers).toEqual(kept);
        expect(r.cut).toBe(whole.consumers.length - kept.length);
        expect(r.truncated).toBe(kept.length < whole.consumers.length);
        const inside = new Set(['n0', ...kept.map((c) => c.name)]);
        expect(sortEdges(r.edges)).toEqual(sortEdges(whole.edges.filter((e) => inside.has(e.from) && inside.has(e.to))));
      }
    }
  });
});

describe('exposure', () => {
  it('is direct when an ungated path exists, even if a gated path is shorter', () => {
    // src -[human-review]-> x (depth 1); src -> a -> b -> x (ungated, longer)
    const docs = docsFrom({ src: 'Agent', a: 'Agent', b: 'Agent', x: 'Surface' }, ['src>x:human-review', 'src>a', 'a>b', 'b>x']);
    const x = radiusOf(docs, 'src').consumers.find((c) => c.name === 'x')!;
    expect(x).toMatchObject({ depth: 1, path: ['src', 'x'], exposure: 'direct' });
  });

  it('is gated when every path crosses a gate, also downstream of the gate', () => {
    // src -[automated-check]-> a -> b;  src -> c -[human-review]-> b;  b -> s
    const docs = docsFrom(
      { src: 'Agent', a: 'Agent', b: 'System', c: 'Agent', s: 'Surface' },
      ['src>a:automated-check', 'a>b', 'src>c', 'c>b:human-review', 'b>s'],
    );
    const r = radiusOf(docs, 'src');
    expect(Object.fromEntries(r.consumers.map((c) => [c.name, c.exposure]))).toEqual({ a: 'gated', c: 'direct', b: 'gated', s: 'gated' });
    expect([...reachableWithoutGates(buildGraph(docs), 'src')].sort()).toEqual(['c']);
  });

  it('an ungated cycle back through the source does not make the source a consumer', () => {
    const docs = docsFrom({ src: 'Agent', a: 'Agent', b: 'Surface' }, ['src>a', 'a>src', 'src>b:human-review']);
    const r = radiusOf(docs, 'src');
    expect(r.consumers.map((c) => [c.name, c.exposure])).toEqual([
      ['a', 'direct'],
      ['b', 'gated'],
    ]);
  });

  it('a source without consumers has an empty radius', () => {
    const docs = docsFrom({ lone: 'System', other: 'Agent' }, []);
    expect(radiusOf(docs, 'lone', { revision: 7 })).toEqual({
      source: 'lone',
      sourceKind: 'System',
      revision: 7,
      actionClasses: null,
      maxDepth: null,
      truncated: false,
      cut: 0,
      consumers: [],
      edges: [],
    });
  });

  it('fills kind, suggestion, owner, title and contact of each consumer', () => {
    const docs = docsFrom(
      { src: 'Agent', ag: 'Agent', sy: 'System', su: 'Surface' },
      ['src>ag', 'src>sy', 'src>su'],
      { su: { owner: 'cx', contact: 'cx@example.com', title: 'Customer email' } },
    );
    const byName = Object.fromEntries(radiusOf(docs, 'src').consumers.map((c) => [c.name, c]));
    expect(byName.ag).toMatchObject({ kind: 'Agent', suggestedAction: 'stop' });
    expect(byName.sy).toMatchObject({ kind: 'System', suggestedAction: 'correct' });
    expect(byName.su).toEqual({
      name: 'su',
      kind: 'Surface',
      depth: 1,
      path: ['src', 'su'],
      exposure: 'direct',
      suggestedAction: 'notify',
      owner: 'cx',
      title: 'Customer email',
      contact: 'cx@example.com',
      audience: 'customer', // a Surface's audience, defaulted: who must be told
      arrivalSeconds: 0,
    });
    expect('title' in byName.ag).toBe(false);
  });
});
