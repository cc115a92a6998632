// A complete journal line that was damaged is refused at start, never replayed or dropped: its
// checksum no longer holds, whether the damage leaves broken JSON or other valid JSON. A line
// altered with its checksum recomputed is caught by the hash chain instead (CONTRACT.md §9): the
// server serves reads, says where the chain breaks, and refuses writes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kill9, post, startProcess, startRefused, type ServerProcess } from './server-process.js';

describe('a damaged journal', () => {
  const servers: ServerProcess[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await kill9(s);
  });

  /** A data folder whose journal holds two revisions: solo, then duo. */
  async function journalOfTwo(): Promise<{ dataDir: string; journal: string; lines: string[] }> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-damaged-'));
    const server = await startProcess(dataDir);
    servers.push(server);
    for (const name of ['solo', 'duo']) {
      const res = await post(`${server.url}/api/v1/graph/apply`, { apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name, owner: 'team-t' } });
      expect(res.status).toBe(200);
    }
    await kill9(server);
    const journal = path.join(dataDir, 'journal.jsonl');
    const lines = fs.readFileSync(journal, 'utf8').split('\n').slice(0, -1);
    expect(lines).toHaveLength(2);
    return { dataDir, journal, lines };
  }
  const rewrite = (journal: string, lines: string[]) => fs.writeFileSync(journal, lines.map((l) => `${l}\n`).join(''));

  it('refuses to start on a complete line whose JSON is broken, naming the line, and leaves the journal as it was', async () => {
    const { dataDir, journal, lines } = await journalOfTwo();
    const [json, sum] = lines[0].split('\t');
    rewrite(journal, [`${json.slice(0, -5)}\t${sum}`, lines[1]]);
    const damaged = fs.readFileSync(journal, 'utf8');
    const refused = await startRefused(dataDir);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('line 1 is damaged');
    expect(fs.readFileSync(journal, 'utf8')).toBe(damaged);
  });

  it('an altered but still valid JSON journal line is refused at start', async () => {
    const { dataDir, journal, lines } = await journalOfTwo();
    // one owner changed into another: the line is valid JSON of the same shape, but its checksum does not hold
    const altered = lines[1].replace('"owner":"team-t"', '"owner":"team-x"');
    expect(altered).not.toBe(lines[1]);
    expect(() => JSON.parse(altered.split('\t')[0])).not.toThrow();
    rewrite(journal, [lines[0], altered]);
    const refused = await startRefused(dataDir);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('line 2 is damaged');
    expect(fs.readFileSync(journal, 'utf8').split('\n')[1]).toBe(altered);
  });

  it('catches a line altered with a recomputed checksum by the hash chain: reads served, writes refused, the break named', async () => {
    const { dataDir, journal, lines } = await journalOfTwo();
    const json = lines[0].split('\t')[0].replace('"owner":"team-t"', '"owner":"team-x"');
    const sum = createHash('sha256').update(json).digest('hex').slice(0, 16);
    rewrite(journal, [`${json}\t${sum}`, lines[1]]);
    const server = await startProcess(dataDir);
    servers.push(server);
    const nodes = (await (await fetch(`${server.url}/api/v1/nodes`)).json()) as { revision: number };
    expect(nodes.revision).toBe(2);
    const audit = (await (await fetch(`${server.url}/api/v1/audit/verify`)).json()) as { ok: boolean; firstBad: string | null };
    expect(audit.ok).toBe(false);
    expect(audit.firstBad).toContain('revision 1');
    const write = await post(`${server.url}/api/v1/graph/apply`, { apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'trio', owner: 'team-t' } });
    expect(write.status).toBe(503);
    expect(((await write.json()) as { error: { code: string } }).error.code).toBe('audit_chain_broken');
    expect(fs.readFileSync(journal, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });
});
