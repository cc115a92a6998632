// The production path (issue 11): after `npm run build`, a clean copy installed with
// `npm ci --omit=dev` starts with `npm start` and serves /healthz and the UI. It installs
// packages, so it runs in CI (CI=true) or when asked for (CHECK_PRODUCTION=1).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const enabled = process.env.CI === 'true' || process.env.CHECK_PRODUCTION === '1';

describe.skipIf(!enabled)('production install (scripts/check-production.sh; CI=true or CHECK_PRODUCTION=1 runs it)', () => {
  it('npm ci --omit=dev in a clean copy, then npm start serves /healthz, / and the API', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile('bash', [path.join(ROOT, 'scripts/check-production.sh')], { cwd: ROOT, timeout: 170_000, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
      );
    });
    expect(out).toMatch(/^production check: ok \(http:\/\/127\.0\.0\.1:\d+\)$/m);
  }, 180_000);
});
