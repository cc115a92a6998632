// Tampering with the embedded journal (CONTRACT.md §9): one line altered, still valid JSON and
// with its per-line checksum recomputed, so that only the hash chain can catch it. After a
// restart the server names the entry, refuses every write, serves reads, and `blast-radius audit
// verify` exits 1, through the server and offline from the data folder alike.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonClient } from '../api/http.js';
import { applyV2Graph, openV2Incident, timesFrom } from '../api/v2-fixture.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { runCli } from './cli-run.js';
import { expectReadsServed, expectWritesRefused } from './refused-writes.js';

interface Line {
  t: string;
  [k: string]: any;
}

const checksum = (json: string) => createHash('sha256').update(json).digest('hex').slice(0, 16);

/** Rewrites the first journal line `pick` accepts with `alter`, fixing its checksum. */
function tamper(dataDir: string, pick: (line: Line) => boolean, alter: (line: Line) => void): void {
  const file = path.join(dataDir, 'journal.jsonl');
  const lines = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
  const at = lines.findIndex((l) => pick(JSON.parse(l.split('\t')[0]) as Line));
  expect(at).toBeGreaterThanOrEqual(0);
  const entry = JSON.parse(lines[at].split('\t')[0]) as Line;
  alter(entry);
  const json = JSON.stringify(entry);
  expect(json).not.toBe(lines[at].split('\t')[0]);
  lines[at] = `${json}\t${checksum(json)}`;
  fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
}

describe('a tampered embedded journal', () => {
  let server: TestServer | undefined;
  const call = jsonClient(() => server!.baseUrl, 'oncall');
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** A data folder with the v2 graph (revision 1), an extra node (revision 2) and an incident with two decisions. */
  async function recorded(): Promise<{ dataDir: string; id: string }> {
    server = await startTestServer({ demo: false });
    await applyV2Graph(call);
    const extra = [{ apiVersion: 'blast-radius/v1', kind: 'System', metadata: { name: 'archive', owner: 'ops' }, spec: { consumes: [{ from: 'ledger' }] } }];
    expect((await call('/api/v1/graph/apply', { method: 'POST', body: JSON.stringify(extra) })).status).toBe(200);
    const { id } = await openV2Incident(call, timesFrom());
    for (const [name, note] of [['mailer', 'paused by flag'], ['banner', 'notice up']]) {
      expect((await call(`/api/v1/incidents/${id}/decisions/${name}`, { method: 'PUT', body: JSON.stringify({ action: name === 'banner' ? 'notify' : 'stop', note }) })).status).toBe(200);
    }
    expect((await call('/api/v1/audit/verify')).body).toMatchObject({ ok: true, firstBad: null });
    const online = await runCli(['audit', 'verify', '--server', server.baseUrl]);
    expect(online.code, online.stderr).toBe(0);
    expect(online.stdout).toMatch(/✓ the record verifies: \d+ entries/);
    const dataDir = server.dataDir;
    await server.close();
    server = undefined;
    // offline, with no server running
    const offline = await runCli(['audit', 'verify', '--data', dataDir, '--json']);
    expect(offline.code, offline.stderr).toBe(0);
    expect(JSON.parse(offline.stdout)).toMatchObject({ ok: true, firstBad: null });
    return { dataDir, id };
  }

  /** Restarts on the altered folder and checks all that §9 asks of a record that does not verify. */
  async function expectCaught(dataDir: string, id: string, firstBad: string): Promise<void> {
    server = await startTestServer({ demo: false, dataDir });
    const check = await call('/api/v1/audit/verify');
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ ok: false, firstBad });
    await expectReadsServed(call, id);
    await expectWritesRefused(call, id, firstBad);

    const online = await runCli(['audit', 'verify', '--server', server.baseUrl]);
    expect(online.code).toBe(1);
    expect(online.stderr).toContain(`breaks at ${firstBad}`);
    // offline beside the running server: read only, the lock and the journal are left alone
    const before = fs.readFileSync(path.join(dataDir, 'journal.jsonl'));
    const offline = await runCli(['audit', 'verify', '--data', dataDir]);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain(`breaks at ${firstBad}`);
    expect(fs.readFileSync(path.join(dataDir, 'journal.jsonl')).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'LOCK'))).toBe(true);
  }

  it("catches an altered decision note, naming the incident and the entry's seq", async () => {
    const { dataDir, id } = await recorded();
    let seq = 0;
    tamper(
      dataDir,
      (l) => l.t === 'log' && l.id === id && l.entries.some((e: any) => e.type === 'decision' && e.entry.name === 'mailer'),
      (l) => {
        const e = l.entries.find((x: any) => x.entry?.name === 'mailer');
        e.entry.note = 'never paused';
        seq = e.seq;
      },
    );
    await expectCaught(dataDir, id, `incident ${id} seq ${seq}`);
    // the altered text is what is served: the check says it is not to be trusted
    expect((await call(`/api/v1/incidents/${id}/history`)).body.history[0].note).toBe('never paused');
  });

  it('catches an altered document in a revision, naming the revision', async () => {
    const { dataDir, id } = await recorded();
    tamper(
      dataDir,
      (l) => l.t === 'revision' && l.record.revision === 1,
      (l) => {
        const change = l.changes.find((c: any) => c.name === 'banner');
        change.doc.spec.audience = 'internal';
      },
    );
    await expectCaught(dataDir, id, 'revision 1');
  });

  it('names a damaged line when the audit runs offline', async () => {
    const { dataDir } = await recorded();
    const file = path.join(dataDir, 'journal.jsonl');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1].replace('"owner":"ops"', '"owner":"opz"');
    expect(lines[1]).toContain('"owner":"opz"');
    fs.writeFileSync(file, lines.join('\n'));
    const offline = await runCli(['audit', 'verify', '--data', dataDir]);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain('journal line 2');
  });
});
