// Scale-out (CONTRACT.md §10, issue 11): two API processes on one real Neo4j answer alike. Each is
// a child process (`blast-radius serve`), so they share nothing but the database: a decision
// through one reaches the other's live subscribers within a second, a write through one is read
// through the other (with and without X-Bookmark), containment applied through one is seen through
// the other, and a subscriber resuming on the other instance misses nothing. The data here has
// names of its own and nothing is cleared, so the suite can share a database with other tests.
// Also: the embedded store refuses a second process on its folder and says to use Neo4j.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeNeo4j, neo4jConnection } from '../support/neo4j.js';
import { expectRefusal, neo4jEnv, startInstance, type Instance } from '../load/instances.js';
import { subscribe, type Subscriber } from '../load/sse.js';

const MIN = 60_000;

async function call(base: string, p: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(base + p, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json', 'X-Actor': 'scale-out', ...init.headers },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/**
 * src -> relay (2h) -> screen (Surface, 1h later): pending, saved by stopping relay;
 * src -> banner (Surface): reached at once; src -> c01..c08 (Systems) to decide on.
 */
function graph(p: string) {
  const node = (name: string, kind: string, consumes: object[] = []) => ({ apiVersion: 'blast-radius/v1', kind, metadata: { name: p + name, owner: 'team-scale' }, spec: { consumes } });
  return [
    node('src', 'Agent'),
    node('relay', 'Agent', [{ from: `${p}src`, delay: 'PT2H' }]),
    node('screen', 'Surface', [{ from: `${p}relay`, delay: 'PT1H' }]),
    node('banner', 'Surface', [{ from: `${p}src` }]),
    ...Array.from({ length: 8 }, (_, i) => node(`c0${i + 1}`, 'System', [{ from: `${p}src` }])),
  ];
}

describeNeo4j('scale-out: two API processes on one Neo4j', () => {
  const p = `so${randomBytes(3).toString('hex')}-`;
  let a: Instance;
  let b: Instance;
  const streams: Subscriber[] = [];

  const open = async (base: string) => {
    const opened = await call(base, '/api/v1/incidents', { method: 'POST', body: { title: 'scale-out', source: `${p}src`, failureMode: 'hallucination', outputAt: new Date(Date.now() - 10 * MIN).toISOString() } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    return opened.body.id as string;
  };
  const decide = (base: string, id: string, name: string, action: string, expectedVersion?: number, headers?: Record<string, string>) =>
    call(base, `/api/v1/incidents/${id}/decisions/${p}${name}`, { method: 'PUT', body: { action, ...(expectedVersion !== undefined ? { expectedVersion } : {}) }, ...(headers ? { headers } : {}) });
  const live = (base: string, id: string, lastEventId?: number) => {
    const s = subscribe(base, id, lastEventId === undefined ? {} : { lastEventId });
    streams.push(s);
    return s;
  };

  beforeAll(async () => {
    const env = neo4jEnv(neo4jConnection()!);
    // one after the other: the schema migration at start is not safe for two at once (see the report)
    a = await startInstance(env);
    b = await startInstance(env);
    const applied = await call(a.url, '/api/v1/graph/apply', { method: 'POST', body: graph(p) });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
  }, 180_000);

  afterAll(async () => {
    for (const s of streams) s.close();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('runs as two processes on one database', async () => {
    expect(a.pid).not.toBe(b.pid);
    for (const i of [a, b]) expect((await call(i.url, '/readyz')).body).toMatchObject({ status: 'ready', store: 'neo4j' });
  });

  it("a decision through one instance reaches the other's live subscribers within a second", async () => {
    const id = await open(a.url);
    const onB = live(b.url, id);
    const from = await onB.ready;
    for (const name of ['c01', 'c02', 'c03']) {
      const sent = performance.now();
      const decided = await decide(a.url, id, name, 'notify', 0);
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
      const seq = decided.body.entry.seq as number;
      await onB.until(seq, 5000);
      const event = onB.events.find((e) => e.seq === seq)!;
      expect(event.event).toBe('decision');
      expect(event.data).toMatchObject({ name: `${p}${name}`, action: 'notify', version: 1 });
      expect(event.at - sent, `event ${seq} took ${Math.round(event.at - sent)} ms`).toBeLessThan(1000);
    }
    expect(onB.events.map((e) => e.seq)).toEqual([from + 1, from + 2, from + 3]);
    expect(onB.problems).toEqual([]);
  });

  it('a write through one instance is read through the other, with and without X-Bookmark', async () => {
    const id = await open(b.url);
    // without the header: one Neo4j server reads every committed write
    const first = await decide(a.url, id, 'c04', 'stop', 0);
    expect(first.status).toBe(200);
    const read = await call(b.url, `/api/v1/incidents/${id}/history`);
    expect(read.body.history.map((h: { name: string; version: number }) => [h.name, h.version])).toEqual([[`${p}c04`, 1]]);

    // the write answered its bookmarks; sent to the other instance, the read goes after them
    const bookmark = first.headers.get('x-bookmark');
    expect(bookmark).toMatch(/^[A-Za-z0-9_-]+$/);
    const bookmarks = JSON.parse(Buffer.from(bookmark!, 'base64url').toString('utf8')) as unknown;
    expect(Array.isArray(bookmarks) && bookmarks.length > 0 && bookmarks.every((x) => typeof x === 'string')).toBe(true);
    const withIt = await call(b.url, `/api/v1/incidents/${id}?consumers=false`, { headers: { 'X-Bookmark': bookmark! } });
    expect(withIt.status).toBe(200);
    expect(withIt.body.summary.stop).toBe(1);
    // a write that carried a bookmark answers the newer one, and the next version builds on it
    const second = await decide(b.url, id, 'c04', 'correct', 1, { 'X-Bookmark': bookmark! });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.headers.get('x-bookmark')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(second.headers.get('x-bookmark')).not.toBe(bookmark);
    const stale = await decide(a.url, id, 'c04', 'notify', 1, { 'X-Bookmark': second.headers.get('x-bookmark')! });
    expect(stale.status).toBe(409);
    // reads answer no bookmark: they wrote nothing
    expect(withIt.headers.get('x-bookmark')).toBeNull();

    // the registry too: a node applied through B is served by A at once
    const applied = await call(b.url, '/api/v1/graph/apply', { method: 'POST', body: [{ apiVersion: 'blast-radius/v1', kind: 'Surface', metadata: { name: `${p}late`, owner: 'team-scale' }, spec: { consumes: [{ from: `${p}src` }] } }] });
    expect(applied.status).toBe(200);
    const node = await call(a.url, `/api/v1/nodes/${p}late`, { headers: { 'X-Bookmark': applied.headers.get('x-bookmark')! } });
    expect(node.status).toBe(200);
    expect(node.body.metadata.name).toBe(`${p}late`);
  });

  it('concurrent decisions through both instances get one seq each, contiguous, and every one is kept', async () => {
    const id = await open(a.url);
    const names = ['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08'];
    // two rounds on every name at once, half through each instance: writers race for the incident's lock.
    // Fails while lockIncident (server/store/neo4j/incidents.ts) locks with `SET i.seq = i.seq`: the
    // stale seq read before the lock is written back, so racing writers append the same seqs.
    for (const version of [0, 1]) {
      const answers = await Promise.all(names.map((name, i) => decide(i % 2 ? a.url : b.url, id, name, version ? 'stop' : 'notify', version)));
      for (const r of answers) expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const history = (await call(b.url, `/api/v1/incidents/${id}/history`)).body.history as { seq: number; name: string; version: number }[];
    expect(history.map((h) => h.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    for (const name of names) expect(history.filter((h) => h.name === `${p}${name}`).map((h) => h.version)).toEqual([1, 2]);
    expect((await call(a.url, `/api/v1/incidents/${id}?consumers=false`)).body.lastSeq).toBe(16);
  });

  it('refuses an X-Bookmark it never wrote, with the error shape', async () => {
    const id = await open(a.url);
    const bad = await call(b.url, `/api/v1/incidents/${id}`, { headers: { 'X-Bookmark': 'not a bookmark!' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_bookmark');
    // well formed for this server, but not a bookmark Neo4j wrote: still the client's error
    const forged = Buffer.from(JSON.stringify(['FB:forged'])).toString('base64url');
    const refused = await call(b.url, `/api/v1/incidents/${id}`, { headers: { 'X-Bookmark': forged } });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_bookmark', details: [{ path: 'header.X-Bookmark' }] });
  });

  it('containment applied through one instance is seen through the other', async () => {
    const id = await open(a.url);
    const plan = await call(b.url, `/api/v1/incidents/${id}/containment`);
    expect(plan.body.stops.map((s: { name: string }) => s.name)).toEqual([`${p}relay`]);
    const applied = await call(a.url, `/api/v1/incidents/${id}/containment/apply`, { method: 'POST', body: {} });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.applied.map((h: { name: string }) => h.name)).toEqual([`${p}relay`]);
    const after = await call(b.url, `/api/v1/incidents/${id}/containment`);
    expect(after.body.stops).toEqual([]);
    const screen = await call(b.url, `/api/v1/incidents/${id}/consumers?q=${p}screen`);
    expect(screen.body.consumers.find((c: { name: string }) => c.name === `${p}screen`)).toMatchObject({ exposed: false, reached: false });
    const relay = await call(b.url, `/api/v1/incidents/${id}/consumers?q=${p}relay`);
    expect(relay.body.consumers.find((c: { name: string }) => c.name === `${p}relay`).decision).toMatchObject({ action: 'stop' });
  });

  it('a subscriber that resumes with Last-Event-ID on the other instance misses nothing and sees nothing twice', async () => {
    const id = await open(a.url);
    const first = live(a.url, id);
    await first.ready;
    const names = ['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08'];
    for (const name of names.slice(0, 3)) expect((await decide(a.url, id, name, 'notify', 0)).status).toBe(200);
    await first.until(3);
    first.close();
    const seen = first.events.map((e) => e.seq);
    // written while the subscriber is away, through both instances
    for (const [i, name] of names.slice(3).entries()) expect((await decide(i % 2 ? a.url : b.url, id, name, 'stop', 0)).status).toBe(200);
    const resumed = live(b.url, id, seen.at(-1));
    expect(await resumed.ready).toBe(seen.at(-1));
    await resumed.until(names.length);
    // and what comes after, through the first instance again
    expect((await decide(a.url, id, 'c01', 'correct', 1)).status).toBe(200);
    await resumed.until(names.length + 1);
    const all = [...seen, ...resumed.events.map((e) => e.seq)];
    expect(all).toEqual(Array.from({ length: names.length + 1 }, (_, i) => i + 1));
    const history = await call(b.url, `/api/v1/incidents/${id}/history`);
    expect(history.body.history.map((h: { seq: number }) => h.seq)).toEqual(all);
    expect(resumed.problems).toEqual([]);
  });

  it('a graceful stop ends its live streams, and the subscriber resumes on the other instance', async () => {
    const id = await open(a.url);
    const extra = await startInstance(neo4jEnv(neo4jConnection()!));
    const onExtra = live(extra.url, id);
    await onExtra.ready;
    expect((await decide(a.url, id, 'c01', 'notify', 0)).status).toBe(200);
    await onExtra.until(1);
    await extra.stop();
    expect(onExtra.problems).toContain('the stream ended');
    expect((await decide(a.url, id, 'c02', 'notify', 0)).status).toBe(200);
    const resumed = live(b.url, id, 1);
    await resumed.until(2);
    expect(resumed.events.map((e) => e.seq)).toEqual([2]);
  });
});

describe('the embedded store: one process per data folder', () => {
  let first: Instance | undefined;
  afterAll(async () => {
    await first?.stop();
  });

  it('refuses a second process on its folder and says to use Neo4j for more', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-lock-'));
    first = await startInstance({ BLAST_RADIUS_STORE: 'embedded' }, { dataDir });
    const second = await expectRefusal({ BLAST_RADIUS_STORE: 'embedded' }, dataDir);
    expect(second.code).not.toBe(0);
    expect(second.output).toContain(`is in use by process ${first.pid}`);
    expect(second.output).toMatch(/use Neo4j \(BLAST_RADIUS_STORE=neo4j\)/);
    // the first one still serves
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
  }, 120_000);
});
