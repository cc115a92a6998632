// The command line (server/cli/main.ts) as a user runs it: `node bin/blast-radius.js ...` as a
// child process against a real server started in-process on a fresh data folder.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlastRadius, Incident } from '../../graph-schema/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const demoDir = path.join(root, 'fixtures', 'demo');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; never rejects, so exit codes can be asserted. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  delete inherited.BLAST_RADIUS_SERVER; // never reach a server by accident
  const childEnv: NodeJS.ProcessEnv = { ...inherited, BLAST_RADIUS_ACTOR: 'ci-bot', NO_COLOR: '1', ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin', 'blast-radius.js'), ...args], { cwd: root, timeout: 30_000, env: childEnv, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((err as unknown as { code: number }).code) : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const TRIAGE = `apiVersion: blast-radius/v1
kind: Agent
metadata:
  name: ci-triage
  owner: support-platform
  contact: support-oncall@example.com
`;
const REFUND = (from: string) => `apiVersion: blast-radius/v1
kind: Agent
metadata: { name: ci-refund, owner: payments, contact: pay@example.com }
spec:
  actionClasses: [financial-write]
  aliases: [ci-refund-svc]
  consumes:
    - { from: ${from}, channel: queue, delay: PT2M }
---
apiVersion: blast-radius/v1
kind: System
metadata: { name: ci-crm, owner: sales-ops }
spec:
  consumes: [{ from: ci-refund, channel: db }]
---
apiVersion: blast-radius/v1
kind: Surface
metadata: { name: ci-email, owner: cx, contact: cx@example.com, title: "Customer email" }
spec:
  consumes: [{ from: ci-refund }]
---
apiVersion: blast-radius/v1
kind: Surface
metadata: { name: ci-court, owner: legal }
spec:
  consumes: [{ from: ci-refund, gate: human-review }]
---
`;

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('blast-radius CLI', () => {
  let server: TestServer;
  let url: string;
  let tmp: string;
  let goodDir: string;
  let typoDir: string;

  const api = async <T>(p: string): Promise<T> => (await (await fetch(url + p)).json()) as T;

  beforeAll(async () => {
    server = await startTestServer({ demo: false });
    url = server.baseUrl;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-cli-'));
    goodDir = path.join(tmp, 'agents');
    typoDir = path.join(tmp, 'typo');
    for (const [dir, from] of [
      [goodDir, 'ci-triage'],
      [typoDir, 'ci-traige'],
    ] as const) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'a-triage.yaml'), TRIAGE);
      fs.writeFileSync(path.join(dir, 'b-refund.yaml'), REFUND(from));
    }
  });

  afterAll(async () => {
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('validate', () => {
    it('fails on a typo in a from, naming the field and the unknown name', async () => {
      const run = await cli(['validate', typoDir]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('spec.consumes[0].from');
      expect(run.stderr).toContain("'ci-traige'");
      expect(run.stderr).toContain('1 problem(s) in 2 file(s)');
    });

    it('names the file of the document with the typo (journey 1, step 2)', async () => {
      const run = await cli(['validate', typoDir]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('b-refund.yaml');
    });

    it('names the file, the document and the field of a schema error', async () => {
      const dir = path.join(tmp, 'schema-error');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'x.yaml'), `${TRIAGE}---\napiVersion: blast-radius/v1\nkind: Agent\nmetadata: { name: ci-x, owner: o }\nspec:\n  consume: [{ from: ci-triage }]\n`);
      const run = await cli(['validate', dir]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${path.join(dir, 'x.yaml')} document 2: spec: unknown field 'consume'`);
    });

    it('passes on the demo folder', async () => {
      const files = fs.readdirSync(demoDir).filter((f) => /\.ya?ml$/.test(f));
      const docs = files.map((f) => fs.readFileSync(path.join(demoDir, f), 'utf8').split(/^---$/m).filter((d) => /^kind:/m.test(d)).length).reduce((a, b) => a + b, 0);
      const run = await cli(['validate', 'fixtures/demo']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`✓ ${docs} document(s) in ${files.length} file(s) are valid\n`);
    });

    it('passes with --external naming the producer registered elsewhere', async () => {
      const run = await cli(['validate', typoDir, '--external', 'other,ci-traige']);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('✓ 5 document(s) in 2 file(s) are valid\n');
    });

    it('passes on a folder that names all its producers', async () => {
      const run = await cli(['validate', goodDir]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('✓ 5 document(s) in 2 file(s) are valid\n');
    });

    it('names the file and document of a YAML syntax error', async () => {
      const dir = path.join(tmp, 'bad-yaml');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'x.yaml'), `${TRIAGE}---\nkind: [unclosed\n`);
      const run = await cli(['validate', dir]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${path.join(dir, 'x.yaml')} document 2: YAML: `);
    });

    it('reports a YAML alias bomb as a problem in the file, not a crash', async () => {
      const dir = path.join(tmp, 'bomb');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'bomb.yaml'), 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n');
      const run = await cli(['validate', dir]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('bomb.yaml');
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });

    it('accepts a .yaml file written in YAML flow style', async () => {
      const dir = path.join(tmp, 'flow');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'flow.yaml'), '{apiVersion: blast-radius/v1, kind: Agent, metadata: {name: ci-flow, owner: o}}\n');
      const run = await cli(['validate', dir]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    });

    it('fails on a path that does not exist', async () => {
      const run = await cli(['validate', path.join(tmp, 'nope')]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('no such file or folder');
    });
  });

  describe('against a server', () => {
    let firstRevision: number;
    let incidentId: string;
    const title = 'Refund agent | invented a rule';
    // the incident's times: the output an hour ago (arrivals are two minutes after it), detected 5 minutes later
    const at = (minutes: number) => new Date(Math.floor((Date.now() - 3600_000) / 1000) * 1000 + minutes * 60_000).toISOString();
    const [T0, T1, T2, T5] = [at(0), at(1), at(2), at(5)];

    it('apply prints the revision and what was created', async () => {
      const run = await cli(['apply', goodDir, '--server', url]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^revision (\d+): 5 created, 0 updated, 0 unchanged$/);
      firstRevision = Number(/^revision (\d+)/.exec(lines[0])![1]);
      expect(firstRevision).toBe(1);
      expect(lines.slice(1).map((l) => l.trim()).sort()).toEqual(['+ ci-court', '+ ci-crm', '+ ci-email', '+ ci-refund', '+ ci-triage']);
    });

    it('a second apply creates nothing and keeps the revision', async () => {
      const run = await cli(['apply', goodDir, '--server', url]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`revision ${firstRevision}: 0 created, 0 updated, 5 unchanged\n`);
      const json = await cli(['apply', goodDir, '--server', url, '--json']);
      expect(JSON.parse(json.stdout)).toMatchObject({ revision: firstRevision, created: 0, updated: 0, unchanged: 5, names: { unchanged: expect.arrayContaining(['ci-triage']) } });
      expect((await api<{ current: number }>('/api/v1/revisions')).current).toBe(firstRevision);
    });

    it('apply of a batch with an unknown from is refused by the server and writes nothing', async () => {
      const run = await cli(['apply', typoDir, '--server', url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('documents[1].spec.consumes[0].from');
      expect(run.stderr).toContain('(HTTP 400)');
      expect((await api<{ current: number }>('/api/v1/revisions')).current).toBe(firstRevision);
    });

    it('validate --server checks from names against the registry', async () => {
      const dir = path.join(tmp, 'only-refund');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'b-refund.yaml'), REFUND('ci-triage'));
      expect((await cli(['validate', dir])).code).toBe(1);
      const run = await cli(['validate', dir, '--server', url]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('✓ 4 document(s) in 1 file(s) are valid\n');
    });

    it('what-if --json answers the blast radius', async () => {
      const run = await cli(['what-if', 'ci-triage', '--server', url, '--json']);
      expect(run.code).toBe(0);
      const radius = JSON.parse(run.stdout) as BlastRadius;
      expect(radius).toMatchObject({ source: 'ci-triage', sourceKind: 'Agent', revision: firstRevision, maxDepth: null, truncated: false, cut: 0 });
      expect(radius.consumers.map(({ name, kind, depth, path: p, exposure, suggestedAction, arrivalSeconds }) => ({ name, kind, depth, path: p, exposure, suggestedAction, arrivalSeconds }))).toEqual([
        { name: 'ci-refund', kind: 'Agent', depth: 1, path: ['ci-triage', 'ci-refund'], exposure: 'direct', suggestedAction: 'stop', arrivalSeconds: 120 },
        { name: 'ci-court', kind: 'Surface', depth: 2, path: ['ci-triage', 'ci-refund', 'ci-court'], exposure: 'gated', suggestedAction: 'notify', arrivalSeconds: 120 },
        { name: 'ci-crm', kind: 'System', depth: 2, path: ['ci-triage', 'ci-refund', 'ci-crm'], exposure: 'direct', suggestedAction: 'correct', arrivalSeconds: 120 },
        { name: 'ci-email', kind: 'Surface', depth: 2, path: ['ci-triage', 'ci-refund', 'ci-email'], exposure: 'direct', suggestedAction: 'notify', arrivalSeconds: 120 },
      ]);
      expect(radius.edges.map((e) => `${e.from}->${e.to}:${e.gate}`).sort()).toEqual([
        'ci-refund->ci-court:human-review',
        'ci-refund->ci-crm:none',
        'ci-refund->ci-email:none',
        'ci-triage->ci-refund:none',
      ]);
      // the same answer as the API's
      expect(radius).toEqual(await api<BlastRadius>('/api/v1/nodes/ci-triage/blast-radius'));
    });

    it('what-if prints a readable tree, cut by --max-depth', async () => {
      const run = await cli(['what-if', 'ci-triage', '--server', url, '--max-depth', '1']);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`If ci-triage went bad now (revision ${firstRevision}): 1 consumers, 0 surfaces (3 more beyond depth 1)\n  ci-refund [Agent] depth 1, direct, +2m → stop\n`);
      const unknown = await cli(['what-if', 'ci-nobody', '--server', url]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain("No node named 'ci-nobody' (HTTP 404)");
    });

    it('export writes manifest YAML that applies back unchanged, at the same revision', async () => {
      const demo = await cli(['apply', 'fixtures/demo', '--server', url]);
      expect(demo.code).toBe(0);
      const revision = Number(/^revision (\d+):/.exec(demo.stdout)![1]);
      expect(revision).toBe(firstRevision + 1);
      const file = path.join(tmp, 'export.yaml');
      const exp = await cli(['export', '--server', url, '-o', file]);
      expect(exp.code).toBe(0);
      expect(exp.stdout).toBe('');
      const text = fs.readFileSync(file, 'utf8');
      expect(text.startsWith(`# blast-radius export of revision ${revision}\n`)).toBe(true);
      const nodes = (await api<{ nodes: unknown[] }>('/api/v1/nodes')).nodes.length;
      const again = await cli(['apply', file, '--server', url]);
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect(again.stdout).toBe(`revision ${revision}: 0 created, 0 updated, ${nodes} unchanged\n`);
      expect((await api<{ current: number }>('/api/v1/revisions')).current).toBe(revision);
      // and validates offline on its own
      expect((await cli(['validate', file])).code).toBe(0);
      // stdout export is the same text
      const toStdout = await cli(['export', '--server', url]);
      expect(toStdout.stdout).toBe(text);
    });

    it('export --revision reads the past', async () => {
      const run = await cli(['export', '--server', url, '--revision', String(firstRevision)]);
      expect(run.code).toBe(0);
      expect(run.stdout.startsWith(`# blast-radius export of revision ${firstRevision}\n`)).toBe(true);
      expect(run.stdout.match(/^kind: /gm)).toHaveLength(5);
    });

    it('incident open and show', async () => {
      const open = await cli(['incident', 'open', '--source', 'ci-triage', '--failure-mode', 'hallucination', '--title', title, '--output-ref', 'msg-42', '--output-at', T0, '--detected-at', T5, '--server', url]);
      expect(open.stderr).toBe('');
      expect(open.code).toBe(0);
      const m = /^(inc-\S+): 4 consumers, 2 surfaces exposed\nas of \S+: 4 reached \(2 surfaces\), 0 held, 4 need a decision; source NOT stopped\n$/.exec(open.stdout);
      expect(m, open.stdout).not.toBeNull();
      incidentId = m![1];

      const show = await cli(['incident', 'show', incidentId, '--server', url]);
      expect(show.code).toBe(0);
      expect(show.stdout).toContain(`${incidentId} [open] ${title}\n`);
      const { current } = await api<{ current: number }>('/api/v1/revisions');
      expect(show.stdout).toContain(`source ci-triage (hallucination), revision ${current}; output at ${T0}, detected ${T5} (UTC)\n`);
      expect(show.stdout).toContain('4 consumers: 0 stop, 0 correct, 0 notify, 4 undecided; 4 still exposed (2 surfaces)');
      // arrival counts from the output: two minutes after T0, long past
      expect(show.stdout).toContain('! ci-refund [Agent] depth 1, reached (estimated): undecided, suggest stop');

      const json = JSON.parse((await cli(['incident', 'show', incidentId, '--server', url, '--json'])).stdout) as Incident;
      expect(json).toMatchObject({ id: incidentId, title, source: 'ci-triage', failureMode: 'hallucination', outputRef: 'msg-42', openedBy: 'ci-bot', outputAt: T0, detectedAt: T5 });
      expect(json).not.toHaveProperty('blastRadius');
      expect(json.consumers.map((c) => c.name)).toEqual(['ci-refund', 'ci-court', 'ci-crm', 'ci-email']);
      expect(json.consumers[0]).toMatchObject({ arrival: T2, reached: 'estimated' });

      // as it stood a minute after the output, nothing was reached yet
      const before = await cli(['incident', 'show', incidentId, '--as-of', T1, '--server', url]);
      expect(before.stdout).toContain(`as of ${T1}: 0 reached (0 surfaces), 0 held, 4 need a decision; source NOT stopped\n`);
      expect(before.stdout).toContain('! ci-refund [Agent] depth 1, will be reached: undecided, suggest stop');
    });

    it('incident open refuses an unknown failure mode before calling the server, and an output after its detection', async () => {
      const run = await cli(['incident', 'open', '--source', 'ci-triage', '--failure-mode', 'gremlins', '--title', 't', '--server', url]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/gremlins/);
      const late = await cli(['incident', 'open', '--source', 'ci-triage', '--failure-mode', 'hallucination', '--title', 't', '--output-at', T5, '--detected-at', T0, '--server', url]);
      expect(late.code).toBe(1);
      expect(late.stderr).toContain('must not be after detectedAt');
      expect(late.stderr).toContain('(HTTP 400)');
    });

    it('incident queue lists what needs a decision, earliest arrival first', async () => {
      const queue = await cli(['incident', 'queue', incidentId, '--server', url]);
      expect(queue.stderr).toBe('');
      expect(queue.code).toBe(0);
      expect(queue.stdout).toBe(
        [
          '4 need a decision',
          `  ci-refund [Agent] ${T2}, reached (estimated): suggest stop (version 0)`,
          `  ci-court [Surface] ${T2}, reached (estimated): suggest notify (version 0)`,
          `  ci-crm [System] ${T2}, reached (estimated): suggest correct (version 0)`,
          `  ci-email [Surface] ${T2}, reached (estimated): suggest notify (version 0)`,
          '',
        ].join('\n'),
      );
      const firstTwo = await cli(['incident', 'queue', incidentId, '--limit', '2', '--json', '--server', url]);
      const parsed = JSON.parse(firstTwo.stdout) as { consumers: { name: string }[]; total: number };
      expect(parsed.total).toBe(4);
      expect(parsed.consumers.map((c) => c.name)).toEqual(['ci-refund', 'ci-court']);
    });

    it('incident decide records a decision in time and refuses a stale --expected-version', async () => {
      // paused a minute after the output, a minute before it would have reached ci-refund
      const first = await cli(['incident', 'decide', incidentId, 'ci-refund', 'stop', '--note', 'paused the queue', '--expected-version', '0', '--effective-at', T1, '--server', url]);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(new RegExp(`^ci-refund: stop \\(version 1, by ci-bot, effective ${T1.replace(/\./g, '\\.')}\\)\nas of \\S+: 0 reached \\(0 surfaces\\), 4 held, 0 need a decision; source NOT stopped\n$`));

      const stale = await cli(['incident', 'decide', incidentId, 'ci-refund', 'correct', '--expected-version', '0', '--server', url]);
      expect(stale.code).toBe(1);
      expect(stale.stdout).toBe('');
      expect(stale.stderr).toContain("The decision on 'ci-refund' changed first (stop by ci-bot): nothing was written (HTTP 409)");
      expect(stale.stderr).toContain("'ci-refund' is at version 1 (stop by ci-bot at ");

      const history = await api<{ history: { action: string; version: number }[] }>(`/api/v1/incidents/${incidentId}/history`);
      expect(history.history.map((h) => [h.action, h.version])).toEqual([['stop', 1]]);

      const notify = await cli(['incident', 'decide', incidentId, 'ci-email', 'notify', '--note', 'mailed, "sorry" | apology', '--server', url]);
      expect(notify.stdout.split('\n')[0]).toBe('ci-email: notify (version 1, by ci-bot)');

      const show = await cli(['incident', 'show', incidentId, '--server', url]);
      expect(show.stdout).toContain('4 consumers: 1 stop, 0 correct, 1 notify, 2 undecided; 0 still exposed (0 surfaces)');
      expect(show.stdout).toContain('  ci-refund [Agent] depth 1, held by a stop: stop (v1 by ci-bot)');
      expect(show.stdout).toContain('  ci-email [Surface] depth 2, held by a stop: notify (v1 by ci-bot)');
      const queue = await cli(['incident', 'queue', incidentId, '--server', url]);
      expect(queue.stdout).toBe('0 need a decision\n');
    });

    it('incident decide clears a stop only with a note, stops the source, and pauses action classes', async () => {
      const open = await cli(['incident', 'open', '--source', 'ci-triage', '--failure-mode', 'hallucination', '--title', 'second', '--output-at', T0, '--detected-at', T5, '--server', url]);
      const id = /^(inc-\S+):/.exec(open.stdout)![1];
      expect((await cli(['incident', 'decide', id, 'ci-refund', 'stop', '--server', url])).code).toBe(0);
      const bare = await cli(['incident', 'decide', id, 'ci-refund', 'clear', '--server', url]);
      expect(bare.code).toBe(1);
      expect(bare.stderr).toContain("re-enabling 'ci-refund' (clearing its stop) needs a note");
      const cleared = await cli(['incident', 'decide', id, 'ci-refund', 'clear', '--note', 'queue fixed', '--server', url]);
      expect(cleared.stdout.split('\n')[0]).toBe('ci-refund: clear (version 2, by ci-bot)');
      const partial = await cli(['incident', 'decide', id, 'ci-refund', 'stop', '--action-classes', 'financial-write', '--server', url]);
      expect(partial.stderr).toBe('');
      expect(partial.stdout.split('\n')[0]).toBe('ci-refund: stop (financial-write only) (version 3, by ci-bot)');

      const notify = await cli(['incident', 'decide', id, 'ci-triage', 'notify', '--server', url]);
      expect(notify.code).toBe(1);
      expect(notify.stderr).toContain('the source can only be stopped or cleared');
      const source = await cli(['incident', 'decide', id, 'ci-triage', 'stop', '--note', 'agent off', '--server', url]);
      expect(source.code).toBe(0);
      expect(source.stdout).toMatch(/^ci-triage: stop \(version 1, by ci-bot\)\nas of \S+: 4 reached \(2 surfaces\), 0 held, 3 need a decision; source stopped\n$/);
      const ahead = await cli(['incident', 'decide', id, 'ci-crm', 'stop', '--effective-at', new Date(Date.now() + 3600_000).toISOString(), '--server', url]);
      expect(ahead.code).toBe(1);
      expect(ahead.stderr).toContain('body.effectiveAt');
    });

    it('incident decide refuses a name that is not a consumer, and an unknown action', async () => {
      const outsider = await cli(['incident', 'decide', incidentId, 'chat-widget', 'stop', '--server', url]);
      expect(outsider.code).toBe(1);
      expect(outsider.stderr).toContain(`'chat-widget' is not in the blast radius of incident ${incidentId}`);
      expect(outsider.stderr).toContain('(HTTP 404)');
      const action = await cli(['incident', 'decide', incidentId, 'ci-crm', 'pause', '--server', url]);
      expect(action.code).not.toBe(0);
      expect(action.stderr).toMatch(/pause/);
      const missing = await cli(['incident', 'show', 'inc-nope', '--server', url]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('(HTTP 404)');
    });

    it('incident report: markdown with the title, json, and csv to a file', async () => {
      const md = await cli(['incident', 'report', incidentId, '--server', url]);
      expect(md.code).toBe(0);
      expect(md.stdout.split('\n')[0]).toBe(`# Incident report: ${title}`);
      expect(md.stdout).toContain('## Timeline');
      expect(md.stdout).toContain('## Notification contacts');
      expect(md.stdout).toContain('## Communications');
      expect(md.stdout).toContain('mailed, "sorry" \\| apology');
      expect(md.stdout).toContain('| `ci-refund` | Agent | 1 | held by a stop | never | no | stop | ci-bot | paused the queue | payments |');

      const json = JSON.parse((await cli(['incident', 'report', incidentId, '--format', 'json', '--server', url])).stdout);
      expect(json.incident).toMatchObject({ id: incidentId, title });
      expect(json.notificationContacts).toEqual([{ owner: 'cx', contact: 'cx@example.com', consumers: [{ name: 'ci-email', kind: 'Surface', title: 'Customer email', note: 'mailed, "sorry" | apology' }] }]);
      expect(json.timeline.map((t: { what: string }) => t.what)).toEqual([
        'Bad output first produced',
        'Detected',
        expect.stringMatching(/^Incident opened on ci-triage \(hallucination\), 4 consumers/),
        `ci-refund: stop, effective ${T1} (paused the queue)`,
        'ci-email: notify (mailed, "sorry" | apology)',
      ]);

      const file = path.join(tmp, 'worklist.csv');
      const csv = await cli(['incident', 'report', incidentId, '--format', 'csv', '-o', file, '--server', url]);
      expect(csv.code).toBe(0);
      expect(csv.stdout).toBe('');
      const text = fs.readFileSync(file, 'utf8');
      expect(text.split('\r\n')[0]).toBe('incident,incident_title,output_ref,name,kind,audience,title,owner,contact,depth,exposure,state,reached,arrival_utc,still_exposed,suggested_action,decision,decided_by,decided_at,note');
      expect(text).toContain(',"mailed, ""sorry"" | apology"\r\n');
      expect(text).toContain(`${incidentId},${title},msg-42,ci-refund,Agent,,,payments,pay@example.com,1,direct,held by a stop,no,never,no,stop,stop,ci-bot,`);
    });
  });

  describe('when the server cannot be reached', () => {
    it.each([
      ['what-if', ['what-if', 'ci-triage']],
      ['apply', ['apply', 'fixtures/demo']],
      ['incident show', ['incident', 'show', 'inc-1']],
      ['export', ['export']],
    ])('%s says so clearly and exits 2', async (_label, args) => {
      const port = await closedPort();
      const target = `http://127.0.0.1:${port}`;
      const run = await cli([...args, '--server', target]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`Cannot reach ${target}`);
      expect(run.stderr).toContain('Is the server running');
      // a message, not a stack trace
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });

    it('reads the server from BLAST_RADIUS_SERVER when --server is not given', async () => {
      const port = await closedPort();
      const run = await cli(['what-if', 'ci-triage'], { BLAST_RADIUS_SERVER: `http://127.0.0.1:${port}` });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`Cannot reach http://127.0.0.1:${port}`);
    });
  });
});
