// Issue 13: the kill -9 test passes without the fsync (the page cache outlives the process), so
// this one watches the syscalls instead. The server runs with a preload (sync-trace.mjs) that logs
// each write to and each fsync/fdatasync of its files; after every acknowledged write the journal
// must have no write the same file descriptor did not sync afterwards. A run with the syncs
// swallowed (what deleting the fdatasync would do) shows the check then fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { kill9, post, startProcess, type ServerProcess } from './server-process.js';

const PRELOAD = pathToFileURL(path.join(import.meta.dirname, 'sync-trace.mjs')).href;

/** The journal's writes and syncs so far, and how many writes no later sync of their descriptor covers. */
function journalTrace(traceFile: string): { writes: number; syncs: number; unsynced: number } {
  const ops = fs
    .readFileSync(traceFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'))
    .filter(([, , file]) => path.basename(file) === 'journal.jsonl');
  const pending = new Map<string, number>();
  let writes = 0;
  let syncs = 0;
  for (const [op, fd] of ops) {
    if (op === 'write') {
      writes++;
      pending.set(fd, (pending.get(fd) ?? 0) + 1);
    } else if (op === 'sync') {
      syncs++;
      pending.set(fd, 0);
    }
  }
  return { writes, syncs, unsynced: [...pending.values()].reduce((a, b) => a + b, 0) };
}

describe('the journal reaches the disk before a write is acknowledged', () => {
  const servers: ServerProcess[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await kill9(s);
  });

  /** Acknowledged writes of every kind, checking the trace after each answer. */
  async function acknowledgedWrites(dropSyncs: boolean): Promise<{ afterEach: ReturnType<typeof journalTrace>[] }> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-fsync-'));
    const traceFile = path.join(dataDir, '..', `${path.basename(dataDir)}.trace`);
    const server = await startProcess(dataDir, { nodeArgs: ['--import', PRELOAD], env: { BR_SYNC_TRACE: traceFile, BR_SYNC_TRACE_DROP: dropSyncs ? '1' : '0' } });
    servers.push(server);
    const seen: ReturnType<typeof journalTrace>[] = [];
    const acked = async (res: Response, status: number) => {
      expect(res.status).toBe(status);
      const body = (await res.json()) as Record<string, unknown>;
      seen.push(journalTrace(traceFile));
      return body;
    };
    await acked(await post(`${server.url}/api/v1/graph/apply`, [
      { apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'src', owner: 't' } },
      { apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'a', owner: 't' }, spec: { consumes: [{ from: 'src' }] } },
      { apiVersion: 'blast-radius/v1', kind: 'Surface', metadata: { name: 's', owner: 't' }, spec: { consumes: [{ from: 'a' }] } },
    ]), 200);
    const incident = await acked(await post(`${server.url}/api/v1/incidents`, { title: 't', source: 'src', failureMode: 'hallucination' }), 201);
    const id = incident.id as string;
    await acked(await post(`${server.url}/api/v1/incidents/${id}/decisions/a`, { action: 'stop' }, 'PUT'), 200);
    await acked(await post(`${server.url}/api/v1/incidents/${id}/decisions`, { names: ['s', 'src'], action: 'stop' }), 200);
    await acked(await post(`${server.url}/api/v1/incidents/${id}`, { status: 'contained' }, 'PATCH'), 200);
    await acked(await post(`${server.url}/api/v1/incidents/${id}/communications`, { audience: 'customer', channel: 'email', summary: 'sorry' }), 201);
    await acked(await post(`${server.url}/api/v1/incidents/${id}/observations`, { reached: [{ name: 's' }] }), 200);
    await acked(await post(`${server.url}/api/v1/nodes/s`, undefined, 'DELETE'), 200);
    return { afterEach: seen };
  }

  it('syncs every acknowledged journal write before answering', async () => {
    const { afterEach: seen } = await acknowledgedWrites(false);
    // each answer followed a journal write of its own
    for (let i = 1; i < seen.length; i++) expect(seen[i].writes, `write ${i}`).toBeGreaterThan(seen[i - 1].writes);
    expect(seen[0].writes).toBeGreaterThan(0);
    for (const [i, t] of seen.entries()) expect(t.unsynced, `unsynced journal writes when write ${i} was acknowledged`).toBe(0);
    expect(seen.at(-1)!.syncs).toBeGreaterThanOrEqual(seen.length);
  });

  it('would fail without the fsync: with the syncs swallowed, acknowledged writes are left unsynced', async () => {
    const { afterEach: seen } = await acknowledgedWrites(true);
    expect(seen.at(-1)!.writes).toBeGreaterThan(0);
    expect(seen.at(-1)!.syncs).toBe(0);
    for (const t of seen) expect(t.unsynced).toBeGreaterThan(0);
  });
});
