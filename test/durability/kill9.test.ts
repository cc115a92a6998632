// Every acknowledged write survives kill -9: the server runs as its own process, is killed
// without warning right after answering, and restarts on the same data folder. The journal's
// lines end with a tab and a checksum; only a torn last line (never acknowledged) is dropped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kill9, post, startProcess, type ServerProcess } from './server-process.js';

describe('durability of the embedded store', () => {
  const servers: ServerProcess[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await kill9(s);
  });
  const start = async (dataDir: string) => {
    const s = await startProcess(dataDir);
    servers.push(s);
    return s;
  };

  it('keeps every acknowledged apply and decision after kill -9', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-kill9-'));
    const first = await start(dataDir);
    const docs = Array.from({ length: 30 }, (_, i) => ({
      apiVersion: 'blast-radius/v1',
      kind: i % 3 === 2 ? 'Surface' : 'Agent',
      metadata: { name: `agent-${i}`, owner: 'team' },
      spec: { consumes: i > 0 ? [{ from: `agent-${i - 1}` }] : [] },
    }));
    const acked: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await post(`${first.url}/api/v1/graph/apply`, docs.slice(0, 3 + i * 3));
      expect(res.status).toBe(200);
      acked.push(((await res.json()) as { revision: number }).revision);
    }
    const incident = (await (await post(`${first.url}/api/v1/incidents`, { title: 'x', source: 'agent-0', failureMode: 'reasoning-drift' })).json()) as { id: string };
    const decision = await post(`${first.url}/api/v1/incidents/${incident.id}/decisions/agent-1`, { action: 'stop' }, 'PUT');
    expect(decision.status).toBe(200);
    const bulk = await post(`${first.url}/api/v1/incidents/${incident.id}/decisions`, { names: ['agent-2', 'agent-3'], action: 'notify' });
    expect(bulk.status).toBe(200);
    const sent = await post(`${first.url}/api/v1/incidents/${incident.id}/communications`, { audience: 'customer', channel: 'email', summary: 'sorry' });
    expect(sent.status).toBe(201);
    await kill9(first);

    const second = await start(dataDir);
    const nodes = (await (await fetch(`${second.url}/api/v1/nodes`)).json()) as { revision: number; nodes: unknown[] };
    expect(nodes.revision).toBe(acked.at(-1));
    expect(nodes.nodes).toHaveLength(30);
    const after = (await (await fetch(`${second.url}/api/v1/incidents/${incident.id}?consumers=false`)).json()) as { progress: { stop: number; notify: number }; lastSeq: number };
    expect(after.progress).toMatchObject({ stop: 1, notify: 2 });
    // the decision, the batch of two and the communication, each with its seq
    expect(after.lastSeq).toBe(4);
    const audit = (await (await fetch(`${second.url}/api/v1/audit/verify`)).json()) as { ok: boolean };
    expect(audit.ok).toBe(true);

    // every line on disk is JSON, a tab, and a 16-hex-digit checksum
    const lines = fs.readFileSync(path.join(dataDir, 'journal.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    // ten revisions, the incident, the decision, the batch (one line: all of it or none), the communication
    expect(lines).toHaveLength(10 + 1 + 1 + 1 + 1);
    for (const line of lines) {
      const m = /^(\{.*\})\t([0-9a-f]{16})$/.exec(line);
      expect(m, line.slice(0, 120)).not.toBeNull();
      expect(() => JSON.parse(m![1])).not.toThrow();
    }
  });

  it('starts after a torn last journal line, dropping only the unacknowledged write', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-torn-'));
    const first = await start(dataDir);
    const res = await post(`${first.url}/api/v1/graph/apply`, { apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'solo', owner: 't' } });
    expect(res.status).toBe(200);
    await kill9(first);
    const journal = path.join(dataDir, 'journal.jsonl');
    const before = fs.readFileSync(journal, 'utf8');
    fs.appendFileSync(journal, '{"t":"revision","record":{"revision":2,'); // a crash mid-write
    const second = await start(dataDir);
    const nodes = (await (await fetch(`${second.url}/api/v1/nodes`)).json()) as { revision: number };
    expect(nodes.revision).toBe(1);
    // the torn tail is cut off, and the next write lands on a clean line
    expect(fs.readFileSync(journal, 'utf8')).toBe(before);
    const next = await post(`${second.url}/api/v1/graph/apply`, { apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'duo', owner: 't' } });
    expect(((await next.json()) as { revision: number }).revision).toBe(2);
    await kill9(second);
    const third = await start(dataDir);
    expect(((await (await fetch(`${third.url}/api/v1/nodes`)).json()) as { nodes: unknown[] }).nodes).toHaveLength(2);
  });
});
