// The incident time engine on the Neo4j store: the same random incidents as
// test/core/incident-time.test.ts, over HTTP on a Neo4j-backed server, compared consumer by
// consumer with the independent reference. Node names carry a per-run tag, so the suite needs no
// empty database and leaves other suites' data alone.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emptyStats, randomIncident } from '../support/incident-random.js';
import { Api } from '../support/incident-scenarios.js';
import { describeNeo4j, neo4jConnection, suiteDriver } from '../support/neo4j.js';
import { startTestServer, type TestServer } from '../support/server.js';

const RUNS = Number(process.env.INCIDENT_RANDOM_RUNS_NEO4J ?? 50);

describeNeo4j('incident time engine against the reference (Neo4j store)', () => {
  let server: TestServer;
  let api: Api;
  const run = randomBytes(3).toString('hex');
  const stats = emptyStats();
  const conn = neo4jConnection()!;
  const driver = suiteDriver(conn);
  const start = async () => {
    server = await startTestServer({
      env: { BLAST_RADIUS_STORE: 'neo4j', NEO4J_URI: conn.uri, NEO4J_USER: conn.user, NEO4J_PASSWORD: conn.password, ...(conn.database ? { NEO4J_DATABASE: conn.database } : {}) },
    });
    api = new Api(server.baseUrl);
  };
  beforeAll(start);
  /**
   * Other suites share this database and clear it between their tests. When a scenario fails and
   * its nodes are gone, the failure is theirs: start afresh (the server recreates what it needs).
   */
  const clearedUnderUs = async (name: string) => {
    const res = await driver().executeQuery('MATCH (n:Node {name: $name}) RETURN count(n) AS c', { name }, { database: conn.database });
    return Number(res.records[0].get('c')) === 0;
  };
  afterAll(async () => {
    await server?.close();
  });

  const seeds = Array.from({ length: RUNS }, (_, i) => i + 1);
  it.each(seeds)('random incident, seed %i', async (seed) => {
    for (let attempt = 1; ; attempt++) {
      const tag = `n${run}s${seed}a${attempt}`;
      try {
        // a marker node: if it is gone after a failure, someone cleared the database meanwhile
        await api.ok('POST', '/api/v1/graph/apply', [{ apiVersion: 'blast-radius/v1', kind: 'System', metadata: { name: `${tag}-probe`, owner: 'probe' } }]);
        await randomIncident(api, seed, tag, stats, { maxNodes: seed % 10 === 0 ? 30 : 14 });
        return;
      } catch (err) {
        if (attempt >= 4 || !(await clearedUnderUs(`${tag}-probe`))) throw err;
        console.warn(`seed ${seed}: the database was cleared by another suite; retrying`);
        await server.close();
        await start();
      }
    }
  });

  it('the random runs exercised what they claim to', () => {
    expect(stats.held).toBeGreaterThan(5);
    expect(stats.partialStops).toBeGreaterThan(5);
    expect(stats.sourceStops).toBeGreaterThan(5);
    expect(stats.bulk).toBeGreaterThan(5);
    expect(stats.observed).toBeGreaterThan(5);
    expect(stats.plansCompared).toBeGreaterThan(RUNS / 3);
    expect(stats.applied).toBeGreaterThan(3);
  });
});
