// A Neo4j of a test's own, for tests that kill the database: the same jars and JVM command as
// scripts/neo4j/start.sh, but its home under /tmp and its own port, so the shared test server is
// never touched. kill9() and start() again keep the port and the data (a restart after a crash).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';

const root = fileURLToPath(new URL('../..', import.meta.url));
const lib = path.join(root, '.neo4j', 'lib');
const USER = 'neo4j';
const PASSWORD = 'blast-radius-test';

// as scripts/neo4j/start.sh: the options the official launcher uses, without pre-touching the heap
const JVM_OPTS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+UnlockExperimentalVMOptions',
  '-XX:+TrustFinalNonStaticFields',
  '-XX:+DisableExplicitGC',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
  '-Dlog4j2.disable.jmx=true',
  '-Dfile.encoding=UTF-8',
];

export interface ThrowawayNeo4j {
  uri: string;
  port: number;
  user: string;
  password: string;
  home: string;
  /** Starts the server (again: same port, same data) and waits until it answers. */
  start(): Promise<void>;
  /** SIGKILL, as a crash: no shutdown, sockets closed by the kernel. */
  kill9(): Promise<void>;
  /** Stops the server if it runs and removes its home. */
  dispose(): Promise<void>;
}

/** A loopback port nothing listens on now. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

function conf(home: string, port: number, pagecache: string): string {
  return [
    'server.default_listen_address=127.0.0.1',
    'server.default_advertised_address=127.0.0.1',
    `server.bolt.listen_address=127.0.0.1:${port}`,
    `server.bolt.advertised_address=127.0.0.1:${port}`,
    'server.http.enabled=false',
    'server.https.enabled=false',
    'dbms.security.auth_enabled=true',
    'dbms.usage_report.enabled=false',
    `server.memory.pagecache.size=${pagecache}`,
    'db.tx_log.rotation.retention_policy=2 files',
    'internal.dbms.bolt.netty_server_shutdown_quiet_period=0',
    ...['data', 'logs', 'run', 'import', 'plugins', 'licenses'].map((d) => `server.directories.${d}=${path.join(home, d)}`),
    `server.directories.lib=${lib}`,
    '',
  ].join('\n');
}

/** Waits until Bolt answers RETURN 1; fails early when the process has exited. */
async function waitForBolt(uri: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`throwaway Neo4j exited (${child.exitCode ?? child.signalCode}) before answering; see ${logFile}`);
    const driver = neo4j.driver(uri, neo4j.auth.basic(USER, PASSWORD), { connectionTimeout: 2000, maxTransactionRetryTime: 0, logging: { level: 'error', logger: () => undefined } });
    try {
      await driver.executeQuery('RETURN 1');
      return;
    } catch (err) {
      last = (err as Error).message;
    } finally {
      await driver.close().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`throwaway Neo4j did not answer at ${uri} within ${timeoutMs} ms (${last}); see ${logFile}`);
}

export async function throwawayNeo4j(options: { heap?: string; pagecache?: string; startTimeoutMs?: number } = {}): Promise<ThrowawayNeo4j> {
  const fetched = spawnSync('bash', [path.join(root, 'scripts/neo4j/fetch.sh')], { stdio: 'inherit' });
  if (fetched.status !== 0) throw new Error('scripts/neo4j/fetch.sh failed: the Neo4j jars are not there');
  const heap = options.heap ?? process.env.NEO4J_HEAP ?? '512m';
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-neo4j-'));
  const confDir = path.join(home, 'conf');
  for (const d of ['conf', 'data', 'logs', 'run', 'import', 'plugins', 'licenses']) fs.mkdirSync(path.join(home, d), { recursive: true });
  const port = await freePort();
  fs.writeFileSync(path.join(confDir, 'neo4j.conf'), conf(home, port, options.pagecache ?? '64m'));
  const env = { ...process.env, NEO4J_HOME: home, NEO4J_CONF: confDir };
  const admin = spawnSync('java', ['-cp', `${lib}/*`, 'org.neo4j.cli.AdminTool', 'dbms', 'set-initial-password', PASSWORD], { env, encoding: 'utf8' });
  if (admin.status !== 0) throw new Error(`neo4j-admin set-initial-password failed: ${admin.stderr || admin.stdout}`);

  const uri = `bolt://127.0.0.1:${port}`;
  const logFile = path.join(home, 'logs', 'console.log');
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => c.once('exit', () => resolve())));

  return {
    uri,
    port,
    user: USER,
    password: PASSWORD,
    home,
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) throw new Error('throwaway Neo4j is already running');
      const out = fs.openSync(logFile, 'a');
      child = spawn('java', [`-Xms${heap}`, `-Xmx${heap}`, ...JVM_OPTS, '-cp', `${lib}/*`, 'org.neo4j.server.CommunityEntryPoint', `--home-dir=${home}`, `--config-dir=${confDir}`, '--console-mode'], {
        env,
        stdio: ['ignore', out, out],
      });
      fs.closeSync(out);
      await waitForBolt(uri, child, options.startTimeoutMs ?? 150_000, logFile);
    },
    async kill9() {
      if (!child) return;
      child.kill('SIGKILL');
      await exited(child);
    },
    async dispose() {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child?.kill('SIGKILL'), 30_000);
        await exited(child);
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
