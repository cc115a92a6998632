// Token mode over real HTTP (CONTRACT.md §9): every role against the routes it may and may not
// call. An allowed call answers 2xx; a refused one answers 401 or 403 in the error shape and
// leaves every stored thing as it was; `by` is always the token's name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { GRAPH, call, fingerprint, node, writeTokensFile, type Answer } from './helpers.js';

const ROLES = {
  'vic-viewer': ['viewer'],
  'rita-registrar': ['registrar'],
  'ann-team-a': ['registrar:team-a'],
  'cora-commander': ['commander'],
  'rev-reviewer': ['reviewer'],
  'ada-admin': ['admin'],
};
type Who = keyof typeof ROLES | 'nobody' | 'forged';

interface Case {
  who: Who;
  method: string;
  path: string;
  body?: unknown;
  expect: number;
}

let server: TestServer;
let tokens: Record<string, string>;
let incidentId: string;

const send = (who: Who, method: string, path: string, body?: unknown): Promise<Answer> =>
  call(server.baseUrl, method, path.replace(':id', incidentId), {
    token: who === 'nobody' ? undefined : who === 'forged' ? 'br_not-a-token-anyone-has' : tokens[who],
    body,
    headers: { 'X-Actor': 'mallory' },
  });
const state = () => fingerprint(server.baseUrl, tokens['ada-admin']!);

beforeAll(async () => {
  const written = writeTokensFile(ROLES);
  tokens = written.tokens;
  server = await startTestServer({ env: { BLAST_RADIUS_AUTH: 'token', BLAST_RADIUS_TOKENS: written.file } });
  expect((await send('ada-admin', 'POST', '/api/v1/graph/apply', GRAPH)).status).toBe(200);
  const opened = await send('cora-commander', 'POST', '/api/v1/incidents', { title: 'src said something wrong', source: 'src', failureMode: 'hallucination' });
  expect(opened.status).toBe(201);
  incidentId = opened.body.id;
});
afterAll(async () => {
  await server?.close();
});

const apply = (name: string, owner: string) => [node(name, owner, 'Surface', ['a-agent'])];
const OTLP = { resourceSpans: [] };

// refused: [who, method, path, body, status]
const refused: Case[] = [
  { who: 'nobody', method: 'GET', path: '/api/v1/nodes', expect: 401 },
  { who: 'forged', method: 'GET', path: '/api/v1/incidents', expect: 401 },
  { who: 'nobody', method: 'POST', path: '/api/v1/graph/apply', body: apply('x1', 'team-a'), expect: 401 },
  { who: 'forged', method: 'PUT', path: '/api/v1/incidents/:id/decisions/a-agent', body: { action: 'stop' }, expect: 401 },
  { who: 'vic-viewer', method: 'POST', path: '/api/v1/graph/validate', body: apply('x1', 'team-a'), expect: 403 },
  { who: 'vic-viewer', method: 'POST', path: '/api/v1/graph/apply', body: apply('x1', 'team-a'), expect: 403 },
  { who: 'cora-commander', method: 'POST', path: '/api/v1/graph/apply', body: apply('x1', 'team-a'), expect: 403 },
  { who: 'rev-reviewer', method: 'POST', path: '/api/v1/graph/apply', body: apply('x1', 'team-a'), expect: 403 },
  { who: 'vic-viewer', method: 'DELETE', path: '/api/v1/nodes/b-system', expect: 403 },
  { who: 'cora-commander', method: 'DELETE', path: '/api/v1/nodes/b-system', expect: 403 },
  { who: 'vic-viewer', method: 'POST', path: '/api/v1/incidents', body: { title: 't', source: 'src', failureMode: 'hallucination' }, expect: 403 },
  { who: 'rita-registrar', method: 'POST', path: '/api/v1/incidents', body: { title: 't', source: 'src', failureMode: 'hallucination' }, expect: 403 },
  { who: 'rev-reviewer', method: 'POST', path: '/api/v1/incidents', body: { title: 't', source: 'src', failureMode: 'hallucination' }, expect: 403 },
  { who: 'vic-viewer', method: 'PUT', path: '/api/v1/incidents/:id/decisions/a-agent', body: { action: 'stop' }, expect: 403 },
  { who: 'rita-registrar', method: 'PUT', path: '/api/v1/incidents/:id/decisions/a-agent', body: { action: 'stop' }, expect: 403 },
  { who: 'rev-reviewer', method: 'PUT', path: '/api/v1/incidents/:id/decisions/a-agent', body: { action: 'stop' }, expect: 403 },
  { who: 'vic-viewer', method: 'PATCH', path: '/api/v1/incidents/:id', body: { status: 'contained' }, expect: 403 },
  { who: 'rev-reviewer', method: 'POST', path: '/api/v1/incidents/:id/containment/apply', body: {}, expect: 403 },
  { who: 'cora-commander', method: 'POST', path: '/api/v1/incidents/:id/observations', body: { reached: [{ name: 'a-agent' }] }, expect: 403 },
  { who: 'vic-viewer', method: 'POST', path: '/api/v1/incidents/:id/observations', body: { reached: [{ name: 'a-agent' }] }, expect: 403 },
  { who: 'cora-commander', method: 'POST', path: '/api/v1/drift', body: OTLP, expect: 403 },
  { who: 'ann-team-a', method: 'POST', path: '/api/v1/incidents', body: { title: 't', source: 'src', failureMode: 'hallucination' }, expect: 403 },
  // registrar:team-a: another owner's document, replacing another owner's node, deleting one
  { who: 'ann-team-a', method: 'POST', path: '/api/v1/graph/apply', body: [...apply('x2', 'team-a'), ...apply('x3', 'team-b')], expect: 403 },
  { who: 'ann-team-a', method: 'POST', path: '/api/v1/graph/apply', body: [node('b-system', 'team-a', 'System')], expect: 403 },
  { who: 'ann-team-a', method: 'DELETE', path: '/api/v1/nodes/b-system', expect: 403 },
];

describe('token mode: refused calls answer 401/403 and write nothing', () => {
  for (const c of refused) {
    it(`${c.who} ${c.method} ${c.path} → ${c.expect}`, async () => {
      const before = await state();
      const answer = await send(c.who, c.method, c.path, c.body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(c.expect);
      expect(answer.body.error).toMatchObject({ code: c.expect === 401 ? 'unauthenticated' : 'forbidden', message: expect.any(String), details: expect.any(Array) });
      if (c.expect === 401) expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="blast-radius"/);
      expect(await state()).toBe(before);
    });
  }
});

const reads: Case[] = (['vic-viewer', 'rita-registrar', 'ann-team-a', 'cora-commander', 'rev-reviewer', 'ada-admin'] as const).flatMap((who) =>
  ['/api/v1/nodes', '/api/v1/nodes/a-agent', '/api/v1/nodes/src/blast-radius', '/api/v1/revisions', '/api/v1/incidents', '/api/v1/incidents/:id', '/api/v1/incidents/:id/history', '/api/v1/incidents/:id/containment', '/api/v1/incidents/:id/report?format=json', '/api/v1/incidents/:id/accuracy', '/api/v1/scorecard'].map(
    (path) => ({ who, method: 'GET', path, expect: 200 }),
  ),
);

describe('token mode: every role can read', () => {
  for (const c of reads) {
    it(`${c.who} GET ${c.path} → 200`, async () => {
      const answer = await send(c.who, 'GET', c.path);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    });
  }
});

describe('token mode: allowed writes succeed, and `by` is the token name', () => {
  it('registrar validates and applies; the revision is by the token name, not X-Actor', async () => {
    expect((await send('rita-registrar', 'POST', '/api/v1/graph/validate', apply('r1', 'team-b'))).body.valid).toBe(true);
    const applied = await send('rita-registrar', 'POST', '/api/v1/graph/apply', apply('r1', 'team-b'));
    expect(applied.status).toBe(200);
    const { revisions } = (await send('vic-viewer', 'GET', '/api/v1/revisions')).body;
    expect(revisions.at(-1)).toMatchObject({ revision: applied.body.revision, by: 'rita-registrar' });
  });

  it('registrar:team-a applies and deletes its own nodes only', async () => {
    const applied = await send('ann-team-a', 'POST', '/api/v1/graph/apply', apply('a-new', 'team-a'));
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    // replacing its own existing node is fine too
    expect((await send('ann-team-a', 'POST', '/api/v1/graph/apply', [{ ...node('a-agent', 'team-a', 'Agent', ['src']), metadata: { name: 'a-agent', owner: 'team-a', title: 'A' } }])).status).toBe(200);
    const deleted = await send('ann-team-a', 'DELETE', '/api/v1/nodes/a-new');
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    const { revisions } = (await send('vic-viewer', 'GET', '/api/v1/revisions')).body;
    expect(revisions.at(-1).by).toBe('ann-team-a');
    // an owner-limited registrar may still validate anything: it writes nothing
    expect((await send('ann-team-a', 'POST', '/api/v1/graph/validate', apply('x9', 'team-b'))).status).toBe(200);
  });

  it('registrar and admin delete any node', async () => {
    expect((await send('rita-registrar', 'DELETE', '/api/v1/nodes/r1')).status).toBe(200);
    expect((await send('ada-admin', 'POST', '/api/v1/graph/apply', apply('r2', 'team-b'))).status).toBe(200);
    expect((await send('ada-admin', 'DELETE', '/api/v1/nodes/r2')).status).toBe(200);
  });

  it('commander opens, decides, changes the status and applies containment; every `by` is cora-commander', async () => {
    const opened = await send('cora-commander', 'POST', '/api/v1/incidents', { title: 'second', source: 'src', failureMode: 'hallucination', by: 'mallory' });
    expect(opened.status).toBe(201);
    expect(opened.body.openedBy).toBe('cora-commander');
    const decided = await send('cora-commander', 'PUT', `/api/v1/incidents/${opened.body.id}/decisions/a-agent`, { action: 'stop', by: 'mallory' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const status = await send('cora-commander', 'PATCH', `/api/v1/incidents/${opened.body.id}`, { status: 'contained' });
    expect(status.status, JSON.stringify(status.body)).toBe(200);
    const contained = await send('cora-commander', 'POST', `/api/v1/incidents/:id/containment/apply`, { by: 'mallory' });
    expect(contained.status, JSON.stringify(contained.body)).toBe(200);
    const { history } = (await send('vic-viewer', 'GET', `/api/v1/incidents/${opened.body.id}/history`)).body;
    expect(history.length).toBeGreaterThan(0);
    expect(new Set(history.map((h: { by: string }) => h.by))).toEqual(new Set(['cora-commander']));
    const incident = (await send('vic-viewer', 'GET', `/api/v1/incidents/${opened.body.id}`)).body;
    expect(incident.statusHistory.map((s: { by: string }) => s.by)).toEqual(['cora-commander']);
    const first = (await send('vic-viewer', 'GET', '/api/v1/incidents/:id/history')).body.history;
    expect(first.every((h: { by: string }) => h.by === 'cora-commander')).toBe(true);
  });

  it('admin decides too, as itself', async () => {
    const decided = await send('ada-admin', 'PUT', '/api/v1/incidents/:id/decisions/b-surface', { action: 'notify' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.decision?.by ?? decided.body.by).toBe('ada-admin');
  });

  it('reviewer records observations and drift', async () => {
    expect((await send('rev-reviewer', 'POST', '/api/v1/incidents/:id/observations', { reached: [{ name: 'a-agent' }] })).status).toBe(200);
    expect((await send('rev-reviewer', 'POST', '/api/v1/drift', OTLP)).status).toBe(200);
  });

  it('probes, the API description, the sign-in settings and the UI need no credentials', async () => {
    for (const p of ['/healthz', '/readyz', '/metrics', '/api/v1/openapi.json', '/api/v1/auth/config']) {
      expect((await call(server.baseUrl, 'GET', p)).status, p).toBe(200);
    }
    expect((await call(server.baseUrl, 'GET', '/api/v1/auth/config')).body).toEqual({ mode: 'token' });
    expect((await send('ann-team-a', 'GET', '/api/v1/auth/me')).body).toEqual({ mode: 'token', identity: 'ann-team-a', roles: ['registrar:team-a'] });
    expect((await call(server.baseUrl, 'GET', '/api/v1/auth/me')).status).toBe(401);
  });
});
