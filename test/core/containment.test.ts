// The containment plan in time (CONTRACT.md §6), over HTTP on the embedded store: the source step
// first; then the fewest Agents and Systems not yet reached whose full stop now keeps every savable
// pending Surface from the travelling output — checked against a brute-force minimum cut (the
// reference in test/support/incident-reference-plan.ts) on known graphs and on random ones — and
// applying it (one bulk decision) leaves every savable pending Surface with no arrival.
import { describe, expect, it } from 'vitest';
import { refLog } from '../support/incident-compare.js';
import { MIN, isoOf, openCase, type OpenCase } from '../support/incident-case.js';
import { referencePlan } from '../support/incident-reference-plan.js';
import { incidentAt, type Kind, type RefDecision } from '../support/incident-reference.js';
import { emptyStats, expectOneBulk, planAndApply } from '../support/incident-random.js';
import { embeddedSuiteApi, graphOf, sleep, type GraphSpec } from '../support/incident-scenarios.js';
import { rng } from '../support/graphs.js';

const api = embeddedSuiteApi();

const plan = (c: OpenCase, asOf?: number) => api.ok('GET', `/api/v1/incidents/${c.id}/containment${asOf ? `?asOf=${isoOf(asOf)}` : ''}`);
const short = (c: OpenCase, names: string[]) => names.map((n) => n.slice(n.indexOf('-') + 1));
const steps = (c: OpenCase, p: any) => p.stops.map((s: any) => [short(c, [s.name])[0], short(c, s.protects)]);

/** Everything pending: the output left the source a minute ago and every first hop takes hours. */
async function pendingCase(tag: string, nodes: Record<string, Kind | [Kind, string[]]>, edges: string[], source = 'src') {
  const slow = edges.map((e) => (e.includes('@') ? e : e.replace(/(\[|$)/, '@PT3H$1')));
  return openCase(api, tag, graphOf(tag, nodes, slow), source, { outputAt: Date.now() - MIN });
}

describe('the plan on known graphs, everything still travelling', () => {
  it('finds the single node of a diamond that cuts off every surface', async () => {
    const c = await pendingCase('k1', { src: 'Agent', b: 'Agent', c: 'System', d: 'Agent', s1: 'Surface', s2: 'Surface' }, ['src>b', 'src>c', 'b>d', 'c>d', 'd>s1', 'd>s2']);
    const p = await plan(c);
    expect(steps(c, p)).toEqual([['d', ['s1', 's2']]]);
    expect(short(c, p.pendingSurfaces)).toEqual(['s1', 's2']);
    expect(p).toMatchObject({ unprotectable: [], toNotify: [], feasible: true });
    expect(p.stops[0]).toMatchObject({ kind: 'Agent', action: 'stop' });
  });

  it('needs two stops for two disjoint paths, one shared node for a hub, five for five crossing ladders', async () => {
    const two = await pendingCase('k2', { src: 'Agent', a: 'Agent', a2: 'System', b: 'System', s1: 'Surface', s2: 'Surface' }, ['src>a', 'a>a2', 'a2>s1', 'src>b', 'b>s2']);
    const p2 = await plan(two);
    expect(p2.stops).toHaveLength(2);
    expect(short(two, p2.stops.map((s: any) => s.name))).toContain('b');
    const hub = await pendingCase('k3', { src: 'Agent', hub: 'System', x: 'Agent', y: 'Agent', z: 'Agent', sx: 'Surface', sy: 'Surface', sz: 'Surface' }, ['src>hub', 'hub>x', 'hub>y', 'hub>z', 'x>sx', 'y>sy', 'z>sz']);
    expect(steps(hub, await plan(hub))).toEqual([['hub', ['sx', 'sy', 'sz']]]);
    const nodes: Record<string, Kind> = { src: 'Agent', s: 'Surface' };
    const edges: string[] = [];
    for (let i = 0; i < 5; i++) {
      nodes[`m${i}`] = 'Agent';
      nodes[`n${i}`] = 'System';
      edges.push(`src>m${i}`, `m${i}>n${i}`, `n${i}>s`);
      if (i < 4) edges.push(`m${i}>n${i + 1}`);
    }
    const ladder = await pendingCase('k4', nodes, edges);
    expect((await plan(ladder)).stops).toHaveLength(5);
  });

  it('cuts paths through surfaces, handles cycles back to the source, ignores gates, never stops the source', async () => {
    const through = await pendingCase('k5', { src: 'Agent', a: 'Agent', s1: 'Surface', s2: 'Surface', b: 'Agent', s3: 'Surface' }, ['src>a', 'a>s1', 's1>s2', 's2>b', 'b>s3']);
    expect(steps(through, await plan(through))).toEqual([['a', ['s1', 's2', 's3']]]);
    const cycle = await pendingCase('k6', { src: 'Agent', a: 'Agent', b: 'System', c: 'Agent', s: 'Surface', s2: 'Surface' }, ['src>a', 'a>b', 'b>src', 'b>s', 'a>c', 'c>a', 'c>s2']);
    expect(steps(cycle, await plan(cycle))).toEqual([['a', ['s', 's2']]]);
    const gated = await pendingCase('k7', { src: 'Agent', a: 'Agent', s: 'Surface' }, ['src>a:human-review', 'a>s:automated-check']);
    expect(steps(gated, await plan(gated))).toEqual([['a', ['s']]]);
  });

  it('a Surface the source feeds directly, or through Surfaces only, is unprotectable; those behind an Agent are not', async () => {
    const c = await pendingCase(
      'k8',
      { src: 'Agent', direct: 'Surface', relay: 'Agent', behind: 'Surface', other: 'System', far: 'Surface', echo: 'Surface' },
      ['src>direct', 'direct>relay', 'relay>behind', 'src>other', 'other>far', 'direct>echo'],
    );
    const p = await plan(c);
    expect(short(c, p.unprotectable)).toEqual(['direct', 'echo']);
    expect(p.feasible).toBe(false);
    expect(steps(c, p)).toEqual([
      ['other', ['far']],
      ['relay', ['behind']],
    ]);
  });
});

describe('the plan in time', () => {
  it('a reached node is on the source side: what it feeds directly is unprotectable, the rest is cut behind it', async () => {
    // a has the output (1 minute); s and b will only get it in hours
    const g = graphOf('t1', { src: 'Agent', a: 'Agent', b: 'System', s: 'Surface', t: 'Surface' }, ['src>a@PT1M', 'a>s@PT5H', 'a>b@PT5H', 'b>t@PT1M']);
    const c = await openCase(api, 't1', g, 'src', { outputAt: Date.now() - 10 * MIN });
    const p = await plan(c);
    expect(short(c, p.unprotectable)).toEqual(['s']);
    expect(steps(c, p)).toEqual([['b', ['t']]]);
    // stopping a now is a late stop: the output already left it, the edges still carry it
    await c.decide('a', { action: 'stop' });
    const late = await plan(c);
    expect(short(c, late.unprotectable)).toEqual(['s']);
    expect(steps(c, late)).toEqual([['b', ['t']]]);
  });

  it('a node held before its arrival blocks the travelling output: nothing behind it needs a stop', async () => {
    const g = graphOf('t2', { src: 'Agent', a: 'Agent', b: 'System', s: 'Surface', t: 'Surface' }, ['src>a@PT2H', 'a>s', 'src>b@PT2H', 'b>t']);
    const c = await openCase(api, 't2', g, 'src', { outputAt: Date.now() - 10 * MIN });
    await c.decide('a', { action: 'stop' });
    const p = await plan(c);
    expect(short(c, p.pendingSurfaces)).toEqual(['t']);
    expect(steps(c, p)).toEqual([['b', ['t']]]);
  });

  it('a partial stop in force before arrival closes only the edges it blocks; the node stays cuttable', async () => {
    const g = graphOf('t3', { src: 'Agent', a: ['Agent', ['x', 'y']], s: 'Surface', t: 'Surface' }, ['src>a@PT2H', 'a>s[x]', 'a>t']);
    const c = await openCase(api, 't3', g, 'src', { outputAt: Date.now() - 10 * MIN });
    await c.decide('a', { action: 'stop', actionClasses: ['x'] });
    const p = await plan(c);
    expect(short(c, p.pendingSurfaces)).toEqual(['t']);
    expect(steps(c, p)).toEqual([['a', ['t']]]);
  });

  it('the source step: its broken classes with the primitives the manifest names, done once stopped', async () => {
    const tag = 't4';
    const g = graphOf(tag, { src: ['Agent', ['x', 'y', 'z']], a: 'Agent', s: 'Surface' }, ['src>a@PT2H[x]', 'a>s']);
    g.nodes[0].containment = [{ actionClass: 'x', primitive: 'flag x=off', runbook: 'https://runbooks.example/x' }, { actionClass: 'y', primitive: 'flag y=off' }];
    const c = await openCase(api, tag, g, 'src', { outputAt: Date.now() - 10 * MIN, actionClasses: ['x', 'z'] });
    const p = await plan(c);
    expect(p.source).toMatchObject({ name: c.n('src'), kind: 'Agent', action: 'stop', actionClasses: ['x', 'z'], done: false, missingPrimitives: ['z'] });
    expect(p.source.primitives).toEqual([{ actionClass: 'x', primitive: 'flag x=off', runbook: 'https://runbooks.example/x' }]);
    await c.decide('src', { action: 'stop', actionClasses: ['x', 'z'] });
    expect((await plan(c)).source.done).toBe(true);
  });
});

describe('applying the plan', () => {
  it('writes the stops as one bulk decision; every savable pending Surface then has no arrival', async () => {
    const c = await pendingCase('ap1', { src: 'Agent', b: 'Agent', c: 'System', d: 'Agent', s1: 'Surface', s2: 'Surface', u: 'Surface' }, ['src>b', 'src>c', 'b>d', 'c>d', 'd>s1', 'd>s2', 'src>u']);
    const r = await api.ok('POST', `/api/v1/incidents/${c.id}/containment/apply`, { note: 'go' });
    expect(short(c, r.applied.map((e: any) => e.name))).toEqual(['d']);
    const incident = await c.read();
    const by = (s: string) => incident.consumers.find((x: any) => x.name === c.n(s));
    expect([by('s1').arrival, by('s2').arrival]).toEqual([null, null]);
    expect(by('u').arrival).not.toBeNull(); // unprotectable: only the source step helps, and only for new outputs
    expect(r.summary.exposed).toBeGreaterThan(0);
  });

  it('with includeSource the source is stopped too, in the same bulk decision, and nothing stays exposed', async () => {
    const c = await pendingCase('ap2', { src: ['Agent', ['x']], a: 'Agent', s: 'Surface', u: 'Surface' }, ['src>a[x]', 'a>s', 'src>u[x]']);
    const r = await api.ok('POST', `/api/v1/incidents/${c.id}/containment/apply`, { includeSource: true });
    expect(short(c, r.applied.map((e: any) => e.name)).sort()).toEqual(['a', 'src']);
    expectOneBulk(r.applied, 'apply with includeSource');
    expect(r.summary.exposed).toBe(0);
    expect(r.summary.source).toMatchObject({ action: 'stop' });
    expect((await c.consumer('s')).arrival).toBeNull();
  });

  it('the source step with broken classes ends exposure even where the source also feeds unclassified edges', async () => {
    // §4: an unclassified out-edge of the source carries the broken output; §5: a partial stop
    // never blocks an unclassified edge; §6: the source step "ends exposed for every consumer".
    const c = await openCase(
      api,
      'ap3',
      graphOf('ap3', { src: ['Agent', ['x', 'y']], a: 'Agent', s: 'Surface', w: 'Surface' }, ['src>a@PT1M[x]', 'a>s@PT3H', 'src>w@PT1M', 'src>s@PT3H[x,y]']),
      'src',
      { outputAt: Date.now() - 10 * MIN, actionClasses: ['x'] },
    );
    const r = await api.ok('POST', `/api/v1/incidents/${c.id}/containment/apply`, { includeSource: true });
    expect(r.summary.source).toMatchObject({ action: 'stop' });
    expect(r.summary.exposed, `exposed after applying the source step ${JSON.stringify(r.plan.source)}`).toBe(0);
  });

  it('the source step with broken classes ends exposure even over an edge that also carries a class that did not break', async () => {
    // §5: a partial stop blocks an edge only when it pauses every one of the edge's classes; the
    // edge src -> b carries x (broken, so it is in the radius) and y (not broken).
    const c = await openCase(
      api,
      'ap4',
      graphOf('ap4', { src: ['Agent', ['x', 'y']], a: 'Agent', b: 'System', s: 'Surface' }, ['src>a@PT1M[x]', 'src>b@PT1M[x,y]', 'b>s@PT3H']),
      'src',
      { outputAt: Date.now() - 10 * MIN, actionClasses: ['x'] },
    );
    const r = await api.ok('POST', `/api/v1/incidents/${c.id}/containment/apply`, { includeSource: true });
    expect(r.summary.source).toMatchObject({ action: 'stop' });
    expect(r.summary.exposed, `exposed after applying the source step ${JSON.stringify(r.plan.source)}`).toBe(0);
  });
});

/** Mostly forward edges (some back edges and cycles), surfaces towards the end, slow first hops. */
function cutGraph(seed: number, tag: string, n: number): GraphSpec {
  const random = rng(seed);
  const nodes: Record<string, Kind | [Kind, string[]]> = { g0: 'Agent' };
  for (let i = 1; i < n; i++) nodes[`g${i}`] = random() < 0.1 + (0.6 * i) / n ? 'Surface' : random() < 0.6 ? ['Agent', ['x', 'y']] : 'System';
  const edges: string[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 1; j < n; j++) {
      if (i === j) continue;
      const p = i === 0 ? (nodes[`g${j}`] === 'Surface' ? 0.05 : 0.4) : i < j ? 0.35 : 0.06;
      if (random() >= p) continue;
      // a few fast edges so that some nodes are reached already; the rest take hours
      const delay = random() < 0.15 ? 'PT1M' : `PT${1 + Math.floor(random() * 20)}H`;
      const classes = Array.isArray(nodes[`g${i}`]) && random() < 0.3 ? `[${random() < 0.5 ? 'x' : 'x,y'}]` : '';
      edges.push(`g${i}>g${j}@${delay}${classes}`);
    }
  }
  return graphOf(tag, nodes, edges);
}

describe('the plan against a brute-force minimum cut on random graphs', () => {
  const stats = emptyStats();
  const seeds = Array.from({ length: 60 }, (_, i) => i + 1);

  it.each(seeds)('random cut graph, seed %i', async (seed) => {
    const tag = `cg${seed}`;
    const random = rng(seed * 13);
    const g = cutGraph(seed * 7919, tag, 7 + (seed % 9));
    const c = await openCase(api, tag, g, 'g0', { outputAt: Date.now() - 30 * MIN });
    // some stops already in force: full or partial, before or after the node's arrival
    for (const consumer of c.radius.consumers) {
      if (random() > 0.15 || consumer.kind === 'Surface') continue;
      const partial = consumer.kind === 'Agent' && random() < 0.4;
      const effective = c.outputAt + consumer.arrivalSeconds * 1000 + (random() < 0.5 ? -MIN : MIN);
      await c.decide(consumer.name.slice(tag.length + 1), { action: 'stop', effectiveAt: isoOf(Math.min(effective, Date.now() - 1000)), ...(partial ? { actionClasses: ['x'] } : {}) });
    }
    await sleep(3);
    const asOf = Date.now();
    const log: RefDecision[] = refLog(await c.history());
    const ref = { source: c.n('g0'), actionClasses: null, outputAt: c.outputAt };
    const view = incidentAt(c.radius, ref, log, [], asOf);
    await planAndApply(api, c.id, c.radius, ref, log, [], view, random, `seed ${seed}`, stats, seed % 2 === 0);
    expect(referencePlan(c.radius, view).minimum, `seed ${seed}: small enough for brute force`).not.toBeNull();
  });

  it('the random graphs exercised plans of several sizes, feasible and not, and applied them', () => {
    expect(stats.plansCompared).toBe(seeds.length);
    expect(stats.bigPlans).toBeGreaterThan(8);
    expect(stats.unprotectable).toBeGreaterThan(3);
    expect(stats.applied).toBe(seeds.length / 2);
  });
});
