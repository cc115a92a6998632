// npm run bench: the speed targets of issues 2 and 3, measured over real HTTP on both stores.
//   1. apply 20,000 nodes and 100,000 edges in one batch (target: embedded < 10 s, Neo4j < 60 s)
//   2. the blast radius of a 100,000-node, 1,000,000-edge graph from a source whose radius holds
//      at least 50,000 consumers: median of the whole HTTP answer (target: embedded < 150 ms,
//      Neo4j < 1.5 s), and an unbounded [*] Cypher query on the same data, stopped at 60 s.
//   3. Neo4j: a one-node change and a 10,000-document batch on a 20,000-node / 150,000-edge
//      registry (neo4j-apply.ts; target for the one-node change ≤ 100 ms).
// Neo4j runs are skipped (and said so) when no Neo4j can be found or started.
// Options: BENCH_SKIP_NEO4J=1, BENCH_SKIP_EMBEDDED=1, BENCH_NODES / BENCH_EDGES (default 100000 / 1000000), BENCH_RUNS (7),
// BENCH_ONLY=neo4j-apply (only measurement 3), BENCH_ONLY=incidents (only measurement 4).
//   4. incidents at 100,000 consumers (incidents.ts): open cold, decide, summary, list, restart, beside the limit.
import fs from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { pino } from 'pino';
import { readConfig } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/server.js';
import { benchGraph } from './generate.js';
import { freePort, throwawayNeo4j, type ThrowawayNeo4j } from '../support/throwaway-neo4j.js';
import { incidentBench, type Served } from './incidents.js';
import { neo4jApplyBench } from './neo4j-apply.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const NODES = Number(process.env.BENCH_NODES ?? 100_000);
const EDGES = Number(process.env.BENCH_EDGES ?? 1_000_000);
const ROOT = path.resolve(import.meta.dirname, '../..');
const results: string[] = [];
const storeMedian: Partial<Record<'embedded' | 'neo4j', number>> = {};

const log = (line: string) => {
  console.log(line);
  results.push(line);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;

interface Neo4jConn {
  uri: string;
  user: string;
  password: string;
}

let throwaway: ThrowawayNeo4j | undefined;

/** NEO4J_URI's server, else a Neo4j of the bench's own (never the shared test server, which it would wipe). */
async function neo4jConnection(): Promise<Neo4jConn | null> {
  if (process.env.BENCH_SKIP_NEO4J === '1') return null;
  if (process.env.NEO4J_URI) return { uri: process.env.NEO4J_URI, user: process.env.NEO4J_USER ?? 'neo4j', password: process.env.NEO4J_PASSWORD ?? 'blast-radius-test' };
  try {
    throwaway = await throwawayNeo4j({ heap: process.env.NEO4J_HEAP ?? '10g', pagecache: process.env.NEO4J_PAGECACHE ?? '2g', startTimeoutMs: 180_000 });
    await throwaway.start();
    return { uri: throwaway.uri, user: throwaway.user, password: throwaway.password };
  } catch (err) {
    log(`Neo4j: not available (${(err as Error).message.split('\n')[0]}); Neo4j figures skipped`);
    return null;
  }
}

async function clear(conn: Neo4jConn) {
  const driver = neo4j.driver(conn.uri, neo4j.auth.basic(conn.user, conn.password));
  await driver.executeQuery('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS', {}, { routing: 'WRITE' }).catch(async () => {
    const session = driver.session();
    await session.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS');
    await session.close();
  });
  await driver.close();
}

async function server(store: 'embedded' | 'neo4j', conn: Neo4jConn | null, dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-bench-'))): Promise<RunningServer> {
  const env: Record<string, string> = {
    PORT: '0',
    BLAST_RADIUS_DATA: dataDir,
    BLAST_RADIUS_DEMO: '0',
    BLAST_RADIUS_STORE: store,
    BLAST_RADIUS_BODY_LIMIT: '1gb',
  };
  if (conn) Object.assign(env, { NEO4J_URI: conn.uri, NEO4J_USER: conn.user, NEO4J_PASSWORD: conn.password });
  return startServer(readConfig(env), pino({ level: 'warn' }));
}

/**
 * The server as `npm start` runs it, in a process of its own: a restart is a new process, with a
 * fresh heap, not a second server inside the bench's (which still holds the first one's garbage).
 * Answers once /readyz does.
 */
async function serverProcess(store: 'embedded' | 'neo4j', conn: Neo4jConn | null, dataDir: string): Promise<Served> {
  const port = await freePort();
  const env: Record<string, string> = { ...(process.env as Record<string, string>), PORT: String(port), BLAST_RADIUS_DATA: dataDir, BLAST_RADIUS_DEMO: '0', BLAST_RADIUS_STORE: store, BLAST_RADIUS_BODY_LIMIT: '1gb', BLAST_RADIUS_LOG_LEVEL: 'warn' };
  if (conn) Object.assign(env, { NEO4J_URI: conn.uri, NEO4J_USER: conn.user, NEO4J_PASSWORD: conn.password });
  const built = path.join(ROOT, 'dist/server/cli/main.js');
  const child = spawn(process.execPath, ['--max-old-space-size=12000', built, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the restarted server exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    runs: 'the compiled build, as npm start runs it',
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function timeApply(running: RunningServer, body: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${running.url}/api/v1/graph/apply`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  const answer = (await res.json()) as { created?: number; error?: unknown };
  if (res.status !== 200) throw new Error(`apply failed: ${JSON.stringify(answer).slice(0, 500)}`);
  return performance.now() - t;
}

/** Time to the last byte of the HTTP answer (the client does not parse it). */
async function timeRadius(running: RunningServer, source: string): Promise<{ ms: number; bytes: number }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    http.get(`${running.url}/api/v1/nodes/${source}/blast-radius`, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => (res.statusCode === 200 ? resolve({ ms: performance.now() - t, bytes }) : reject(new Error(`blast radius failed with ${res.statusCode}`))));
    }).on('error', reject);
  });
}

async function applyBench(store: 'embedded' | 'neo4j', conn: Neo4jConn | null) {
  const docs = benchGraph(20_000, 100_000, 7);
  const body = JSON.stringify(docs);
  if (conn) await clear(conn);
  const running = await server(store, conn);
  try {
    const elapsed = await timeApply(running, body);
    log(`apply 20,000 nodes + 100,000 edges in one batch, ${store}: ${ms(elapsed)} (${(body.length / 1e6).toFixed(1)} MB of JSON)`);
    const again = await timeApply(running, body);
    log(`  re-apply unchanged, ${store}: ${ms(again)}`);
  } finally {
    await running.close();
  }
}

async function radiusBench(store: 'embedded' | 'neo4j', conn: Neo4jConn | null, docs: ReturnType<typeof benchGraph>) {
  if (conn) await clear(conn);
  const running = await server(store, conn);
  try {
    const t = performance.now();
    await running.store.apply(docs, { by: 'bench' });
    log(`load ${NODES.toLocaleString('en')} nodes + ${EDGES.toLocaleString('en')} edges, ${store}: ${ms(performance.now() - t)}`);
    const radius = await running.store.blastRadius('n0', { revision: await running.store.currentRevision() });
    log(`  radius of n0: ${radius.consumers.length.toLocaleString('en')} consumers, ${radius.edges.length.toLocaleString('en')} edges`);
    // cold: computed; warm: the same revision again
    const computeTimes: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 5); i++) {
      const c = performance.now();
      await running.store.blastRadius('n0', { revision: await running.store.currentRevision() });
      computeTimes.push(performance.now() - c);
    }
    log(`  store computation, ${store}: median ${ms(median(computeTimes))} over ${computeTimes.length}`);
    storeMedian[store] = median(computeTimes);
    const first = await timeRadius(running, 'n0');
    log(`  whole HTTP answer, first request (computed + serialized), ${store}: ${ms(first.ms)} for ${(first.bytes / 1e6).toFixed(1)} MB`);
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) warm.push((await timeRadius(running, 'n0')).ms);
    log(`  whole HTTP answer, repeated (same revision), ${store}: median ${ms(median(warm))} over ${RUNS} (min ${ms(Math.min(...warm))}, max ${ms(Math.max(...warm))})`);
  } finally {
    await running.close();
  }
}

async function unboundedCypher(conn: Neo4jConn) {
  const driver = neo4j.driver(conn.uri, neo4j.auth.basic(conn.user, conn.password), { disableLosslessIntegers: true });
  const session = driver.session();
  const t = performance.now();
  try {
    // the naive query: every path from the source, one row each, then the shortest per consumer
    const res = await session.run(
      'MATCH p = (s:Node {name: $source})-[:FEEDS*]->(c:Node) WHERE all(r IN relationships(p) WHERE r.toRev IS NULL) RETURN c.name AS name, length(p) AS depth',
      { source: 'n0' },
      { timeout: 60_000 },
    );
    log(`unbounded [*] Cypher: ${ms(performance.now() - t)} (${res.records.length} rows)`);
    return performance.now() - t;
  } catch (err) {
    log(`unbounded [*] Cypher: stopped at ${ms(performance.now() - t)} by the 60 s transaction timeout (${(err as Error).message.split('\n')[0].slice(0, 120)})`);
    return null;
  } finally {
    await session.close();
    await driver.close();
  }
}

async function smallApplies(conn: Neo4jConn) {
  await clear(conn);
  const running = await server('neo4j', conn);
  try {
    await neo4jApplyBench({ timeApply: (docs) => timeApply(running, JSON.stringify(docs)), load: async (docs) => void (await running.store.apply(docs, { by: 'bench' })), log }, RUNS);
  } finally {
    await running.close();
  }
}

async function incidents(store: 'embedded' | 'neo4j', conn: Neo4jConn | null, docs: ReturnType<typeof benchGraph>) {
  if (conn) await clear(conn);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-bench-'));
  await incidentBench({
    store,
    docs,
    runs: RUNS,
    log,
    start: () => server(store, conn, dataDir),
    spawn: () => serverProcess(store, conn, dataDir),
  });
}

async function main() {
  // the server processes run the compiled build, as npm start does: built now, so never a stale one
  const build = spawnSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('npm run build:server failed');
  log(`blast-radius bench on ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString()}`);
  const conn = await neo4jConnection();
  const only = process.env.BENCH_ONLY;
  const embedded = process.env.BENCH_SKIP_EMBEDDED !== '1' && only === undefined;
  if (embedded) await applyBench('embedded', null);
  if (conn && only === undefined) await applyBench('neo4j', conn);
  if (conn && only !== 'incidents') await smallApplies(conn);
  const docs = only === undefined ? benchGraph(NODES, EDGES) : [];
  if (embedded) await radiusBench('embedded', null, docs);
  if (embedded || (only === 'incidents' && process.env.BENCH_SKIP_EMBEDDED !== '1')) await incidents('embedded', null, docs.length ? docs : benchGraph(NODES, EDGES));
  if (conn && (only === undefined || only === 'incidents')) await incidents('neo4j', conn, docs.length ? docs : benchGraph(NODES, EDGES));
  if (conn && only === undefined) {
    await radiusBench('neo4j', conn, docs);
    const naive = await unboundedCypher(conn);
    const bfs = storeMedian.neo4j!;
    log(naive === null
      ? `  ratio: the unbounded [*] query did not finish in 60 s: more than ${(60_000 / bfs).toFixed(0)}x the pruning breadth-first query (${ms(bfs)})`
      : `  ratio: unbounded [*] ${(naive / bfs).toFixed(1)}x the pruning breadth-first query (${ms(naive)} / ${ms(bfs)})`);
  }
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'test-results', 'bench.txt'), results.join('\n') + '\n');
  console.log('\nwritten to test-results/bench.txt');
  // the bench's own Neo4j holds gigabytes: stopped and removed
  await throwaway?.dispose();
  process.exit(0);
}

await main();
