// What the server refuses at start (CONTRACT.md §9, §10), and what the access table and the
// OpenAPI document say about every route.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, accessKey } from '../../server/api/access.js';
import { isLoopbackHost } from '../../server/auth/authenticator.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { call, writeTokensFile } from './helpers.js';

const badFile = (text: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-tokens-')), 'tokens.yaml');
  fs.writeFileSync(file, text);
  return file;
};

describe('refusing to start', () => {
  it('without authentication on a non-loopback HOST, naming the fix', async () => {
    await expect(startTestServer({ env: { HOST: '0.0.0.0' } })).rejects.toThrow(/Refusing to start: BLAST_RADIUS_AUTH=none .*HOST=0\.0\.0\.0 is not a loopback address.*BLAST_RADIUS_AUTH=token .*HOST=127\.0\.0\.1/);
    await expect(startTestServer({ env: { HOST: '192.168.1.10', BLAST_RADIUS_AUTH: 'none' } })).rejects.toThrow(/Refusing to start/);
    await expect(startTestServer({ env: { HOST: '::' } })).rejects.toThrow(/Refusing to start/);
  });

  it('in token mode without a tokens file, or with a bad one', async () => {
    await expect(startTestServer({ env: { BLAST_RADIUS_AUTH: 'token' } })).rejects.toThrow(/needs BLAST_RADIUS_TOKENS/);
    await expect(startTestServer({ env: { BLAST_RADIUS_AUTH: 'token', BLAST_RADIUS_TOKENS: '/nonexistent/tokens.yaml' } })).rejects.toThrow(/cannot be read/);
    const cases: [string, RegExp][] = [
      ['tokens: [{name: ci, sha256: abc, roles: [admin]}]', /tokens\.0\.sha256: the hex SHA-256/],
      [`tokens: [{name: ci, sha256: ${'a'.repeat(64)}, roles: [superuser]}]`, /tokens\.0\.roles\.0: a role is one of/],
      [`tokens: [{name: ci, sha256: ${'a'.repeat(64)}, roles: []}]`, /tokens\.0\.roles/],
      [`tokens: [{name: a, sha256: ${'a'.repeat(64)}, roles: [admin]}, {name: b, sha256: ${'A'.repeat(64)}, roles: [viewer]}]`, /tokens\.1\.sha256: the same token as tokens\[0\]/],
      ['tokens: [{name: ci, token: plain, roles: [admin]}]', /not a valid tokens file/],
      ['tokens: [unclosed', /not valid YAML/],
    ];
    for (const [text, message] of cases) {
      await expect(startTestServer({ env: { BLAST_RADIUS_AUTH: 'token', BLAST_RADIUS_TOKENS: badFile(text) } }), text).rejects.toThrow(message);
    }
  });

  it('in oidc mode without an issuer and audience, or with a plain-http issuer off loopback', async () => {
    await expect(startTestServer({ env: { BLAST_RADIUS_AUTH: 'oidc' } })).rejects.toThrow(/needs BLAST_RADIUS_OIDC_ISSUER .* BLAST_RADIUS_OIDC_AUDIENCE/);
    await expect(startTestServer({ env: { BLAST_RADIUS_AUTH: 'oidc', BLAST_RADIUS_OIDC_ISSUER: 'http://idp.example.com', BLAST_RADIUS_OIDC_AUDIENCE: 'api' } })).rejects.toThrow(/must be an https URL/);
  });

  it('knows the loopback names', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('every route is in the access table, and the OpenAPI document shows its roles', () => {
  let server: TestServer;
  let doc: { paths: Record<string, Record<string, { security?: unknown[]; 'x-roles'?: string[]; description?: string }>>; components: { securitySchemes: Record<string, unknown> } };

  beforeAll(async () => {
    const { file } = writeTokensFile({ ci: ['viewer'] });
    server = await startTestServer({ env: { BLAST_RADIUS_AUTH: 'token', BLAST_RADIUS_TOKENS: file } });
    doc = (await call(server.baseUrl, 'GET', '/api/v1/openapi.json')).body;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has a line in server/api/access.ts for each route (add one when you add a route)', () => {
    const missing: string[] = [];
    let routes = 0;
    for (const [openPath, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        routes++;
        const key = accessKey(method, openPath.replace(/\{([A-Za-z]+)\}/g, ':$1'));
        if (!ACCESS[key]) missing.push(key);
      }
    }
    expect(routes).toBeGreaterThan(20);
    expect(missing, `routes without a line in server/api/access.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('lists the security scheme and the roles of each operation', () => {
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const apply = doc.paths['/api/v1/graph/apply']!.post!;
    expect(apply.security).toEqual([{ bearer: [] }]);
    expect(apply['x-roles']).toEqual(['registrar', 'admin']);
    expect(apply.description).toMatch(/Roles: registrar, admin \(`registrar:<owner>`: only nodes of that owner\)/);
    expect(doc.paths['/api/v1/incidents']!.get!['x-roles']).toEqual(['viewer', 'registrar', 'commander', 'reviewer', 'admin']);
    expect(doc.paths['/api/v1/incidents/{id}/observations']!.post!['x-roles']).toEqual(['reviewer', 'admin']);
    expect(doc.paths['/api/v1/auth/config']!.get!.security).toEqual([]);
  });
});
