// The CLI starts fast: `blast-radius validate --help` (and validate itself) loads neither the
// server nor express, whether it runs the compiled build or the sources through tsx.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function loadedModules(args: string[]): Promise<{ stdout: string; modules: string[] }> {
  const record = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'br-imports-')), 'modules.txt');
  const hook = path.join(ROOT, 'test/build/record-imports.mjs');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', hook, path.join(ROOT, 'bin/blast-radius.js'), ...args], { cwd: ROOT, timeout: 30_000, env: { ...process.env, RECORD_IMPORTS: record } }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${err.message}\n${stderr}`));
      resolve({ stdout, modules: fs.readFileSync(record, 'utf8').split('\n').filter(Boolean) });
    });
  });
}

const heavy = (modules: string[]) => modules.filter((m) => /\/node_modules\/(express|neo4j-driver|pino-http|helmet)\/|\/server\/(server|api\/app|store\/index)\.(js|ts)$/.test(m));

describe('CLI start-up', () => {
  it('validate --help prints the usage without loading the server or express', async () => {
    const { stdout, modules } = await loadedModules(['validate', '--help']);
    expect(stdout).toContain('Usage: blast-radius validate');
    // the recorder saw the CLI itself, so an empty list below means "not loaded", not "not recorded"
    expect(modules.some((m) => /\/server\/cli\/main\.(js|ts)$/.test(m))).toBe(true);
    expect(heavy(modules)).toEqual([]);
  });

  it('validate checks the demo manifests offline, still without the server', async () => {
    const { stdout, modules } = await loadedModules(['validate', 'fixtures/demo']);
    expect(stdout).toMatch(/✓ \d+ document\(s\) in 5 file\(s\) are valid/);
    expect(heavy(modules)).toEqual([]);
  });
});
