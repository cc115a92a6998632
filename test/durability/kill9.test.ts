// Every acknowledged write survives kill -9: the server runs as its own process, is killed
// without warning right after answering, and restarts on the same data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

async function startProcess(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/blast-radius.js', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', BLAST_RADIUS_DATA: dataDir, BLAST_RADIUS_DEMO: '0', BLAST_RADIUS_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"(http:[^"]+)"/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, url };
}

describe('durability of the embedded store', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  it('keeps every acknowledged apply and decision after kill -9', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-kill9-'));
    const first = await startProcess(dataDir);
    children.push(first.child);
    const docs = Array.from({ length: 30 }, (_, i) => ({
      apiVersion: 'blast-radius/v1',
      kind: i % 3 === 2 ? 'Surface' : 'Agent',
      metadata: { name: `agent-${i}`, owner: 'team' },
      spec: { consumes: i > 0 ? [{ from: `agent-${i - 1}` }] : [] },
    }));
    const post = (url: string, body: unknown, method = 'POST') =>
      fetch(url, { method, headers: { 'Content-Type': 'application/json', 'X-Actor': 'kill9' }, body: JSON.stringify(body) });
    const acked: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await post(`${first.url}/api/v1/graph/apply`, docs.slice(0, 3 + i * 3));
      expect(res.status).toBe(200);
      acked.push(((await res.json()) as { revision: number }).revision);
    }
    const incident = (await (await post(`${first.url}/api/v1/incidents`, { title: 'x', source: 'agent-0', failureMode: 'reasoning-drift' })).json()) as { id: string };
    const decision = await post(`${first.url}/api/v1/incidents/${incident.id}/decisions/agent-1`, { action: 'stop' }, 'PUT');
    expect(decision.status).toBe(200);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startProcess(dataDir);
    children.push(second.child);
    const nodes = (await (await fetch(`${second.url}/api/v1/nodes`)).json()) as { revision: number; nodes: unknown[] };
    expect(nodes.revision).toBe(acked.at(-1));
    expect(nodes.nodes).toHaveLength(30);
    const after = (await (await fetch(`${second.url}/api/v1/incidents/${incident.id}`)).json()) as { progress: { stop: number } };
    expect(after.progress.stop).toBe(1);
  });

  it('starts after a torn last journal line, dropping only the unacknowledged write', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-torn-'));
    const first = await startProcess(dataDir);
    children.push(first.child);
    const res = await fetch(`${first.url}/api/v1/graph/apply`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'solo', owner: 't' } }),
    });
    expect(res.status).toBe(200);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    fs.appendFileSync(path.join(dataDir, 'journal.jsonl'), '{"t":"revision","record":{"revision":2,'); // a crash mid-write
    const second = await startProcess(dataDir);
    children.push(second.child);
    const nodes = (await (await fetch(`${second.url}/api/v1/nodes`)).json()) as { revision: number };
    expect(nodes.revision).toBe(1);
  });
});
