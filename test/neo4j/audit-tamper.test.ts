// Tampering with the record on Neo4j (CONTRACT.md §9), as someone with database access would:
// a decision's note, a stored document, a revision's author, a removed hash. The audit names the
// entry; a server started on it refuses every write and serves reads; `blast-radius audit verify`
// exits 1. Revisions are chained exactly as the embedded store chains them, and a database
// written before revisions were hashed is chained once at start.
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GENESIS, revisionHash } from '../../server/store/hash-chain.js';
import { jsonClient } from '../api/http.js';
import { applyV2Graph, openV2Incident, timesFrom, V2_GRAPH } from '../api/v2-fixture.js';
import { runCli } from '../audit/cli-run.js';
import { expectReadsServed, expectWritesRefused } from '../audit/refused-writes.js';
import { clearNeo4j, describeNeo4j, neo4jConnection, suiteDriver } from '../support/neo4j.js';
import { startTestServer, type TestServer } from '../support/server.js';

describeNeo4j('a tampered record on Neo4j', () => {
  const conn = neo4jConnection()!;
  const driver = suiteDriver(conn);
  let server: TestServer | undefined;
  let id: string;
  const call = jsonClient(() => server!.baseUrl, 'oncall');
  const cypher = (db: Driver, query: string, params: object = {}) => db.executeQuery(query, params, { database: conn.database });

  const start = async () => {
    await server?.close();
    server = await startTestServer({
      demo: false,
      env: { BLAST_RADIUS_STORE: 'neo4j', NEO4J_URI: conn.uri, NEO4J_USER: conn.user, NEO4J_PASSWORD: conn.password, ...(conn.database ? { NEO4J_DATABASE: conn.database } : {}) },
    });
  };
  const verify = async () => (await call('/api/v1/audit/verify')).body;

  beforeAll(async () => {
    await clearNeo4j(conn);
    await start();
    await applyV2Graph(call);
    const extra = [{ apiVersion: 'blast-radius/v1', kind: 'System', metadata: { name: 'archive', owner: 'ops' }, spec: { consumes: [{ from: 'ledger' }] } }];
    expect((await call('/api/v1/graph/apply', { method: 'POST', body: JSON.stringify(extra) })).status).toBe(200);
    expect((await call('/api/v1/nodes/row11', { method: 'DELETE' })).status).toBe(200);
    ({ id } = await openV2Incident(call, timesFrom()));
    for (const [name, action, note] of [['mailer', 'stop', 'paused by flag'], ['banner', 'notify', 'notice up']]) {
      expect((await call(`/api/v1/incidents/${id}/decisions/${name}`, { method: 'PUT', body: JSON.stringify({ action, note }) })).status).toBe(200);
    }
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('chains revisions as the embedded store does: the record and each document it wrote, in order', async () => {
    const revisions = (await call('/api/v1/revisions')).body.revisions;
    expect(revisions).toHaveLength(3);
    const docs = await Promise.all(V2_GRAPH.map(async (d) => (await call(`/api/v1/nodes/${d.metadata.name}?revision=1`)).body));
    const { hash, ...record } = revisions[0];
    expect(hash).toBe(revisionHash(GENESIS, record, docs.map((doc, i) => ({ name: V2_GRAPH[i].metadata.name, doc }))));
    expect(revisions.every((r: { hash?: string }) => /^[0-9a-f]{64}$/.test(r.hash ?? ''))).toBe(true);
    const check = await verify();
    // three revisions and two decisions
    expect(check).toEqual({ ok: true, entries: 5, firstBad: null });
    const run = await runCli(['audit', 'verify', '--server', server!.baseUrl]);
    expect(run.code, run.stderr).toBe(0);
  });

  it("names an altered decision note, refuses every write after a restart, serves reads; the CLI exits 1", async () => {
    await cypher(driver(), 'MATCH (d:Decision {incident: $id, name: "mailer"}) SET d.note = "never paused"', { id });
    const firstBad = `incident ${id} seq 1`;
    expect(await verify()).toMatchObject({ ok: false, firstBad });
    await start();
    expect(await verify()).toMatchObject({ ok: false, firstBad });
    await expectReadsServed(call, id);
    await expectWritesRefused(call, id, firstBad);
    const run = await runCli(['audit', 'verify', '--server', server!.baseUrl]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`breaks at ${firstBad}`);

    await cypher(driver(), 'MATCH (d:Decision {incident: $id, name: "mailer"}) SET d.note = "paused by flag"', { id });
    await start();
    expect(await verify()).toMatchObject({ ok: true, firstBad: null });
  });

  it('names the revision of an altered stored document, of an altered author, of a removed hash', async () => {
    const alterations: [string, string, string][] = [
      [
        'MATCH (v:NodeVersion {name: "banner", revision: 1}) SET v.original = v.doc, v.doc = replace(v.doc, \'"public"\', \'"internal"\')',
        'MATCH (v:NodeVersion {name: "banner", revision: 1}) SET v.doc = v.original REMOVE v.original',
        'revision 1',
      ],
      ['MATCH (r:Revision {number: 2}) SET r.original = r.by, r.by = "someone-else"', 'MATCH (r:Revision {number: 2}) SET r.by = r.original REMOVE r.original', 'revision 2'],
      ['MATCH (r:Revision {number: 3}) SET r.original = r.hash REMOVE r.hash', 'MATCH (r:Revision {number: 3}) SET r.hash = r.original REMOVE r.original', 'revision 3'],
      // the order the documents were written in is part of the chain
      ['MATCH (v:NodeVersion {name: "src", revision: 1}) SET v.original = v.index, v.index = 99', 'MATCH (v:NodeVersion {name: "src", revision: 1}) SET v.index = v.original REMOVE v.original', 'revision 1'],
    ];
    for (const [alter, restore, firstBad] of alterations) {
      await cypher(driver(), alter);
      expect([alter, await verify()]).toMatchObject([alter, { ok: false, firstBad }]);
      // a restart does not repair it: a missing hash is a break once the chain exists
      await start();
      expect([alter, await verify()]).toMatchObject([alter, { ok: false, firstBad }]);
      const refused = await call('/api/v1/graph/apply', { method: 'POST', body: JSON.stringify([{ apiVersion: 'blast-radius/v1', kind: 'System', metadata: { name: 'crm', owner: 'sales' } }]) });
      expect([refused.status, refused.body.error?.code]).toEqual([503, 'audit_chain_broken']);
      await cypher(driver(), restore);
    }
    await start();
    expect(await verify()).toMatchObject({ ok: true, firstBad: null });
  });

  it('chains a database written before revisions were hashed once at start, and goes on from there', async () => {
    await cypher(driver(), 'MATCH (r:Revision) REMOVE r.hash');
    await cypher(driver(), 'MATCH (v:NodeVersion) REMOVE v.index');
    await cypher(driver(), 'MATCH (m:Meta {id: "graph"}) REMOVE m.revisionChain');
    await start();
    expect(await verify()).toEqual({ ok: true, entries: 5, firstBad: null });
    expect((await call('/api/v1/revisions')).body.revisions.every((r: { hash?: string }) => /^[0-9a-f]{64}$/.test(r.hash ?? ''))).toBe(true);
    const crm = [{ apiVersion: 'blast-radius/v1', kind: 'System', metadata: { name: 'crm', owner: 'sales' }, spec: { consumes: [{ from: 'src' }] } }];
    expect((await call('/api/v1/graph/apply', { method: 'POST', body: JSON.stringify(crm) })).body.revision).toBe(4);
    expect(await verify()).toEqual({ ok: true, entries: 6, firstBad: null });
  });
});
