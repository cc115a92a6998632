// API instances as separate processes (`blast-radius serve` run through tsx), so that two of them
// share nothing but the store: no module state, no event emitter, no cache. Loopback only.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Instance {
  url: string;
  pid: number;
  dataDir: string;
  /** The last lines the process wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM (a graceful stop: live streams end first) and wait for the exit. */
  stop(): Promise<void>;
}

export interface Neo4jEnv {
  uri: string;
  user: string;
  password: string;
  database?: string;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** The environment of an instance on Neo4j. */
export function neo4jEnv(conn: Neo4jEnv): Record<string, string> {
  return { BLAST_RADIUS_STORE: 'neo4j', NEO4J_URI: conn.uri, NEO4J_USER: conn.user, NEO4J_PASSWORD: conn.password, ...(conn.database ? { NEO4J_DATABASE: conn.database } : {}) };
}

/** Spawns `serve` and answers once /readyz does; `env` adds to (or overrides) a quiet loopback default. */
export function spawnServe(env: Record<string, string>, dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-instance-'))): { child: ChildProcess; output: () => string; dataDir: string } {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/run-ts.js'), path.join(ROOT, 'server/cli/main.ts'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', BLAST_RADIUS_DEMO: '0', BLAST_RADIUS_LOG_LEVEL: 'error', BLAST_RADIUS_DATA: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output: () => lines.join('\n'), dataDir };
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

export async function startInstance(env: Record<string, string>, options: { dataDir?: string; timeoutMs?: number } = {}): Promise<Instance> {
  const port = await freePort();
  const { child, output, dataDir } = spawnServe({ ...env, PORT: String(port) }, options.dataDir);
  const url = `http://127.0.0.1:${port}`;
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`instance exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`instance on ${url} was not ready in time:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    dataDir,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited(child);
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
    },
  };
}

/** Runs `serve` expecting it to refuse to start; answers its exit code and what it printed. */
export async function expectRefusal(env: Record<string, string>, dataDir: string, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnServe({ ...env, PORT: String(await freePort()) }, dataDir);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited(child);
  clearTimeout(timer);
  return { code: child.exitCode, output: output() };
}
