// Writes that must be refused whole (CONTRACT.md §3, §5, §9): every 400, 404 and 409 leaves the
// incident exactly as it was (history, versions, lastSeq); a bulk decision is one atomic write and
// one history batch; a 409 lists every conflict, a 404 every name outside the radius.
import { describe, expect, it } from 'vitest';
import { HOUR, MIN, expectError, isoOf, openCase, type OpenCase } from '../support/incident-case.js';
import { embeddedSuiteApi, graphOf } from '../support/incident-scenarios.js';

const api = embeddedSuiteApi();

let tagCount = 0;
const graph = (tag: string) =>
  graphOf(tag, { src: ['Agent', ['x', 'y']], a: ['Agent', ['x']], b: 'Agent', c: 'System', d: 'System', s: 'Surface', t: 'Surface', lone: 'Agent' }, [
    'src>a@PT1M[x]',
    'src>b@PT2M',
    'a>c',
    'b>d',
    'c>s@PT1H',
    'd>t',
  ]);

async function fresh(): Promise<OpenCase> {
  const tag = `w${++tagCount}`;
  return openCase(api, tag, graph(tag), 'src', { outputAt: Date.now() - HOUR });
}

/** Everything a refused write must leave as it was. */
async function stateOf(c: OpenCase) {
  const incident = await api.ok('GET', `/api/v1/incidents/${c.id}`);
  return {
    history: await c.history(),
    lastSeq: incident.lastSeq,
    versions: Object.fromEntries(incident.consumers.map((x: any) => [x.name, x.version])),
    decisions: Object.fromEntries(incident.consumers.map((x: any) => [x.name, x.decision])),
    source: incident.summary.source,
  };
}

describe('opening an incident: 400s that write nothing', () => {
  it('outputAt after detectedAt, detectedAt more than 5 minutes ahead, an unknown action class', async () => {
    const c = await fresh();
    const before = (await api.ok('GET', '/api/v1/incidents')).incidents.length;
    const src = c.n('src');
    const now = Date.now();
    const base = { title: 't', source: src, failureMode: 'hallucination' };
    expectError(await api.call('POST', '/api/v1/incidents', { ...base, detectedAt: isoOf(now - HOUR), outputAt: isoOf(now - HOUR + 1) }), 400, ['outputAt']);
    expectError(await api.call('POST', '/api/v1/incidents', { ...base, outputAt: isoOf(now + 60_000) }), 400, ['outputAt']); // after the default detectedAt (now)
    expectError(await api.call('POST', '/api/v1/incidents', { ...base, detectedAt: isoOf(now + 10 * MIN) }), 400, ['detectedAt']);
    expectError(await api.call('POST', '/api/v1/incidents', { ...base, actionClasses: ['nope'] }), 400, ['actionClasses']);
    expectError(await api.call('POST', '/api/v1/incidents', { ...base, source: `${c.n('unknown')}` }), 404);
    expect((await api.ok('GET', '/api/v1/incidents')).incidents.length).toBe(before);
    // the limits themselves are allowed
    const ok = await api.ok('POST', '/api/v1/incidents', { ...base, detectedAt: isoOf(now + 4 * MIN), outputAt: isoOf(now + 4 * MIN) });
    expect(ok.outputAt).toBe(ok.detectedAt);
    const dflt = await api.ok('POST', '/api/v1/incidents', { ...base, detectedAt: isoOf(now - HOUR) });
    expect(dflt.outputAt).toBe(isoOf(now - HOUR));
  });
});

describe('one decision: 400, 404, 409 write nothing', () => {
  it('effectiveAt more than 5 minutes ahead, an unknown or undeclared action class, correct/notify on the source, outside the radius, stale', async () => {
    const c = await fresh();
    await c.decide('b', { action: 'stop' });
    const before = await stateOf(c);
    const put = (short: string, body: object) => api.call('PUT', `/api/v1/incidents/${c.id}/decisions/${c.n(short)}`, body);
    expectError(await put('a', { action: 'stop', effectiveAt: isoOf(Date.now() + 10 * MIN) }), 400, ['effectiveAt']);
    expectError(await put('a', { action: 'stop', actionClasses: ['y'] }), 400); // a declares only x
    expectError(await put('a', { action: 'stop', actionClasses: ['nope'] }), 400);
    expectError(await put('c', { action: 'stop', actionClasses: ['x'] }), 400); // a System declares none
    expectError(await put('src', { action: 'correct' }), 400);
    expectError(await put('src', { action: 'stop', actionClasses: ['zz'] }), 400);
    expectError(await put('a', { action: 'pause' }), 400);
    expectError(await put('lone', { action: 'stop' }), 404);
    expectError(await put('never-registered', { action: 'stop' }), 404);
    expectError(await api.call('PUT', `/api/v1/incidents/inc-nope/decisions/${c.n('a')}`, { action: 'stop' }), 404);
    expectError(await put('b', { action: 'notify', expectedVersion: 0 }), 409);
    expectError(await put('a', { action: 'notify', expectedVersion: 3 }), 409);
    expect(await stateOf(c)).toEqual(before);
    // the limit itself is allowed: effective up to 5 minutes ahead
    const ok = await put('a', { action: 'stop', effectiveAt: isoOf(Date.now() + 4 * MIN), expectedVersion: 0 });
    expect(ok.status).toBe(200);
    expect(ok.body.decision).toMatchObject({ action: 'stop', version: 1 });
  });
});

describe('bulk decisions', () => {
  it('a 409 lists every conflict and writes nothing', async () => {
    const c = await fresh();
    await c.decide('a', { action: 'stop' });
    await c.decide('c', { action: 'correct' });
    await c.decide('c', { action: 'notify' });
    const before = await stateOf(c);
    const names = ['a', 'b', 'c', 'd', 's'].map(c.n);
    // a is at 1, c at 2; b and d undecided (0); s claimed at 1 but undecided
    const r = await api.call('POST', `/api/v1/incidents/${c.id}/decisions`, {
      names,
      action: 'stop',
      expectedVersions: { [c.n('a')]: 0, [c.n('b')]: 0, [c.n('c')]: 1, [c.n('d')]: 0, [c.n('s')]: 1 },
    });
    expectError(r, 409, [c.n('a'), c.n('c'), c.n('s')]);
    const paths = r.body.error.details.map((d: any) => d.path).join(' ');
    expect(paths).not.toContain(c.n('b'));
    expect(paths).not.toContain(c.n('d'));
    expect(await stateOf(c)).toEqual(before);
  });

  it('a 404 lists every name outside the radius and writes nothing', async () => {
    const c = await fresh();
    const before = await stateOf(c);
    const r = await api.call('POST', `/api/v1/incidents/${c.id}/decisions`, { names: [c.n('a'), c.n('lone'), c.n('b'), c.n('ghost'), 'elsewhere-9'], action: 'notify' });
    expectError(r, 404, [c.n('lone'), c.n('ghost'), 'elsewhere-9']);
    expect(await stateOf(c)).toEqual(before);
  });

  it('a 400 anywhere in the batch writes nothing', async () => {
    const c = await fresh();
    const before = await stateOf(c);
    expectError(await api.call('POST', `/api/v1/incidents/${c.id}/decisions`, { names: [c.n('a'), c.n('b')], action: 'stop', actionClasses: ['x'] }), 400); // b declares no classes
    expectError(await api.call('POST', `/api/v1/incidents/${c.id}/decisions`, { names: [c.n('a'), c.n('src')], action: 'notify' }), 400);
    expectError(await api.call('POST', `/api/v1/incidents/${c.id}/decisions`, { names: [c.n('a'), c.n('b')], action: 'stop', effectiveAt: isoOf(Date.now() + HOUR) }), 400);
    expect(await stateOf(c)).toEqual(before);
  });

  it('one bulk write is one history batch: contiguous seqs, one time, the summary after it', async () => {
    const c = await fresh();
    await c.decide('d', { action: 'correct' });
    const names = ['a', 'b', 'c', 'd', 's', 't'].map(c.n);
    const r = await api.ok('POST', `/api/v1/incidents/${c.id}/decisions`, { names, action: 'notify', note: 'all told', expectedVersions: { [c.n('d')]: 1, [c.n('a')]: 0 } });
    expect(r.decisions.map((e: any) => e.name)).toEqual(names);
    const seqs = r.decisions.map((e: any) => e.seq);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => seqs[0] + i));
    expect(new Set(r.decisions.map((e: any) => e.at)).size).toBe(1);
    expect(new Set(r.decisions.map((e: any) => e.batch ?? seqs[0])).size).toBe(1);
    expect(r.decisions.find((e: any) => e.name === c.n('d'))).toMatchObject({ version: 2, previousAction: 'correct' });
    expect(r.summary).toMatchObject({ total: 6, notify: 6, undecided: 0 });
    const history = await c.history();
    expect(history.slice(-6).map((h: any) => h.seq)).toEqual(seqs);
    expect(history.length).toBe(7);
  });
});

describe('clear', () => {
  it('takes a consumer back to undecided, +1 version; the history keeps both', async () => {
    const c = await fresh();
    await c.decide('c', { action: 'correct' });
    const r = await c.decide('c', { action: 'clear', note: 'wrong call' });
    expect(r.decision).toBeNull();
    expect(r.entry).toMatchObject({ action: 'clear', version: 2, previousAction: 'correct' });
    const consumer = await c.consumer('c');
    expect(consumer).toMatchObject({ decision: null, version: 2 });
    expect((await c.history()).map((h: any) => h.action)).toEqual(['correct', 'clear']);
  });
});
