// CONTRACT.md §5, sentence by sentence, on hand-written graphs over HTTP (embedded store). Every
// read is also compared with the independent reference (test/support/incident-reference.ts).
import { describe, expect, it } from 'vitest';
import { HOUR, MIN, expectError, isoOf, openCase } from '../support/incident-case.js';
import { embeddedSuiteApi, graphOf } from '../support/incident-scenarios.js';

const api = embeddedSuiteApi();

describe('§5 arrival, held, reached', () => {
  it('Air Canada: a stop applied after a Surface has the output leaves it reached (lateStop), never "safe"', async () => {
    const g = graphOf('ac', { src: 'Agent', bot: 'Agent', widget: 'Surface' }, ['src>bot@PT10M', 'bot>widget@PT5M']);
    const outputAt = Date.now() - HOUR;
    const c = await openCase(api, 'ac', g, 'src', { outputAt });
    const before = await c.consumer('widget');
    expect(before).toMatchObject({ arrival: isoOf(outputAt + 15 * MIN), reached: 'estimated', exposed: true, needsDecision: true, decision: null });
    await c.decide('widget', { action: 'stop' });
    await c.decide('bot', { action: 'stop' });
    const widget = await c.consumer('widget');
    expect(widget).toMatchObject({ arrival: isoOf(outputAt + 15 * MIN), reached: 'estimated', held: false, lateStop: true, exposed: false, needsDecision: false });
    expect((await c.consumer('bot')).reached).toBe('estimated');
    const incident = await c.read();
    expect(incident.summary).toMatchObject({ reached: 2, surfacesReached: 1, exposed: 0, stop: 2 });
    const reached = await api.ok('GET', `/api/v1/incidents/${c.id}/consumers?reached=true`);
    expect(reached.consumers.map((x: any) => x.name).sort()).toEqual([c.n('bot'), c.n('widget')]);
    // and the plan has it to notify, not to save
    const plan = await api.ok('GET', `/api/v1/incidents/${c.id}/containment`);
    expect(plan.toNotify).toEqual([c.n('widget')]);
    expect(plan.pendingSurfaces).toEqual([]);
  });

  it('arrival is outputAt plus the fastest sum of delays; absent delays count 0; estimated only once arrival <= asOf', async () => {
    const g = graphOf('ar', { src: 'Agent', a: 'Agent', b: 'System', s: 'Surface', far: 'Surface' }, ['src>a@PT1M', 'a>b', 'b>s@PT30S', 'src>s@PT1H', 'b>far@P2D']);
    const outputAt = Date.now() - 10 * MIN;
    const c = await openCase(api, 'ar', g, 'src', { outputAt });
    const incident = await c.read();
    const by = (s: string) => incident.consumers.find((x: any) => x.name === c.n(s));
    expect([by('a').arrival, by('b').arrival, by('s').arrival, by('far').arrival]).toEqual([
      isoOf(outputAt + MIN),
      isoOf(outputAt + MIN),
      isoOf(outputAt + 90_000),
      isoOf(outputAt + MIN + 2 * 24 * HOUR),
    ]);
    expect(by('far').reached).toBe(false);
    expect(by('far').needsDecision).toBe(true); // exposed and undecided
    // as of a time before the output reached a, nothing is reached
    const early = await c.read(outputAt + 30_000);
    expect(early.consumers.every((x: any) => x.reached === false)).toBe(true);
    expect(early.summary.reached).toBe(0);
    expect(early.summary.firstSurfaceArrival).toBe(isoOf(outputAt + 90_000));
  });

  it('a node stopped in full at or before the arrival is held: no arrival, relays nothing; so is every node only it leads to', async () => {
    const g = graphOf('hd', { src: 'Agent', a: 'Agent', b: 'Agent', c: 'System', s1: 'Surface', s2: 'Surface' }, ['src>a@PT10M', 'a>s1@PT1M', 'a>s2', 'src>b@PT30M', 'b>s1', 'src>c@PT20M']);
    const outputAt = Date.now() - HOUR;
    const c = await openCase(api, 'hd', g, 'src', { outputAt });
    await c.decide('a', { action: 'stop', effectiveAt: isoOf(outputAt + 5 * MIN) });
    // exactly at the arrival counts as "at or before"
    await c.decide('c', { action: 'stop', effectiveAt: isoOf(outputAt + 20 * MIN) });
    const incident = await c.read();
    const by = (s: string) => incident.consumers.find((x: any) => x.name === c.n(s));
    expect(by('a')).toMatchObject({ arrival: null, held: true, reached: false, exposed: false });
    expect(by('c')).toMatchObject({ arrival: null, held: true, reached: false });
    expect(by('s2')).toMatchObject({ arrival: null, reached: false, exposed: false, needsDecision: false });
    // s1 still gets it, later, through b
    expect(by('s1').arrival).toBe(isoOf(outputAt + 30 * MIN));
    await c.decide('b', { action: 'stop', effectiveAt: isoOf(outputAt) });
    expect((await c.consumer('s1')).arrival).toBeNull();
    const after = await c.read();
    expect(after.summary).toMatchObject({ exposed: 0, reached: 0, surfacesReached: 0, firstSurfaceArrival: null });
  });

  it('a stop after the output passed a node lets that output through, but ends exposure behind it', async () => {
    const g = graphOf('lt', { src: 'Agent', a: 'Agent', s: 'Surface' }, ['src>a@PT1M', 'a>s@PT2H']);
    const outputAt = Date.now() - HOUR;
    const c = await openCase(api, 'lt', g, 'src', { outputAt });
    await c.decide('a', { action: 'stop', effectiveAt: isoOf(outputAt + 2 * MIN) });
    const s = await c.consumer('s');
    expect(s).toMatchObject({ arrival: isoOf(outputAt + MIN + 2 * HOUR), reached: false, exposed: false, needsDecision: false });
    expect((await c.consumer('a'))).toMatchObject({ reached: 'estimated', held: false, exposed: false });
  });

  it('a partial stop holds nothing: the node has the output and relays it over the edges its stop leaves open', async () => {
    const g = graphOf(
      'ps',
      { src: 'Agent', a: ['Agent', ['x', 'y']], s1: 'Surface', s2: 'Surface', s3: 'Surface', s4: 'Surface' },
      ['src>a@PT1M', 'a>s1[x]', 'a>s2[y]', 'a>s3', 'a>s4[x,y]'],
    );
    const outputAt = Date.now() - HOUR;
    const c = await openCase(api, 'ps', g, 'src', { outputAt });
    await c.decide('a', { action: 'stop', actionClasses: ['x'], effectiveAt: isoOf(outputAt) });
    let incident = await c.read();
    const arrivalOf = (inc: any, s: string) => inc.consumers.find((x: any) => x.name === c.n(s)).arrival;
    const exposedOf = (inc: any, s: string) => inc.consumers.find((x: any) => x.name === c.n(s)).exposed;
    expect(arrivalOf(incident, 'a')).toBe(isoOf(outputAt + MIN));
    expect(exposedOf(incident, 'a')).toBe(true); // not stopped in full
    expect(['s1', 's2', 's3', 's4'].map((s) => arrivalOf(incident, s) !== null)).toEqual([false, true, true, true]);
    expect(['s1', 's2', 's3', 's4'].map((s) => exposedOf(incident, s))).toEqual([false, true, true, true]);
    // every declared class paused: an unclassified edge is blocked only by a full stop
    await c.decide('a', { action: 'stop', actionClasses: ['x', 'y'], effectiveAt: isoOf(outputAt) });
    incident = await c.read();
    expect(['s1', 's2', 's3', 's4'].map((s) => arrivalOf(incident, s) !== null)).toEqual([false, false, true, false]);
    expect(['s1', 's2', 's3', 's4'].map((s) => exposedOf(incident, s))).toEqual([false, false, true, false]);
    await c.decide('a', { action: 'stop', effectiveAt: isoOf(outputAt) });
    incident = await c.read();
    expect(['a', 's1', 's2', 's3', 's4'].map((s) => arrivalOf(incident, s))).toEqual([null, null, null, null, null]);
  });

  it('a cleared stop protects nothing, not even in the past; the history keeps both', async () => {
    const g = graphOf('cl', { src: 'Agent', a: 'Agent', s: 'Surface' }, ['src>a@PT1M', 'a>s@PT1M']);
    const outputAt = Date.now() - HOUR;
    const c = await openCase(api, 'cl', g, 'src', { outputAt });
    await c.decide('a', { action: 'stop', effectiveAt: isoOf(outputAt) });
    expect((await c.consumer('s')).arrival).toBeNull();
    const cleared = await c.decide('a', { action: 'clear', note: 'safe again' });
    expect(cleared.decision).toBeNull();
    const a = await c.consumer('a');
    expect(a).toMatchObject({ decision: null, version: 2, arrival: isoOf(outputAt + MIN), reached: 'estimated', exposed: true, needsDecision: true });
    expect((await c.consumer('s')).arrival).toBe(isoOf(outputAt + 2 * MIN));
    const history = await c.history();
    expect(history.map((h: any) => [h.action, h.version, h.previousAction])).toEqual([
      ['stop', 1, null],
      ['clear', 2, 'stop'],
    ]);
  });

  it('asOf reads the incident as it stood then: decisions recorded after it are ignored', async () => {
    const g = graphOf('ao', { src: 'Agent', a: 'Agent', s: 'Surface' }, ['src>a@PT1M', 'a>s@PT1M']);
    const outputAt = Date.now() - HOUR;
    const c = await openCase(api, 'ao', g, 'src', { outputAt });
    await c.decide('s', { action: 'notify' });
    await new Promise((r) => setTimeout(r, 5));
    const between = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    // effective long before `between`, but recorded after it
    await c.decide('a', { action: 'stop', effectiveAt: isoOf(outputAt) });
    const then = await c.read(between);
    const by = (s: string) => then.consumers.find((x: any) => x.name === c.n(s));
    expect(by('a')).toMatchObject({ decision: null, version: 0, arrival: isoOf(outputAt + MIN) });
    expect(by('s').decision.action).toBe('notify');
    expect(then.summary).toMatchObject({ stop: 0, notify: 1, undecided: 1 });
    const now = await c.read();
    expect(now.consumers.find((x: any) => x.name === c.n('a')).arrival).toBeNull();
    // the plan as of then, too
    const plan = await api.ok('GET', `/api/v1/incidents/${c.id}/containment?asOf=${isoOf(between)}`);
    expect(plan.asOf).toBe(isoOf(between));
    expect(plan.toNotify).toEqual([c.n('s')]);
  });

  it('needsDecision is (reached or exposed) and undecided; correct and notify block nothing', async () => {
    const g = graphOf('nd', { src: 'Agent', a: 'System', b: 'Agent', s: 'Surface' }, ['src>a@PT1M', 'a>s@PT1M', 'src>b@P1D', 'b>s']);
    const outputAt = Date.now() - HOUR;
    const c = await openCase(api, 'nd', g, 'src', { outputAt });
    await c.decide('a', { action: 'correct' });
    await c.decide('s', { action: 'notify' });
    const incident = await c.read();
    const by = (s: string) => incident.consumers.find((x: any) => x.name === c.n(s));
    expect(by('s')).toMatchObject({ arrival: isoOf(outputAt + 2 * MIN), exposed: true, needsDecision: false });
    expect(by('a').needsDecision).toBe(false);
    expect(by('b')).toMatchObject({ reached: false, exposed: true, needsDecision: true });
    expect(incident.summary).toMatchObject({ total: 3, undecided: 1, correct: 1, notify: 1, needsDecision: 1 });
  });
});

describe('§5 the source as a decidable node', () => {
  const g = (tag: string) => graphOf(tag, { src: ['Agent', ['x', 'y']], a: 'Agent', s: 'Surface', t: 'Surface' }, ['src>a@PT10M[x]', 'a>s@PT1M', 'src>t@PT2H[y]']);

  it('a source stop in force before outputAt holds everything; one after it ends exposure only', async () => {
    const outputAt = Date.now() - HOUR;
    const c = await openCase(api, 'sr1', g('sr1'), 'src', { outputAt });
    const r = await c.decide('src', { action: 'stop' });
    expect(r.summary.source).toMatchObject({ action: 'stop', name: c.n('src') });
    expect(r.summary.exposed).toBe(0);
    let incident = await c.read();
    expect(incident.consumers.map((x: any) => x.arrival !== null).sort()).toEqual([true, true, true]);
    await c.decide('src', { action: 'stop', effectiveAt: isoOf(outputAt) });
    incident = await c.read();
    expect(incident.consumers.map((x: any) => x.arrival)).toEqual([null, null, null]);
    expect(incident.summary).toMatchObject({ exposed: 0, reached: 0, stop: 0, undecided: 3 });
  });

  it('a partial source stop blocks the out-edges whose classes it pauses', async () => {
    const outputAt = Date.now() - HOUR;
    const c = await openCase(api, 'sr2', g('sr2'), 'src', { outputAt });
    await c.decide('src', { action: 'stop', actionClasses: ['x'], effectiveAt: isoOf(outputAt) });
    const incident = await c.read();
    const by = (s: string) => incident.consumers.find((x: any) => x.name === c.n(s));
    expect([by('a').arrival, by('s').arrival, by('t').arrival]).toEqual([null, null, isoOf(outputAt + 2 * HOUR)]);
    expect([by('a').exposed, by('s').exposed, by('t').exposed]).toEqual([false, false, true]);
  });

  it('the source may only be stopped or cleared (400 otherwise, nothing written)', async () => {
    const c = await openCase(api, 'sr3', graphOf('sr3', { src: 'Agent', a: 'Agent' }, ['src>a']), 'src', { outputAt: Date.now() - HOUR });
    for (const action of ['correct', 'notify']) expectError(await api.call('PUT', `/api/v1/incidents/${c.id}/decisions/${c.n('src')}`, { action }), 400);
    expect(await c.history()).toEqual([]);
  });
});

describe('§4 broken action classes', () => {
  it('only the source out-edges that carry a broken class, or are unclassified, carry the output', async () => {
    const g = graphOf('bk', { src: ['Agent', ['x', 'y']], a: 'Agent', b: 'Agent', c: 'System', d: 'Surface', e: 'Surface' }, ['src>a[x]', 'src>b[y]', 'src>c', 'b>d', 'a>e', 'b>a']);
    const c = await openCase(api, 'bk', g, 'src', { outputAt: Date.now() - HOUR, actionClasses: ['x'] });
    const incident = await c.read();
    expect(incident.consumers.map((x: any) => x.name).sort()).toEqual([c.n('a'), c.n('c'), c.n('e')]);
    expect(incident.actionClasses).toEqual(['x']);
    const radius = await api.ok('GET', `/api/v1/nodes/${c.n('src')}/blast-radius?actionClasses=y`);
    expect(radius.consumers.map((x: any) => x.name).sort()).toEqual([c.n('a'), c.n('b'), c.n('c'), c.n('d'), c.n('e')]);
    expectError(await api.call('GET', `/api/v1/nodes/${c.n('src')}/blast-radius?actionClasses=zz`), 400);
  });
});

describe('§8 accuracy in time: contained and unexplained', () => {
  it('a held consumer never seen is contained; seen although held, too early, or outside the radius is unexplained', async () => {
    const g = graphOf('acc', { src: 'Agent', a: 'Agent', s: 'Surface', b: 'System', c: 'Agent', x: 'System', fp: 'Surface' }, ['src>a@PT10M', 'a>s@PT1M', 'src>b@PT1H', 'src>c@PT1M', 'c>fp@PT1M']);
    const outputAt = Date.now() - 2 * HOUR;
    const c = await openCase(api, 'acc', g, 'src', { outputAt });
    await c.decide('a', { action: 'stop', effectiveAt: isoOf(outputAt) });
    const seen = [
      { name: c.n('s'), at: isoOf(Date.now() - MIN) }, // held by a's stop, yet seen: the stop did not hold
      { name: c.n('b'), at: isoOf(outputAt + 10 * MIN) }, // seen 50 minutes before it could arrive
      { name: c.n('c'), at: isoOf(outputAt + 5 * MIN) }, // after its arrival: explained
      { name: c.n('x') }, // not in the radius at all
      { name: c.n('src') }, // the source never counts
    ];
    await api.ok('POST', `/api/v1/incidents/${c.id}/observations`, { reached: seen });
    c.observations.push(...seen.map((o) => ({ name: o.name, ...(o.at ? { at: Date.parse(o.at) } : {}), recordedAt: Date.now() })));
    const acc = await api.ok('GET', `/api/v1/incidents/${c.id}/accuracy`);
    expect(acc).toMatchObject({
      observed: [c.n('b'), c.n('c'), c.n('s'), c.n('x')],
      truePositives: [c.n('b'), c.n('c'), c.n('s')],
      falsePositives: [c.n('fp')],
      falseNegatives: [c.n('x')],
      contained: [c.n('a')],
      precision: 3 / 4,
      recall: 3 / 4,
    });
    expect(acc.unexplained.map((u: any) => u.name).sort()).toEqual([c.n('b'), c.n('s'), c.n('x')]);
    // observed counts as reached at once, whatever the estimate says
    const s = await c.consumer('s');
    expect(s).toMatchObject({ reached: 'observed', arrival: null });
  });
});
