// The README's promise, checked: `npm start` serves the UI with the demo graph.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('README quick start', () => {
  it('names the two commands', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test\b/m);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toBeDefined();
    expect(pkg.scripts.test).toBeDefined();
  });

  it('npm start serves the web UI and the API with the demo graph', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-readme-'));
    // the same command a new user runs, on a free port and a fresh data folder
    const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, PORT: '0', BLAST_RADIUS_DATA: dataDir }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`npm start did not serve within 120 s:\n${out}`)), 120_000);
        const read = (chunk: Buffer) => {
          out += chunk.toString();
          const match = /"url":"(http:[^"]+)"/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        };
        child.stdout!.on('data', read);
        child.stderr!.on('data', read);
        child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('<script');
      const nodes = (await (await fetch(`${url}/api/v1/nodes`)).json()) as { revision: number; nodes: { metadata: { name: string } }[] };
      expect(nodes.revision).toBe(1);
      expect(nodes.nodes.length).toBeGreaterThanOrEqual(60);
      expect(nodes.nodes.map((n) => n.metadata.name)).toContain('policy-agent');
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  }, 180_000);
});
