// OIDC mode against a real OpenID Provider (oidc-provider on loopback, test/support/oidc-provider.ts):
// JWT access tokens from the client_credentials grant, verified by the server with jose against
// the provider's JWKS. No verifier is mocked: every token here is issued by a real provider, or
// is one of its tokens altered the way an attacker would.
import { SignJWT, base64url, decodeJwt, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { API_AUDIENCE, OTHER_AUDIENCE, reserveOidcProvider, startOidcProvider, type RunningOidcProvider } from '../support/oidc-provider.js';
import { GRAPH, call, fingerprint } from './helpers.js';

const MACHINES = {
  'ci-admin': { secret: 'admin-secret', roles: ['admin'] },
  'ci-viewer': { secret: 'viewer-secret', roles: ['viewer'] },
  'ci-commander': { secret: 'commander-secret', roles: ['commander'] },
  'ci-nothing': { secret: 'nothing-secret', roles: [] },
  'ci-short': { secret: 'short-secret', roles: ['admin'], ttl: 3 },
};

let idp: RunningOidcProvider;
let otherIdp: RunningOidcProvider;
let server: TestServer;
let admin: string;

beforeAll(async () => {
  idp = await startOidcProvider({ machines: MACHINES });
  otherIdp = await startOidcProvider({ machines: MACHINES });
  server = await startTestServer({ env: idp.env });
  admin = await idp.clientToken('ci-admin');
});
afterAll(async () => {
  await server?.close();
  await idp?.close();
  await otherIdp?.close();
});

const refusedAndUnchanged = async (token: string, status: 401 | 403, reason: RegExp) => {
  const before = await fingerprint(server.baseUrl, admin);
  const answer = await call(server.baseUrl, 'POST', '/api/v1/graph/apply', { token, body: [{ ...GRAPH[3], metadata: { name: 'intruder', owner: 'x' } }] });
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body.error.code).toBe(status === 401 ? 'unauthenticated' : 'forbidden');
  expect(answer.body.error.message).toMatch(reason);
  if (status === 401) expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="blast-radius", error="invalid_token"/);
  expect(await fingerprint(server.baseUrl, admin)).toBe(before);
};

describe('oidc mode with a real OpenID Provider', () => {
  it('accepts a valid JWT with a role; `by` is its subject, not X-Actor', async () => {
    expect(decodeJwt(admin)).toMatchObject({ iss: idp.issuer, aud: API_AUDIENCE, roles: ['admin'] });
    const applied = await call(server.baseUrl, 'POST', '/api/v1/graph/apply', { token: admin, body: GRAPH, headers: { 'X-Actor': 'mallory' } });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    const { revisions } = (await call(server.baseUrl, 'GET', '/api/v1/revisions', { token: admin })).body;
    expect(revisions.at(-1).by).toBe('ci-admin');

    const commander = await idp.clientToken('ci-commander');
    const opened = await call(server.baseUrl, 'POST', '/api/v1/incidents', { token: commander, body: { title: 't', source: 'src', failureMode: 'hallucination', by: 'mallory' } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.openedBy).toBe('ci-commander');
  });

  it('lets a viewer read, and refuses it a write with 403', async () => {
    const viewer = await idp.clientToken('ci-viewer');
    expect((await call(server.baseUrl, 'GET', '/api/v1/nodes', { token: viewer })).status).toBe(200);
    await refusedAndUnchanged(viewer, 403, /ci-viewer may not POST .*needs one of the roles registrar, admin/);
  });

  it('refuses a token without any role with 403, even for reads', async () => {
    const nothing = await idp.clientToken('ci-nothing');
    expect((await call(server.baseUrl, 'GET', '/api/v1/nodes', { token: nothing })).status).toBe(403);
    expect((await call(server.baseUrl, 'GET', '/api/v1/auth/me', { token: nothing })).body).toEqual({ mode: 'oidc', identity: 'ci-nothing', roles: [] });
  });

  it('refuses a token for another audience', async () => {
    const token = await idp.clientToken('ci-admin', { audience: OTHER_AUDIENCE });
    expect(decodeJwt(token).aud).toBe(OTHER_AUDIENCE);
    await refusedAndUnchanged(token, 401, /aud claim/);
  });

  it('refuses a token from another issuer', async () => {
    const token = await otherIdp.clientToken('ci-admin');
    expect(decodeJwt(token).iss).toBe(otherIdp.issuer);
    await refusedAndUnchanged(token, 401, /not accepted/);
  });

  it('refuses an expired token', async () => {
    const token = await idp.clientToken('ci-short');
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(3);
    expect((await call(server.baseUrl, 'GET', '/api/v1/nodes', { token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, (claims.exp! + 1) * 1000 - Date.now()));
    await refusedAndUnchanged(token, 401, /expired/);
  });

  it('refuses an unsigned token, an altered one, and one signed by another key', async () => {
    const [header, payload] = admin.split('.');
    const none = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
    await refusedAndUnchanged(`${none}.${payload}.`, 401, /not accepted/);

    const viewer = await idp.clientToken('ci-viewer');
    const [vHeader, , vSignature] = viewer.split('.');
    const promoted = base64url.encode(JSON.stringify({ ...decodeJwt(viewer), roles: ['admin'] }));
    expect(vHeader).toBe(header);
    await refusedAndUnchanged(`${vHeader}.${promoted}.${vSignature}`, 401, /signature/);

    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ ...decodeJwt(admin) }).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'test-key' }).sign(privateKey);
    await refusedAndUnchanged(forged, 401, /signature/);
    await refusedAndUnchanged('not-a-jwt', 401, /not accepted/);
  });

  it('tells the UI how to sign in, and the OpenAPI document names the OpenID Connect scheme', async () => {
    expect((await call(server.baseUrl, 'GET', '/api/v1/auth/config')).body).toEqual({ mode: 'oidc', issuer: idp.issuer, audience: API_AUDIENCE, clientId: 'blast-radius-ui', scope: 'openid profile email api' });
    const doc = (await call(server.baseUrl, 'GET', '/api/v1/openapi.json')).body;
    expect(doc.components.securitySchemes.oidc).toEqual({ type: 'openIdConnect', openIdConnectUrl: `${idp.issuer}/.well-known/openid-configuration` });
    expect(doc.paths['/api/v1/incidents'].post.security).toEqual([{ bearer: [] }, { oidc: [] }]);
  });
});

describe('oidc mode when the provider cannot be reached', () => {
  it('answers 503 identity_provider_unavailable, not 401, and not after a long wait', async () => {
    const gone = await reserveOidcProvider();
    await gone.close();
    const lonely = await startTestServer({ env: gone.env });
    try {
      const started = Date.now();
      const answer = await call(lonely.baseUrl, 'GET', '/api/v1/nodes', { token: admin });
      expect(answer.status).toBe(503);
      expect(answer.body.error.code).toBe('identity_provider_unavailable');
      expect(Date.now() - started).toBeLessThan(6000);
      expect((await call(lonely.baseUrl, 'GET', '/healthz')).status).toBe(200);
    } finally {
      await lonely.close();
    }
  });
});
