// Parse cost is bounded (CONTRACT.md §9): one hostile body never stalls the others. Each body is
// sent while /healthz is polled back to back; every probe must answer within a second, and the
// body must get its 400. Measured before the fix: 1 MB of `[` as text stalled the server 28 s,
// and 128 KB of `{` as YAML ran the process out of memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectErrorShape, request, type RawAnswer } from './http.js';

const MB = 1 << 20;
let server: TestServer;
let host: string;

beforeAll(async () => {
  server = await startTestServer({ demo: false });
  host = new URL(server.baseUrl).host;
});
afterAll(async () => {
  await server?.close();
});

const post = (path: string, type: string, body: string) =>
  request(server.baseUrl, 'POST', path, { headers: { Host: host, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)) }, body });

/** Sends the body while probing /healthz back to back; the slowest probe and the body's answer. */
async function underProbe(send: () => Promise<RawAnswer>): Promise<{ answer: RawAnswer; slowestMs: number; probes: number }> {
  let done = false;
  let slowestMs = 0;
  let probes = 0;
  const probing = (async () => {
    while (!done) {
      const started = performance.now();
      const res = await fetch(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      slowestMs = Math.max(slowestMs, performance.now() - started);
      probes++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  // let the probe loop start before the body goes out
  await new Promise((r) => setTimeout(r, 50));
  const answer = await send().finally(() => {
    done = true;
  });
  await probing;
  return { answer, slowestMs, probes };
}

function nestedMap(bytes: number): string {
  let s = '';
  for (let i = 0; s.length < bytes; i++) s += `${' '.repeat(i)}a:\n`;
  return s;
}

const HOSTILE: [string, string, string, () => string][] = [
  ['1 MB of [ as YAML', '/api/v1/graph/apply', 'application/yaml', () => '['.repeat(MB)],
  ['1 MB of { as YAML', '/api/v1/graph/apply', 'application/yaml', () => '{'.repeat(MB)],
  ['1 MB of ] as YAML', '/api/v1/graph/apply', 'application/yaml', () => ']'.repeat(MB)],
  ['1 MB of [ as JSON', '/api/v1/graph/apply', 'application/json', () => '['.repeat(MB)],
  ['deep but closed JSON', '/api/v1/graph/apply', 'application/json', () => '['.repeat(MB / 2) + ']'.repeat(MB / 2)],
  ['1 MB of nested block maps', '/api/v1/graph/apply', 'application/yaml', () => nestedMap(MB)],
  ['1 MB of nested compact sequences', '/api/v1/graph/apply', 'application/yaml', () => '- '.repeat(MB / 2) + 'x\n'],
  ['a billion laughs', '/api/v1/graph/apply', 'application/yaml', () => ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${'bcdefghij'[i]}: &${'bcdefghij'[i]} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n')],
  ['merge keys that take seconds', '/api/v1/graph/apply', 'application/yaml', () => 'base: &b {x: 1}\n' + Array.from({ length: 50_000 }, (_, i) => `m${i}: {<<: *b}`).join('\n')],
  ['deep JSON observations', '/api/v1/drift', 'application/json', () => `{"resourceSpans":${'['.repeat(MB / 2)}`],
];

describe('a hostile body never stalls the server', () => {
  for (const [name, path, type, make] of HOSTILE) {
    it(`${name}: a 400, and /healthz answers within 1 s all along`, { timeout: 60_000 }, async () => {
      const body = make();
      const { answer, slowestMs, probes } = await underProbe(() => post(path, type, body));
      expectErrorShape(answer, 400);
      expect(probes).toBeGreaterThan(0);
      expect(slowestMs, `slowest /healthz ${Math.round(slowestMs)} ms`).toBeLessThan(1000);
      expect((await request(server.baseUrl, 'GET', '/api/v1/revisions', { headers: { Host: host } })).body.current).toBe(0);
    });
  }

  it('names the problem: nesting too deep, where', async () => {
    const yaml = await post('/api/v1/graph/validate', 'application/yaml', `a:\n  b: ${'['.repeat(100)}`);
    expect(yaml.status).toBe(200);
    expect(yaml.body.valid).toBe(false);
    expect(yaml.body.errors[0].message).toMatch(/nested deeper than 64 levels at line 2, column \d+/);
    const json = await post('/api/v1/graph/validate', 'application/json', `{"a":${'['.repeat(100)}`);
    expectErrorShape(json, 400, 'malformed_body');
    expect(json.body.error.message).toMatch(/nested deeper than 64 levels at character 69/);
  });

  it('still reads a large legitimate YAML batch, off the event loop', { timeout: 60_000 }, async () => {
    const docs = Array.from({ length: 3000 }, (_, i) =>
      [`apiVersion: blast-radius/v1`, `kind: Agent`, `metadata:`, `  name: bulk-${i}`, `  owner: team-${i % 7}`, `  title: "Bulk agent ${i}: [not] {flow} 'text'"`, `spec:`, `  consumes:${i === 0 ? ' []' : `\n    - { from: bulk-${i - 1}, gate: none }`}`].join('\n'),
    ).join('\n---\n');
    expect(docs.length).toBeGreaterThan(400_000);
    const verdict = await post('/api/v1/graph/validate', 'application/yaml', docs);
    expect(verdict.status).toBe(200);
    expect(verdict.body).toEqual({ valid: true, errors: [] });
  });
});
