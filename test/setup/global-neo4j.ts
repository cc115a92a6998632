/**
 * Vitest globalSetup: finds or starts the Neo4j server the tests use and hands
 * its connection to them as `inject('neo4j')` (see test/support/neo4j.ts).
 *
 * 1. NEO4J_URI set: use that server (NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE,
 *    defaults neo4j / blast-radius-test / neo4j). It must answer, or the run stops.
 * 2. else java and mvn on PATH: start (or reuse) the local Community server with
 *    scripts/neo4j/start.sh; stopped at teardown only if this run started it
 *    (NEO4J_KEEP_RUNNING=1 keeps it for the next run; scripts/neo4j/stop.sh stops it).
 * 3. else CI=true or REQUIRE_NEO4J=1: fail the run with an explanation.
 * 4. else: a loud warning, and every describeNeo4j suite is skipped.
 *
 * It is meant to be listed once, at the root of vitest.config.ts (the root
 * project's provided context reaches every project), but it is also guarded so
 * that listing it in several projects still starts a single server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';
import type { TestProject } from 'vitest/node';

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  database: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jConnection | null;
  }
}

export const DEFAULT_NEO4J_USER = 'neo4j';
export const DEFAULT_NEO4J_PASSWORD = 'blast-radius-test';
export const DEFAULT_NEO4J_DATABASE = 'neo4j';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const stateDir = path.join(repoRoot, '.neo4j');
const startScript = path.join(repoRoot, 'scripts/neo4j/start.sh');
const stopScript = path.join(repoRoot, 'scripts/neo4j/stop.sh');

function required(): boolean {
  return process.env.CI === 'true' || process.env.REQUIRE_NEO4J === '1';
}

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function log(message: string): void {
  process.stderr.write(`[neo4j] ${message}\n`);
}

function loud(lines: string[]): void {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = '!'.repeat(width);
  const body = lines.map((l) => `! ${l.padEnd(width - 4)} !`).join('\n');
  process.stderr.write(`\n\x1b[1;33m${bar}\n${body}\n${bar}\x1b[0m\n\n`);
}

/** Pid of the server that start.sh left running, if that process is alive. */
function runningPid(): number | null {
  try {
    const pid = Number(readFileSync(path.join(stateDir, 'pid'), 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

async function checkConnection(conn: Neo4jConnection): Promise<string> {
  const driver = neo4j.driver(conn.uri, neo4j.auth.basic(conn.user, conn.password), {
    connectionTimeout: 10_000,
    maxTransactionRetryTime: 0,
  });
  try {
    await driver.executeQuery('RETURN 1', {}, { database: conn.database });
    const info = await driver.getServerInfo();
    return String(info.agent ?? 'unknown version');
  } finally {
    await driver.close();
  }
}

function runStart(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [startScript], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const uri = out.trim().split('\n').pop()?.trim() ?? '';
      if (code === 0 && uri.startsWith('bolt://')) resolve(uri);
      else reject(new Error(`scripts/neo4j/start.sh exited with ${code}${uri ? ` (last output: ${uri})` : ''}`));
    });
  });
}

interface Resolved {
  conn: Neo4jConnection | null;
  /** pid of a server this run started (and so must stop), if any */
  startedPid: number | null;
}

async function resolveConnection(): Promise<Resolved> {
  const user = process.env.NEO4J_USER || DEFAULT_NEO4J_USER;
  const password = process.env.NEO4J_PASSWORD || DEFAULT_NEO4J_PASSWORD;
  const database = process.env.NEO4J_DATABASE || DEFAULT_NEO4J_DATABASE;

  const externalUri = process.env.NEO4J_URI;
  if (externalUri) {
    const conn = { uri: externalUri, user, password, database };
    try {
      const version = await checkConnection(conn);
      log(`using ${version} at ${externalUri} (from NEO4J_URI), database ${database}`);
    } catch (err) {
      throw new Error(
        `NEO4J_URI=${externalUri} is set but Neo4j does not answer there as user '${user}': ${(err as Error).message}`,
        { cause: err },
      );
    }
    return { conn, startedPid: null };
  }

  const missing = ['java', 'mvn'].filter((cmd) => !onPath(cmd));
  if (missing.length === 0 && existsSync(startScript)) {
    const before = runningPid();
    const started = Date.now();
    try {
      const uri = await runStart();
      const after = runningPid();
      const startedPid = after !== null && after !== before ? after : null;
      log(
        `${startedPid ? 'started' : 'reusing'} local Neo4j at ${uri}` +
          (startedPid ? ` in ${((Date.now() - started) / 1000).toFixed(1)} s` : ''),
      );
      return {
        conn: { uri, user: DEFAULT_NEO4J_USER, password: DEFAULT_NEO4J_PASSWORD, database: DEFAULT_NEO4J_DATABASE },
        startedPid,
      };
    } catch (err) {
      if (required()) {
        throw new Error(`Neo4j is required (CI=true or REQUIRE_NEO4J=1) but the local server did not start: ${(err as Error).message}`, {
          cause: err,
        });
      }
      loud([
        'NEO4J TESTS WILL BE SKIPPED: scripts/neo4j/start.sh failed.',
        `${(err as Error).message}`,
        'See its output above and .neo4j/home/logs/.',
      ]);
      return { conn: null, startedPid: null };
    }
  }

  const why = `no NEO4J_URI, and ${missing.join(' and ') || 'scripts/neo4j/start.sh'} not found`;
  if (required()) {
    throw new Error(
      `Neo4j is required (CI=true or REQUIRE_NEO4J=1) but ${why}. ` +
        'Install a JDK 17+ and Maven (the test server is fetched from Maven Central by scripts/neo4j/fetch.sh), ' +
        'or point NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD at a running Neo4j 5.26.',
    );
  }
  loud([
    `NEO4J TESTS WILL BE SKIPPED: ${why}.`,
    'Install java 17+ and mvn (the server then starts by itself),',
    'or set NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD.',
  ]);
  return { conn: null, startedPid: null };
}

interface SharedState {
  resolved: Promise<Resolved>;
  users: number;
}

const GUARD = Symbol.for('blast-radius.test.global-neo4j');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const registry = globalThis as unknown as Record<symbol, SharedState | undefined>;
  let state = registry[GUARD];
  if (!state) {
    state = { resolved: resolveConnection(), users: 0 };
    registry[GUARD] = state;
  }
  state.users++;
  const shared = state;
  let resolved: Resolved;
  try {
    resolved = await shared.resolved;
  } catch (err) {
    delete registry[GUARD];
    throw err;
  }
  const { conn, startedPid } = resolved;
  project.provide('neo4j', conn);

  return async () => {
    shared.users--;
    if (shared.users > 0) return;
    delete registry[GUARD];
    if (startedPid === null) return;
    if (process.env.NEO4J_KEEP_RUNNING === '1') {
      log(`leaving Neo4j (pid ${startedPid}) running (NEO4J_KEEP_RUNNING=1); stop it with scripts/neo4j/stop.sh`);
      return;
    }
    if (runningPid() !== startedPid) return;
    spawnSync('bash', [stopScript], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  };
}
