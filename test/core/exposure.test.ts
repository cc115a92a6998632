// Remaining exposure and the incident view (server/analysis/exposure.ts): stops block, other
// decisions do not, the source never counts, progress and arrival times are what they say.
import { describe, expect, it } from 'vitest';
import type { BlastRadius, IncidentConsumer, StatusChange } from '../../graph-schema/index.js';
import { incidentView, radiusAdjacency, remainingExposure, stoppedNames, undecidedByArrival } from '../../server/analysis/exposure.js';
import { currentDecisions } from '../../server/store/types.js';
import { generateGraph, rng } from '../support/graphs.js';
import { docsFrom, historyOf, incidentRecord, outLists, radiusOf, randomSmallGraph, reachAvoiding } from './helpers.js';

// src -a(1m)-> a -(2m)-> b -(30s)-> s1;  src -(10m)-> c -> s1;  c -[human-review]-> s2 -> src;  a -> d
const docs = docsFrom(
  { src: 'Agent', a: 'Agent', b: 'System', c: 'Agent', s1: 'Surface', s2: 'Surface', d: 'System' },
  ['src>a@PT1M', 'a>b@PT2M', 'b>s1@PT30S', 'src>c@PT10M', 'c>s1', 'c>s2:human-review', 's2>src', 'a>d'],
);
const radius = radiusOf(docs, 'src');
const sorted = (s: Iterable<string>) => [...s].sort();

describe('remainingExposure', () => {
  it('is every consumer when nothing is stopped, never the source even when a cycle leads back to it', () => {
    expect(sorted(remainingExposure(radius, new Set()))).toEqual(['a', 'b', 'c', 'd', 's1', 's2']);
    expect(remainingExposure(radius, new Set()).has('src')).toBe(false);
  });

  it('stops propagation at a stopped consumer, and leaves out the stopped consumer itself', () => {
    // c stopped: s2 is only reachable through c; s1 still through a -> b
    expect(sorted(remainingExposure(radius, new Set(['c'])))).toEqual(['a', 'b', 'd', 's1']);
    // a stopped: b and d are behind a; s1 still via c
    expect(sorted(remainingExposure(radius, new Set(['a'])))).toEqual(['c', 's1', 's2']);
    // both first-hop consumers stopped: nothing is exposed
    expect(sorted(remainingExposure(radius, new Set(['a', 'c'])))).toEqual([]);
    // b and c stopped: s1 is cut on both of its paths
    expect(sorted(remainingExposure(radius, new Set(['b', 'c'])))).toEqual(['a', 'd']);
  });

  it('a stopped Surface holds the output back too', () => {
    const chain = radiusOf(docsFrom({ x: 'Agent', s: 'Surface', t: 'Surface' }, ['x>s', 's>t']), 'x');
    expect(sorted(remainingExposure(chain, new Set(['s'])))).toEqual([]);
    expect(sorted(remainingExposure(chain, new Set(['t'])))).toEqual(['s']);
  });

  it('names unrelated to the radius in the stopped set change nothing', () => {
    expect(sorted(remainingExposure(radius, new Set(['not-there', 'src'])))).toEqual(['a', 'b', 'c', 'd', 's1', 's2']);
  });

  it('reads only the radius edges (a maxDepth-cut radius exposes only what it holds)', () => {
    const cut = radiusOf(docs, 'src', { maxDepth: 1 });
    expect(cut.consumers.map((c) => c.name)).toEqual(['a', 'c']);
    expect(sorted(remainingExposure(cut, new Set()))).toEqual(['a', 'c']);
    expect(sorted(remainingExposure(cut, new Set(['a'])))).toEqual(['c']);
  });

  it('radiusAdjacency lists each radius edge once, by producer', () => {
    const adj = radiusAdjacency(radius);
    expect(Object.fromEntries([...adj].map(([k, v]) => [k, [...v].sort()]))).toEqual({
      src: ['a', 'c'],
      a: ['b', 'd'],
      b: ['s1'],
      c: ['s1', 's2'],
      s2: ['src'],
    });
  });

  it('agrees with a brute-force reachability on random graphs and random stop sets', () => {
    let checked = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const random = rng(seed * 31);
      const graph = seed % 2 === 0 ? randomSmallGraph(seed, 6 + (seed % 10), 0.2) : generateGraph(seed, 40);
      const out = outLists(graph);
      const sources = graph.map((d) => d.metadata.name).filter(() => random() < 0.3).slice(0, 4);
      for (const source of sources) {
        const r = radiusOf(graph, source);
        for (let trial = 0; trial < 5; trial++) {
          const p = [0, 0.1, 0.3, 0.6, 1][trial];
          const stopped = new Set(r.consumers.map((c) => c.name).filter(() => random() < p));
          const expected = sorted(reachAvoiding(out, source, stopped));
          expect(sorted(remainingExposure(r, stopped)), `seed ${seed} ${source} stopped ${[...stopped]}`).toEqual(expected);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('incidentView', () => {
  const record = incidentRecord(radius, { detectedAt: '2025-03-01T10:00:00.000Z' });
  const history = historyOf([
    { name: 'b', action: 'correct', note: 'fixed rows', by: 'lee' },
    { name: 'c', action: 'notify', by: 'sam' },
    { name: 's2', action: 'notify', note: 'email sent' },
    { name: 'c', action: 'stop', note: 'paused', by: 'priya' },
  ]);

  it('takes the latest decision per consumer, with its version, note, by and at', () => {
    const view = incidentView(record, history, []);
    const c = view.consumers.find((x) => x.name === 'c')!;
    expect(c.decision).toEqual({ name: 'c', action: 'stop', note: 'paused', version: 2, by: 'priya', at: history[3].at });
    expect(view.consumers.find((x) => x.name === 'b')!.decision).toEqual({ name: 'b', action: 'correct', note: 'fixed rows', version: 1, by: 'lee', at: history[0].at });
    expect(view.consumers.find((x) => x.name === 'a')!.decision).toBeNull();
    // a later "notify" after a stop reopens the path
    const reopened = incidentView(record, [...history, ...historyOf([{ name: 'c', action: 'notify' }]).map((h) => ({ ...h, seq: 5, version: 3, previousAction: 'stop' as const }))], []);
    expect(reopened.consumers.find((x) => x.name === 'c')!.decision?.action).toBe('notify');
    expect(reopened.consumers.find((x) => x.name === 's2')!.exposed).toBe(true);
  });

  it('counts progress and exposed surfaces, and lists the remaining exposure in consumer order', () => {
    const view = incidentView(record, history, []);
    expect(view.progress).toEqual({ total: 6, stop: 1, correct: 1, notify: 1, undecided: 3, surfacesExposed: 1 });
    expect(view.remainingExposure).toEqual([
      { name: 'a', kind: 'Agent', depth: 1 },
      { name: 'b', kind: 'System', depth: 2 },
      { name: 'd', kind: 'System', depth: 2 },
      { name: 's1', kind: 'Surface', depth: 2 },
    ]);
    expect(view.consumers.map((c) => [c.name, c.exposed])).toEqual([
      ['a', true],
      ['c', false],
      ['b', true],
      ['d', true],
      ['s1', true],
      ['s2', false],
    ]);
  });

  it('a correct or notify decision does not block propagation; only stop does', () => {
    const noStops = historyOf([
      { name: 'a', action: 'correct' },
      { name: 'c', action: 'notify' },
      { name: 'b', action: 'notify' },
    ]);
    const view = incidentView(record, noStops, []);
    expect(view.consumers.every((c) => c.exposed)).toBe(true);
    expect(view.progress).toEqual({ total: 6, stop: 0, correct: 1, notify: 2, undecided: 3, surfacesExposed: 2 });
    const stopped = incidentView(record, historyOf([{ name: 'a', action: 'stop' }, { name: 'c', action: 'stop' }]), []);
    expect(stopped.remainingExposure).toEqual([]);
    expect(stopped.progress).toEqual({ total: 6, stop: 2, correct: 0, notify: 0, undecided: 4, surfacesExposed: 0 });
  });

  it('estimatedArrival is detectedAt plus the fastest arrival', () => {
    const view = incidentView(record, [], []);
    expect(Object.fromEntries(view.consumers.map((c) => [c.name, [c.arrivalSeconds, c.estimatedArrival]]))).toEqual({
      a: [60, '2025-03-01T10:01:00.000Z'],
      d: [60, '2025-03-01T10:01:00.000Z'],
      b: [180, '2025-03-01T10:03:00.000Z'],
      s1: [210, '2025-03-01T10:03:30.000Z'],
      c: [600, '2025-03-01T10:10:00.000Z'],
      s2: [600, '2025-03-01T10:10:00.000Z'],
    });
    const later = incidentView({ ...record, detectedAt: '2025-12-31T23:59:00.000Z' }, [], []);
    expect(later.consumers.find((c) => c.name === 'c')!.estimatedArrival).toBe('2026-01-01T00:09:00.000Z');
  });

  it('an unknown arrival stays null', () => {
    const r: BlastRadius = { ...radius, consumers: radius.consumers.map((c) => (c.name === 'd' ? { ...c, arrivalSeconds: null } : c)) };
    const view = incidentView(incidentRecord(r), [], []);
    expect(view.consumers.find((c) => c.name === 'd')!.estimatedArrival).toBeNull();
  });

  it('keeps the record fields and passes the status history through', () => {
    const status: StatusChange[] = [{ status: 'contained', previous: 'open', by: 'sam', at: '2025-03-01T11:00:00.000Z' }];
    const view = incidentView({ ...record, outputRef: 'msg-42', status: 'contained' }, history, status);
    expect(view).toMatchObject({
      id: 'inc-test-1',
      title: 'Bad output',
      source: 'src',
      failureMode: 'hallucination',
      outputRef: 'msg-42',
      status: 'contained',
      revision: 1,
      openedBy: 'sam',
      statusHistory: status,
    });
    expect(view.blastRadius).toBe(radius);
    // each consumer keeps every radius field
    for (const c of view.consumers) expect(c).toMatchObject(radius.consumers.find((r) => r.name === c.name)!);
  });

  it('agrees with brute force on random graphs with random decisions', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const random = rng(seed * 101);
      const graph = randomSmallGraph(seed + 500, 10, 0.2);
      const r = radiusOf(graph, 'g0');
      const actions = ['stop', 'correct', 'notify'] as const;
      const entries = Array.from({ length: Math.floor(random() * 15) }, () => ({
        name: r.consumers[Math.floor(random() * r.consumers.length)]?.name,
        action: actions[Math.floor(random() * 3)],
      })).filter((e) => e.name !== undefined);
      const h = historyOf(entries);
      const latest = new Map<string, string>();
      for (const e of entries) latest.set(e.name, e.action);
      const stopped = new Set([...latest].filter(([, a]) => a === 'stop').map(([n]) => n));
      const exposed = reachAvoiding(outLists(graph), 'g0', stopped);
      const view = incidentView(incidentRecord(r), h, []);
      const count = (a: string) => [...latest.values()].filter((x) => x === a).length;
      expect(view.progress, `seed ${seed}`).toEqual({
        total: r.consumers.length,
        stop: count('stop'),
        correct: count('correct'),
        notify: count('notify'),
        undecided: r.consumers.length - latest.size,
        surfacesExposed: r.consumers.filter((c) => c.kind === 'Surface' && exposed.has(c.name)).length,
      });
      for (const c of view.consumers) {
        expect(c.exposed, `seed ${seed} ${c.name}`).toBe(exposed.has(c.name));
        expect(c.decision?.action ?? null).toBe(latest.get(c.name) ?? null);
      }
      expect(view.remainingExposure.map((e) => e.name)).toEqual(r.consumers.filter((c) => exposed.has(c.name)).map((c) => c.name));
      expect(stoppedNames(currentDecisions(h))).toEqual(stopped);
    }
  });
});

describe('undecidedByArrival', () => {
  it('lists undecided consumers by arrival, then depth, then name', () => {
    const view = incidentView(incidentRecord(radius), historyOf([{ name: 'b', action: 'correct' }, { name: 's2', action: 'notify' }]), []);
    expect(undecidedByArrival(view).map((c) => [c.name, c.arrivalSeconds, c.depth])).toEqual([
      ['a', 60, 1],
      ['d', 60, 2],
      ['s1', 210, 2],
      ['c', 600, 1],
    ]);
  });

  it('puts unknown arrivals last and breaks full ties by name in code-point order', () => {
    const base = incidentView(incidentRecord(radius), [], []);
    const mk = (name: string, arrivalSeconds: number | null, depth: number): IncidentConsumer => ({
      ...base.consumers[0],
      name,
      arrivalSeconds,
      depth,
      decision: null,
    });
    const consumers = [mk('zeta', null, 1), mk('b-2', 5, 3), mk('b1', 5, 3), mk('B', 5, 3), mk('late', 50, 1), mk('early', 0, 9), mk('none-deep', null, 0)];
    const decided: IncidentConsumer = { ...mk('decided', 0, 1), decision: { name: 'decided', action: 'stop', version: 1, by: 'x', at: 'y' } };
    const order = undecidedByArrival({ ...base, consumers: [...consumers, decided] }).map((c) => c.name);
    expect(order).toEqual(['early', 'B', 'b-2', 'b1', 'late', 'none-deep', 'zeta']);
  });

  it('is empty when everything is decided', () => {
    const all = historyOf(radius.consumers.map((c) => ({ name: c.name, action: 'notify' as const })));
    expect(undecidedByArrival(incidentView(incidentRecord(radius), all, []))).toEqual([]);
  });
});
