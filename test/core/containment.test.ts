// The containment plan (server/analysis/containment.ts): the fewest not-yet-stopped Agents and
// Systems whose stopping leaves no Surface reachable from the source. Checked on hand-made graphs
// and, by brute force over every subset of stoppable nodes, on small random graphs.
import { describe, expect, it } from 'vitest';
import type { BlastRadius, ContainmentPlan, NodeDocument } from '../../graph-schema/index.js';
import { containmentPlan } from '../../server/analysis/containment.js';
import { remainingExposure } from '../../server/analysis/exposure.js';
import { generateGraph, rng } from '../support/graphs.js';
import { docsFrom, outLists, radiusOf, randomSmallGraph, reachAvoiding, subsetsOfSize, type Kind } from './helpers.js';

const names = (plan: ContainmentPlan) => plan.stops.map((s) => s.name).sort();

function exposedSurfacesAfter(radius: BlastRadius, stopped: Iterable<string>): string[] {
  const kinds = new Map(radius.consumers.map((c) => [c.name, c.kind]));
  return [...remainingExposure(radius, new Set(stopped))].filter((n) => kinds.get(n) === 'Surface').sort();
}

interface Reference {
  exposedSurfaces: string[];
  unprotectable: string[];
  protectable: string[];
  cuttable: string[];
  minimum: number;
  /** every minimum-size set of stops, as sorted name lists */
  optimal: string[][];
}

/** The answer by definition, by brute force over every subset of stoppable nodes. */
function bruteForce(docs: NodeDocument[], source: string, stopped: ReadonlySet<string>): Reference {
  const out = outLists(docs);
  const kind = new Map<string, Kind>(docs.map((d) => [d.metadata.name, d.kind]));
  const exposed = reachAvoiding(out, source, stopped);
  const exposedSurfaces = [...exposed].filter((n) => kind.get(n) === 'Surface').sort();
  const cuttable = [...exposed].filter((n) => kind.get(n) !== 'Surface').sort();
  // A Surface is unprotectable when even stopping every Agent and System leaves it reachable.
  const everything = new Set([...stopped, ...cuttable]);
  const unprotectable = [...reachAvoiding(out, source, everything)].filter((n) => kind.get(n) === 'Surface').sort();
  const protectable = exposedSurfaces.filter((s) => !unprotectable.includes(s));
  for (let k = 0; k <= cuttable.length; k++) {
    const optimal: string[][] = [];
    for (const subset of subsetsOfSize(cuttable, k)) {
      const reached = reachAvoiding(out, source, new Set([...stopped, ...subset]));
      if (protectable.every((s) => !reached.has(s))) optimal.push(subset);
    }
    if (optimal.length > 0) return { exposedSurfaces, unprotectable, protectable, cuttable, minimum: k, optimal };
  }
  throw new Error('stopping every Agent and System must protect every protectable surface');
}

/** Checks a plan against the brute-force reference: size, validity, fields, protects lists. */
function checkPlan(docs: NodeDocument[], source: string, stopped: ReadonlySet<string>, label: string): { plan: ContainmentPlan; ref: Reference } {
  const radius = radiusOf(docs, source);
  const plan = containmentPlan('inc-x', radius, stopped);
  const ref = bruteForce(docs, source, stopped);
  const kind = new Map<string, Kind>(docs.map((d) => [d.metadata.name, d.kind]));
  const stopNames = plan.stops.map((s) => s.name);

  expect(plan.incident, label).toBe('inc-x');
  expect(plan.exposedSurfacesBefore, label).toEqual(ref.exposedSurfaces);
  expect(plan.unprotectable, label).toEqual(ref.unprotectable);
  expect(plan.feasible, label).toBe(ref.unprotectable.length === 0);
  // exactly the minimum, and each stop a distinct, not-yet-stopped Agent or System other than the source
  expect(plan.stops.length, label).toBe(ref.minimum);
  expect(new Set(stopNames).size, label).toBe(stopNames.length);
  for (const step of plan.stops) {
    expect(ref.cuttable, label).toContain(step.name);
    expect(stopped.has(step.name), label).toBe(false);
    expect(step.name, label).not.toBe(source);
    expect(step.kind, label).toBe(kind.get(step.name));
    expect(['Agent', 'System'], label).toContain(step.kind);
    expect(step.action, label).toBe('stop');
    expect(step.reason.trim().length, label).toBeGreaterThan(0);
  }
  expect(ref.optimal.map((o) => o.join(',')), label).toContain([...stopNames].sort().join(','));
  // applying it leaves only the unprotectable surfaces exposed
  const after = exposedSurfacesAfter(radius, [...stopped, ...stopNames]);
  expect(after, label).toEqual(ref.unprotectable);

  // protects: the protectable surfaces this stop is the gate to, i.e. reachable from it without
  // passing another stop, a stopped node or the source.
  const out = outLists(docs);
  for (const step of plan.stops) {
    const others = new Set([...stopped, ...stopNames.filter((n) => n !== step.name), source]);
    const behind = [...reachAvoiding(out, step.name, others)].filter((n) => ref.protectable.includes(n)).sort();
    expect(step.protects.filter((n) => !ref.unprotectable.includes(n)), `${label}: protects of ${step.name}`).toEqual(behind);
    // every name in protects is an exposed surface (whether unprotectable ones belong there is
    // checked separately below)
    for (const s of step.protects) expect(ref.exposedSurfaces, label).toContain(s);
    // a stop in a minimum plan always closes at least one path to a protectable surface
    expect(step.protects.length, `${label}: ${step.name}`).toBeGreaterThan(0);
  }
  return { plan, ref };
}

describe('containmentPlan on hand-made graphs', () => {
  it('finds the single node of a diamond that cuts off every surface', () => {
    // src -> {b, c} -> d -> {s1, s2}: d alone suffices; {b, c} would be two stops
    const docs = docsFrom(
      { src: 'Agent', b: 'Agent', c: 'System', d: 'Agent', s1: 'Surface', s2: 'Surface' },
      ['src>b', 'src>c', 'b>d', 'c>d', 'd>s1', 'd>s2'],
    );
    const radius = radiusOf(docs, 'src');
    const plan = containmentPlan('inc-1', radius, new Set());
    expect(plan).toEqual({
      incident: 'inc-1',
      stops: [{ name: 'd', kind: 'Agent', action: 'stop', protects: ['s1', 's2'], reason: expect.any(String) }],
      exposedSurfacesBefore: ['s1', 's2'],
      feasible: true,
      unprotectable: [],
    });
    expect(plan.stops[0].reason).toContain('s1');
    expect(exposedSurfacesAfter(radius, ['d'])).toEqual([]);
    checkPlan(docs, 'src', new Set(), 'diamond');
  });

  it('needs two stops for two disjoint paths', () => {
    const docs = docsFrom(
      { src: 'Agent', a: 'Agent', a2: 'System', b: 'System', s1: 'Surface', s2: 'Surface' },
      ['src>a', 'a>a2', 'a2>s1', 'src>b', 'b>s2'],
    );
    const radius = radiusOf(docs, 'src');
    const plan = containmentPlan('inc-2', radius, new Set());
    expect(plan.stops.length).toBe(2);
    // on the s1 path either a or a2 will do; on the s2 path only b
    expect(names(plan)).toContain('b');
    expect(names(plan).filter((n) => n === 'a' || n === 'a2')).toHaveLength(1);
    expect(plan.stops.find((s) => s.name === 'b')!.protects).toEqual(['s2']);
    expect(plan.stops.find((s) => s.name !== 'b')!.protects).toEqual(['s1']);
    expect(plan.feasible).toBe(true);
    expect(exposedSurfacesAfter(radius, names(plan))).toEqual([]);
    checkPlan(docs, 'src', new Set(), 'disjoint');
  });

  it('prefers one shared node over stopping each branch', () => {
    // src -> hub -> {x, y, z} -> one surface each: hub is the single cut
    const docs = docsFrom(
      { src: 'Agent', hub: 'System', x: 'Agent', y: 'Agent', z: 'Agent', sx: 'Surface', sy: 'Surface', sz: 'Surface' },
      ['src>hub', 'hub>x', 'hub>y', 'hub>z', 'x>sx', 'y>sy', 'z>sz'],
    );
    const plan = containmentPlan('inc', radiusOf(docs, 'src'), new Set());
    expect(plan.stops.map((s) => [s.name, s.kind, s.protects])).toEqual([['hub', 'System', ['sx', 'sy', 'sz']]]);
  });

  it('leaves out nodes already stopped, and plans only what is left', () => {
    const docs = docsFrom(
      { src: 'Agent', b: 'Agent', c: 'Agent', d: 'Agent', s1: 'Surface', s2: 'Surface' },
      ['src>b', 'src>c', 'b>d', 'c>d', 'd>s1', 'd>s2'],
    );
    const radius = radiusOf(docs, 'src');
    // d stopped already: nothing left to do
    const done = containmentPlan('inc', radius, new Set(['d']));
    expect(done).toEqual({ incident: 'inc', stops: [], exposedSurfacesBefore: [], feasible: true, unprotectable: [] });

    // b stopped: c (or d) remains; the plan never names b
    const half = containmentPlan('inc', radius, new Set(['b']));
    expect(half.stops).toHaveLength(1);
    expect(['c', 'd']).toContain(half.stops[0].name);
    expect(half.exposedSurfacesBefore).toEqual(['s1', 's2']);
    checkPlan(docs, 'src', new Set(['b']), 'b stopped');
  });

  it('does not reuse a stopped node when the remaining cut must go around it', () => {
    // src -> a -> s1 and src -> b -> a: a stopped, b is harmless now; src -> c -> s2 needs c
    const docs = docsFrom(
      { src: 'Agent', a: 'Agent', b: 'Agent', c: 'System', s1: 'Surface', s2: 'Surface' },
      ['src>a', 'a>s1', 'src>b', 'b>a', 'src>c', 'c>s2'],
    );
    const plan = containmentPlan('inc', radiusOf(docs, 'src'), new Set(['a']));
    expect(names(plan)).toEqual(['c']);
    expect(plan.exposedSurfacesBefore).toEqual(['s2']);
    checkPlan(docs, 'src', new Set(['a']), 'a stopped');
  });

  it('reports a surface fed directly by the source as unprotectable, and still protects the surfaces behind it', () => {
    // src -> direct (Surface) -> relay (Agent) -> behind (Surface); src -> other -> far (Surface)
    // direct -> echo (Surface): reached through surfaces only, unprotectable too
    const docs = docsFrom(
      { src: 'Agent', direct: 'Surface', relay: 'Agent', behind: 'Surface', other: 'System', far: 'Surface', echo: 'Surface' },
      ['src>direct', 'direct>relay', 'relay>behind', 'src>other', 'other>far', 'direct>echo'],
    );
    const radius = radiusOf(docs, 'src');
    const plan = containmentPlan('inc-3', radius, new Set());
    expect(plan.feasible).toBe(false);
    expect(plan.unprotectable).toEqual(['direct', 'echo']);
    expect(plan.exposedSurfacesBefore).toEqual(['behind', 'direct', 'echo', 'far']);
    expect(plan.stops.map((s) => [s.name, s.protects])).toEqual([
      ['other', ['far']],
      ['relay', ['behind']],
    ]);
    expect(exposedSurfacesAfter(radius, names(plan))).toEqual(['direct', 'echo']);
    checkPlan(docs, 'src', new Set(), 'unprotectable');
  });

  it('is feasible with no stops when the only surfaces are stopped already', () => {
    // a Surface marked stop is paused too
    const docs = docsFrom({ src: 'Agent', s: 'Surface', t: 'Surface' }, ['src>s', 's>t']);
    const plan = containmentPlan('inc', radiusOf(docs, 'src'), new Set(['s']));
    expect(plan).toEqual({ incident: 'inc', stops: [], exposedSurfacesBefore: [], feasible: true, unprotectable: [] });
  });

  it('does not claim that a stop protects a surface the source feeds directly', () => {
    // src -> u (Surface) directly, and src -> a -> u, a -> s. Stopping a protects s, never u.
    const docs = docsFrom({ src: 'Agent', a: 'Agent', u: 'Surface', s: 'Surface' }, ['src>u', 'src>a', 'a>u', 'a>s']);
    const plan = containmentPlan('inc', radiusOf(docs, 'src'), new Set());
    expect(plan.unprotectable).toEqual(['u']);
    expect(plan.stops.map((s) => s.name)).toEqual(['a']);
    expect(plan.stops[0].protects).toEqual(['s']);
    expect(plan.stops[0].reason).not.toContain('u,');
  });

  it('cuts paths that pass through surfaces', () => {
    // src -> a -> s1 -> s2 -> b -> s3: a alone protects all three surfaces
    const docs = docsFrom(
      { src: 'Agent', a: 'Agent', s1: 'Surface', s2: 'Surface', b: 'Agent', s3: 'Surface' },
      ['src>a', 'a>s1', 's1>s2', 's2>b', 'b>s3'],
    );
    const plan = containmentPlan('inc', radiusOf(docs, 'src'), new Set());
    expect(plan.stops.map((s) => [s.name, s.protects])).toEqual([['a', ['s1', 's2', 's3']]]);
    expect(plan.feasible).toBe(true);

    // with a second way into s3 around the surfaces: src -> c -> b. {a, b} or {a, c}: two stops
    const docs2 = docsFrom(
      { src: 'Agent', a: 'Agent', s1: 'Surface', s2: 'Surface', b: 'Agent', c: 'System', s3: 'Surface' },
      ['src>a', 'a>s1', 's1>s2', 's2>b', 'b>s3', 'src>c', 'c>b'],
    );
    const { plan: plan2, ref } = checkPlan(docs2, 'src', new Set(), 'through surfaces');
    expect(plan2.stops).toHaveLength(2);
    expect(ref.optimal).toEqual([['a', 'b'], ['a', 'c']]);
    expect(names(plan2)).toContain('a');
  });

  it('handles cycles, including one back to the source, and never plans to stop the source', () => {
    // src -> a -> b -> src (cycle), b -> s; a <-> c, c -> s2
    const docs = docsFrom(
      { src: 'Agent', a: 'Agent', b: 'System', c: 'Agent', s: 'Surface', s2: 'Surface' },
      ['src>a', 'a>b', 'b>src', 'b>s', 'a>c', 'c>a', 'c>s2'],
    );
    const plan = containmentPlan('inc', radiusOf(docs, 'src'), new Set());
    expect(plan.stops.map((s) => [s.name, s.protects])).toEqual([['a', ['s', 's2']]]);
    checkPlan(docs, 'src', new Set(), 'cycle');
  });

  it('ignores gates: a gated path to a surface still needs closing', () => {
    const docs = docsFrom({ src: 'Agent', a: 'Agent', s: 'Surface' }, ['src>a:human-review', 'a>s:automated-check']);
    const plan = containmentPlan('inc', radiusOf(docs, 'src'), new Set());
    expect(plan.stops.map((s) => s.name)).toEqual(['a']);
  });

  it('answers an empty plan when no surface is reachable', () => {
    const docs = docsFrom({ src: 'Agent', a: 'Agent', b: 'System' }, ['src>a', 'a>b']);
    expect(containmentPlan('inc', radiusOf(docs, 'src'), new Set())).toEqual({
      incident: 'inc',
      stops: [],
      exposedSurfacesBefore: [],
      feasible: true,
      unprotectable: [],
    });
  });

  it('plans from a Surface source: the source is never stopped, its consumers are', () => {
    const docs = docsFrom({ src: 'Surface', a: 'Agent', s: 'Surface', t: 'Surface' }, ['src>a', 'a>s', 'src>t']);
    const plan = containmentPlan('inc', radiusOf(docs, 'src'), new Set());
    expect(plan.stops.map((s) => s.name)).toEqual(['a']);
    expect(plan.unprotectable).toEqual(['t']);
    expect(plan.feasible).toBe(false);
  });

  it('finds a cut of size k on k parallel two-node paths joined at both ends', () => {
    // src -> m{i} -> n{i} -> s for i < 5, plus crossing edges m{i} -> n{i+1}: min cut is 5
    const nodes: Record<string, Kind> = { src: 'Agent', s: 'Surface' };
    const edges: string[] = [];
    for (let i = 0; i < 5; i++) {
      nodes[`m${i}`] = 'Agent';
      nodes[`n${i}`] = 'System';
      edges.push(`src>m${i}`, `m${i}>n${i}`, `n${i}>s`);
      if (i < 4) edges.push(`m${i}>n${i + 1}`);
    }
    const docs = docsFrom(nodes, edges);
    const radius = radiusOf(docs, 'src');
    const plan = containmentPlan('inc', radius, new Set());
    expect(plan.stops).toHaveLength(5);
    expect(exposedSurfacesAfter(radius, names(plan))).toEqual([]);
  });
});

/**
 * A random graph shaped for containment: mostly forward edges (some back edges and cycles), the
 * source g0 feeding Agents and Systems and, rarely, a Surface directly; surfaces in between.
 */
function randomCutGraph(seed: number, n: number): NodeDocument[] {
  const random = rng(seed);
  const nodes: Record<string, Kind> = { g0: 'Agent' };
  // surfaces grow likelier towards the end, where forward edges lead
  for (let i = 1; i < n; i++) nodes[`g${i}`] = random() < 0.15 + (0.6 * i) / n ? 'Surface' : random() < 0.6 ? 'Agent' : 'System';
  const edges: string[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 1; j < n; j++) {
      if (i === j) continue;
      const p = i === 0 ? (nodes[`g${j}`] === 'Surface' ? 0.05 : 0.4) : i < j ? 0.4 : 0.07;
      if (random() < p) edges.push(`g${i}>g${j}`);
    }
  }
  return docsFrom(nodes, edges);
}

describe('containmentPlan against brute force on small random graphs', () => {
  const cases: { seed: number; n: number; density: number }[] = [];
  for (let seed = 1; seed <= 30; seed++) cases.push({ seed, n: 7 + (seed % 6), density: 0.12 + (seed % 5) * 0.05 });

  it.each(cases)('random graph seed $seed, $n nodes', ({ seed, n, density }) => {
    const docs = seed % 5 === 0 ? randomSmallGraph(seed * 7919, n, density) : randomCutGraph(seed * 7919, n);
    const random = rng(seed);
    // the plan with nothing stopped, from g0 and from a random source
    const sources = ['g0', `g${Math.floor(random() * n)}`];
    for (const source of sources) {
      checkPlan(docs, source, new Set(), `seed ${seed} from ${source}`);
      // and with a random set of consumers (any kind) stopped already
      const consumers = radiusOf(docs, source).consumers.map((c) => c.name);
      const stopped = new Set(consumers.filter(() => random() < 0.25));
      checkPlan(docs, source, stopped, `seed ${seed} from ${source} with ${[...stopped].join(',')} stopped`);
    }
  });

  it('never lists an unprotectable surface in a stop\'s protects (across all the random graphs)', () => {
    // A surface the source reaches through surfaces alone stays exposed whatever is stopped; a
    // stop cannot "help cut it off", and its reason ("every remaining path to X passes through
    // this stop") would be false for it.
    const wrong: string[] = [];
    let infeasiblePlans = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const n = 7 + (seed % 6);
      for (const docs of [randomSmallGraph(seed * 7919, n, 0.12 + (seed % 5) * 0.05), randomCutGraph(seed * 7919, n)]) {
        const plan = containmentPlan('inc', radiusOf(docs, 'g0'), new Set());
        if (!plan.feasible && plan.stops.length > 0) infeasiblePlans++;
        for (const step of plan.stops) {
          const bad = step.protects.filter((s) => plan.unprotectable.includes(s));
          if (bad.length > 0) wrong.push(`seed ${seed}: ${step.name} protects ${bad.join(', ')} (unprotectable)`);
        }
      }
    }
    expect(infeasiblePlans).toBeGreaterThan(5); // the check has something to look at
    expect(wrong).toEqual([]);
  });

  it('agrees with brute force on generateGraph graphs of up to 12 nodes', () => {
    for (let seed = 100; seed < 110; seed++) {
      const docs = generateGraph(seed, 12);
      for (const source of ['n0', 'n1', 'n5']) checkPlan(docs, source, new Set(), `generateGraph ${seed} from ${source}`);
    }
  });

  it('the random graphs exercise plans of several sizes, feasible and not', () => {
    const sizes = new Map<number, number>();
    let infeasible = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const n = 7 + (seed % 6);
      const docs = seed % 5 === 0 ? randomSmallGraph(seed * 7919, n, 0.12 + (seed % 5) * 0.05) : randomCutGraph(seed * 7919, n);
      const ref = bruteForce(docs, 'g0', new Set());
      sizes.set(ref.minimum, (sizes.get(ref.minimum) ?? 0) + 1);
      if (ref.unprotectable.length > 0) infeasible++;
    }
    expect([...sizes.keys()].filter((k) => k >= 2).length).toBeGreaterThanOrEqual(2);
    expect(sizes.get(0) ?? 0).toBeLessThanOrEqual(12);
    expect(infeasible).toBeGreaterThan(0);
    expect(infeasible).toBeLessThan(25);
  });

  it('the brute-force reference itself finds the known answer of the diamond', () => {
    const docs = docsFrom(
      { src: 'Agent', b: 'Agent', c: 'Agent', d: 'Agent', s1: 'Surface', s2: 'Surface' },
      ['src>b', 'src>c', 'b>d', 'c>d', 'd>s1', 'd>s2'],
    );
    const ref = bruteForce(docs, 'src', new Set());
    expect(ref).toEqual({
      exposedSurfaces: ['s1', 's2'],
      unprotectable: [],
      protectable: ['s1', 's2'],
      cuttable: ['b', 'c', 'd'],
      minimum: 1,
      optimal: [['d']],
    });
  });
});
