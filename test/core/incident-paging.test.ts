// Pages of consumers and edges (CONTRACT.md §3): limit default 500, max 5000, 400 beyond; the
// pages of every filter and sort concatenate to exactly the reference's filtered, sorted list
// (arrival earliest first, never-arriving last, ties by depth then name in code-point order).
import { beforeAll, describe, expect, it } from 'vitest';
import { comparePaging, refLog } from '../support/incident-compare.js';
import { codePoint, incidentAt, referenceRadius, type Kind, type RefEdge, type RefFilter, type RefNode } from '../support/incident-reference.js';
import { HOUR, expectError, isoOf } from '../support/incident-case.js';
import { embeddedSuiteApi, manifestsOf } from '../support/incident-scenarios.js';
import { rng } from '../support/graphs.js';

const api = embeddedSuiteApi();

/**
 * A wide graph: the source feeds 60 hubs, which feed 1200 leaves. Names mix letters, digits and
 * '-' so code-point order matters ('-' < '0' < 'a'); many delays are equal so arrivals tie.
 */
function wideGraph(tag: string) {
  const random = rng(42);
  const nodes: RefNode[] = [{ name: `${tag}-src`, kind: 'Agent', owner: 'core' }];
  const edges: RefEdge[] = [];
  const kinds: Kind[] = ['Agent', 'System', 'Surface'];
  for (let h = 0; h < 60; h++) {
    const hub = `${tag}-h${h % 2 ? '-' : ''}${h}`;
    nodes.push({ name: hub, kind: h % 3 === 0 ? 'System' : 'Agent', owner: h % 2 ? 'Ops' : 'risk' });
    edges.push({ from: `${tag}-src`, to: hub, gate: 'none', delaySeconds: [0, 60, 3600, 86400 * 2][h % 4] });
  }
  for (let i = 0; i < 1200; i++) {
    const leaf = `${tag}-${['a', '0', 'a-', 'b9', 'z'][i % 5]}${i}`;
    nodes.push({ name: leaf, kind: kinds[i % 3], owner: i % 7 ? 'team' : 'Special-Team', ...(i % 11 === 0 ? { title: 'Chat Widget' } : {}) });
    const hub = nodes[1 + Math.floor(random() * 60)].name;
    edges.push({ from: hub, to: leaf, gate: i % 5 === 0 ? 'human-review' : 'none', ...(i % 4 ? { delaySeconds: [0, 30, 600][i % 3] } : {}) });
  }
  return { nodes, edges };
}

describe('consumer pages on a radius of 1260', () => {
  const tag = 'pg';
  const g = wideGraph(tag);
  const byName = new Map(g.nodes.map((n) => [n.name, n]));
  let id: string;
  const outputAt = Date.now() - HOUR;

  beforeAll(async () => {
    await api.ok('POST', '/api/v1/graph/apply', manifestsOf(g));
    id = (await api.ok('POST', '/api/v1/incidents', { title: 'wide', source: `${tag}-src`, failureMode: 'hallucination', outputAt: isoOf(outputAt) })).id;
    // hold some hubs, decide some leaves, so that every filter has something to sort
    for (const hub of ['h0', 'h-1', 'h4', 'h-7']) await api.ok('PUT', `/api/v1/incidents/${id}/decisions/${tag}-${hub}`, { action: 'stop', effectiveAt: isoOf(outputAt) });
    await api.ok('POST', `/api/v1/incidents/${id}/decisions`, { names: g.nodes.slice(61, 300).filter((_, i) => i % 3 === 0).map((n) => n.name), action: 'notify' });
    await api.ok('POST', `/api/v1/incidents/${id}/decisions`, { names: g.nodes.slice(300, 500).filter((_, i) => i % 4 === 0).map((n) => n.name), action: 'correct' });
    await api.ok('POST', `/api/v1/incidents/${id}/observations`, { reached: g.nodes.slice(500, 530).map((n) => ({ name: n.name, at: isoOf(Date.now() - 1000) })) });
  });

  const view = async () => {
    const history = (await api.ok('GET', `/api/v1/incidents/${id}/history`)).history;
    const radius = referenceRadius(g.nodes, g.edges, `${tag}-src`, null);
    const observations = g.nodes.slice(500, 530).map((n) => ({ name: n.name, at: Date.now() - 1000, recordedAt: 0 }));
    return incidentAt(radius, { source: `${tag}-src`, actionClasses: null, outputAt }, refLog(history), observations, Date.now());
  };

  it('limit defaults to 500, is at most 5000, and 400 beyond or below', async () => {
    const first = await api.ok('GET', `/api/v1/incidents/${id}/consumers`);
    expect(first.consumers.length).toBe(500);
    expect(first.total).toBe(1260);
    expect(typeof first.nextCursor).toBe('string');
    const all = await api.ok('GET', `/api/v1/incidents/${id}/consumers?limit=5000`);
    expect(all.consumers.length).toBe(1260);
    expect(all.nextCursor).toBeNull();
    for (const bad of ['5001', '0', '-1', 'abc', '1.5']) expectError(await api.call('GET', `/api/v1/incidents/${id}/consumers?limit=${bad}`), 400, ['limit']);
    expectError(await api.call('GET', `/api/v1/incidents/${id}/consumers?cursor=not-a-cursor`), 400);
    expectError(await api.call('GET', `/api/v1/incidents/${id}/consumers?sort=weight`), 400);
    expectError(await api.call('GET', `/api/v1/incidents/${id}/edges?limit=5001`), 400);
    expectError(await api.call('GET', '/api/v1/incidents/inc-none/consumers'), 404);
  });

  it('every sort, paged at the default limit, concatenates to the reference order', async () => {
    const v = await view();
    for (const sort of ['arrival', 'depth', 'name'] as const) await comparePaging(api, id, v, byName, {}, sort, undefined, `sort ${sort}`);
    // the default sort is arrival
    const dflt = await api.ok('GET', `/api/v1/incidents/${id}/consumers?limit=5000&asOf=${isoOf(v.asOf)}`);
    const arrival = await api.ok('GET', `/api/v1/incidents/${id}/consumers?limit=5000&sort=arrival&asOf=${isoOf(v.asOf)}`);
    expect(dflt.consumers.map((c: any) => c.name)).toEqual(arrival.consumers.map((c: any) => c.name));
    // never-arriving last
    const names = arrival.consumers.map((c: any) => c.arrival);
    const firstNull = names.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(names.slice(firstNull).every((a: string | null) => a === null)).toBe(true);
  });

  it('every filter, alone and combined, with every sort and odd limits', async () => {
    const v = await view();
    const filters: RefFilter[] = [
      { reached: 'true' }, { reached: 'false' }, { reached: 'observed' }, { reached: 'estimated' },
      { exposed: true }, { exposed: false }, { needsDecision: true }, { needsDecision: false },
      { kind: 'Agent' }, { kind: 'System' }, { kind: 'Surface' },
      { decided: 'true' }, { decided: 'false' }, { decided: 'stop' }, { decided: 'correct' }, { decided: 'notify' },
      { q: 'special' }, { q: 'WIDGET' }, { q: 'a-1' },
      { kind: 'Surface', exposed: true, decided: 'false' }, { reached: 'true', needsDecision: true }, { q: 'b9', kind: 'System', reached: 'false' },
    ];
    let nonEmpty = 0;
    for (const [i, filter] of filters.entries()) {
      const sort = (['arrival', 'depth', 'name'] as const)[i % 3];
      const count = await comparePaging(api, id, v, byName, filter, sort, [97, 250, 701, 5000][i % 4], `filter ${JSON.stringify(filter)}`);
      if (count > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(18);
  });

  it('edges page to exactly the radius edges', async () => {
    const got: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.ok('GET', `/api/v1/incidents/${id}/edges?limit=123${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(g.edges.length);
      got.push(...page.edges.map((e: any) => `${e.from}>${e.to}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(got.sort(codePoint)).toEqual(g.edges.map((e) => `${e.from}>${e.to}`).sort(codePoint));
    const dflt = await api.ok('GET', `/api/v1/incidents/${id}/edges`);
    expect(dflt.edges.length).toBe(500);
  });
});
