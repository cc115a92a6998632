// The CLI sends BLAST_RADIUS_TOKEN as a bearer token (server/cli/client.ts): against a server in
// token mode, `apply` works with a registrar's token and is recorded under the token's name;
// without a token it fails and says what to set.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { call, writeTokensFile } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  delete inherited.BLAST_RADIUS_SERVER;
  delete inherited.BLAST_RADIUS_TOKEN;
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin', 'blast-radius.js'), ...args], { cwd: root, timeout: 60_000, env: { ...inherited, NO_COLOR: '1', BLAST_RADIUS_ACTOR: 'mallory', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('CLI with BLAST_RADIUS_TOKEN', () => {
  let server: TestServer;
  let tokens: Record<string, string>;
  let manifest: string;

  beforeAll(async () => {
    const written = writeTokensFile({ 'platform-ci': ['registrar'], 'reader': ['viewer'] });
    tokens = written.tokens;
    server = await startTestServer({ env: { BLAST_RADIUS_AUTH: 'token', BLAST_RADIUS_TOKENS: written.file } });
    manifest = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-cli-')), 'agent.yaml');
    fs.writeFileSync(manifest, 'apiVersion: blast-radius/v1\nkind: Agent\nmetadata:\n  name: ci-agent\n  owner: platform\nspec:\n  consumes: []\n');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('applies with a registrar token, recorded under the token name', async () => {
    const run = await cli(['apply', manifest, '--server', server.baseUrl], { BLAST_RADIUS_TOKEN: tokens['platform-ci']! });
    expect(run.code, run.stderr).toBe(0);
    const { revisions } = (await call(server.baseUrl, 'GET', '/api/v1/revisions', { token: tokens.reader })).body;
    expect(revisions.at(-1).by).toBe('platform-ci');
  });

  it('fails without a token, saying to set BLAST_RADIUS_TOKEN; a viewer token is refused with 403', async () => {
    const none = await cli(['apply', manifest, '--server', server.baseUrl], {});
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/HTTP 401[\s\S]*set BLAST_RADIUS_TOKEN/);
    const viewer = await cli(['apply', manifest, '--server', server.baseUrl], { BLAST_RADIUS_TOKEN: tokens.reader! });
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toMatch(/reader may not POST .*HTTP 403/);
  });
});
