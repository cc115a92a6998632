// The server as its own process on a data folder, for the durability suites: started through the
// real CLI (`blast-radius serve`), killed without warning, restarted; optionally with node flags
// (an --import preload) and the start-up refusal captured.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
}

function spawnServer(dataDir: string, nodeArgs: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, 'bin/blast-radius.js', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', BLAST_RADIUS_DATA: dataDir, BLAST_RADIUS_DEMO: '0', BLAST_RADIUS_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function startProcess(dataDir: string, options: { nodeArgs?: string[]; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const child = spawnServer(dataDir, options.nodeArgs ?? [], options.env ?? {});
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"(http:[^"]+)"/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
  return { child, url };
}

/** Starts a server that must refuse to start: its exit code and everything it printed. */
export function startRefused(dataDir: string): Promise<{ code: number | null; output: string }> {
  const child = spawnServer(dataDir, [], {});
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not refuse to start within 30 s: ${out}`));
    }, 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/"url":"http:/.test(out)) {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`server started although it should have refused: ${out}`));
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: out });
    });
  });
}

export async function kill9(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGKILL');
  await exited;
}

export const post = (url: string, body: unknown, method = 'POST') =>
  fetch(url, { method, headers: { 'Content-Type': 'application/json', 'X-Actor': 'durability' }, body: JSON.stringify(body) });
