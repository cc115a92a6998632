// Requests as an attacker sends them (CONTRACT.md §9 "Requests"), over real HTTP: cross-site
// text/plain and form posts, a foreign Host, cross-origin writes, odd encodings and numbers, and
// requests Node itself refuses. Each answer is in the error shape and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectErrorShape, rawExchange, request } from './http.js';

let server: TestServer;
let base: string;
let host: string;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  base = server.baseUrl;
  host = new URL(base).host;
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => request(base, 'GET', path, { headers: { Host: host, ...headers } });
const send = (method: string, path: string, type: string | undefined, body: string | Buffer, headers: Record<string, string> = {}) =>
  request(base, method, path, { headers: { Host: host, ...(type ? { 'Content-Type': type } : {}), 'Content-Length': String(Buffer.byteLength(body)), ...headers }, body });

/** What the demo's registry and incidents look like: to prove a refused request wrote nothing. */
async function snapshot() {
  return { revisions: (await get('/api/v1/revisions')).body.current, incidents: (await get('/api/v1/incidents')).text };
}

/** Every operation the OpenAPI document says takes a body, with its path parameters filled in. */
async function writeOperations(): Promise<{ method: string; path: string }[]> {
  const doc = (await get('/api/v1/openapi.json')).body;
  const ops: { method: string; path: string }[] = [];
  for (const [path, item] of Object.entries<Record<string, { requestBody?: unknown }>>(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op.requestBody) ops.push({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'policy-agent') });
    }
  }
  return ops;
}

describe('write bodies must be JSON or YAML', () => {
  const CROSS_SITE_TYPES: [string | undefined, string][] = [
    ['text/plain', '{"title":"x"}'],
    ['text/plain;charset=UTF-8', '{"title":"x"}'],
    ['application/x-www-form-urlencoded', 'title=x&source=policy-agent'],
    ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--b--\r\n'],
    [undefined, '{"title":"x"}'],
    ['text/html', '<p>x</p>'],
  ];

  it('refuses text/plain, forms, multipart and unlabelled bodies with 415 on every route that takes a body, writing nothing', async () => {
    const ops = await writeOperations();
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(['POST /api/v1/graph/apply', 'POST /api/v1/graph/validate', 'POST /api/v1/incidents']));
    expect(ops.length).toBeGreaterThanOrEqual(8);
    const before = await snapshot();
    for (const { method, path } of [...ops, { method: 'DELETE', path: '/api/v1/nodes/policy-agent' }]) {
      for (const [type, body] of CROSS_SITE_TYPES) {
        const answer = await send(method, path, type, body);
        expectErrorShape(answer, 415, 'unsupported_media_type');
        expect(answer.body.error.details[0].path).toBe('headers.content-type');
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('stops the cross-site rewrite: the same manifest as text/plain is refused, as JSON it applies', async () => {
    const radius = async () => (await get('/api/v1/nodes/policy-agent/blast-radius')).body.consumers.length as number;
    const consumers = await radius();
    expect(consumers).toBeGreaterThan(5);
    // a direct consumer of policy-agent, registered again without that edge: the radius would shrink
    const direct = (await get('/api/v1/nodes/policy-agent/neighbours')).body.downstream[0].name as string;
    const doc = (await get(`/api/v1/nodes/${direct}`)).body;
    doc.spec.consumes = doc.spec.consumes.filter((c: { from: string }) => c.from !== 'policy-agent');
    const manifest = JSON.stringify(doc);

    expectErrorShape(await send('POST', '/api/v1/graph/apply', 'text/plain', manifest), 415);
    expectErrorShape(await send('POST', '/api/v1/graph/apply', 'application/x-www-form-urlencoded', manifest), 415);
    expect(await radius()).toBe(consumers);

    // the body itself was fine: only its label kept it out (checked on validate, which writes nothing)
    const verdict = await send('POST', '/api/v1/graph/validate', 'application/json', manifest);
    expect(verdict.status).toBe(200);
    expect(verdict.body.valid).toBe(true);
  });

  it('accepts JSON and YAML under their names, and refuses YAML where a route takes JSON only', async () => {
    const yamlDoc = 'apiVersion: blast-radius/v1\nkind: Agent\nmetadata: { name: yaml-probe, owner: sec }\n';
    for (const type of ['application/yaml', 'application/x-yaml', 'text/yaml', 'application/yaml; charset=utf-8']) {
      const answer = await send('POST', '/api/v1/graph/validate', type, yamlDoc);
      expect(answer.status, type).toBe(200);
      expect(answer.body.valid).toBe(true);
    }
    const json = await send('POST', '/api/v1/graph/validate', 'application/json; charset=utf-8', JSON.stringify({ apiVersion: 'blast-radius/v1', kind: 'Agent', metadata: { name: 'json-probe', owner: 'sec' } }));
    expect(json.body.valid).toBe(true);
    const before = await snapshot();
    expectErrorShape(await send('POST', '/api/v1/incidents', 'application/yaml', 'title: x\nsource: policy-agent\nfailureMode: hallucination\n'), 415);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a charset other than UTF-8 with 415', async () => {
    const answer = await send('POST', '/api/v1/graph/validate', 'application/json; charset=latin1', '{"a":1}');
    expectErrorShape(answer, 415, 'unsupported_charset');
  });
});

describe('invalid UTF-8', () => {
  const bad = [
    Buffer.from([0xff]), // never valid
    Buffer.from([0xc0, 0xaf]), // overlong '/'
    Buffer.from([0xed, 0xa0, 0x80]), // a UTF-16 surrogate
    Buffer.from([0xe2, 0x82]), // truncated
  ];

  it('is a 400 for JSON and YAML bodies, and nothing is written', async () => {
    const before = await snapshot();
    for (const bytes of bad) {
      const json = Buffer.concat([Buffer.from('{"title":"'), bytes, Buffer.from('","source":"policy-agent","failureMode":"hallucination"}')]);
      expectErrorShape(await send('POST', '/api/v1/incidents', 'application/json', json), 400, 'invalid_utf8');
      const yaml = Buffer.concat([Buffer.from('apiVersion: blast-radius/v1\nkind: Agent\nmetadata: { name: utf-probe, owner: "'), bytes, Buffer.from('" }\n')]);
      expectErrorShape(await send('POST', '/api/v1/graph/apply', 'application/yaml', yaml), 400, 'invalid_utf8');
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('the Host allow-list', () => {
  const port = () => new URL(base).port;

  it('refuses a foreign Host with 403 in the error shape, on the API, the probes, metrics and the UI', async () => {
    for (const foreign of ['evil.example', `evil.example:${port()}`, `127.0.0.1.evil.example:${port()}`, `localhost.evil.example`, `10.0.0.7:${port()}`]) {
      for (const path of ['/api/v1/nodes', '/healthz', '/readyz', '/metrics', '/', '/api/v1/openapi.json']) {
        const answer = await get(path, { Host: foreign });
        expectErrorShape(answer, 403, 'host_not_allowed');
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
      }
    }
    // an empty Host, and none at all (HTTP/1.0), are refused too
    for (const head of ['GET /healthz HTTP/1.1\r\nHost: \r\n', 'GET /healthz HTTP/1.0\r\n']) {
      const raw = await rawExchange(base, `${head}Connection: close\r\n\r\n`);
      expect(raw.split('\r\n')[0], head).toMatch(/^HTTP\/1\.[01] 403 /);
      expectErrorShape({ status: 403, body: JSON.parse(raw.split('\r\n\r\n')[1]!) }, 403, 'host_not_allowed');
    }
  });

  it('serves the loopback names on any port, in any case', async () => {
    for (const name of [`localhost:${port()}`, `127.0.0.1:${port()}`, `[::1]:${port()}`, 'LOCALHOST', 'localhost.', '127.0.0.1:1']) {
      expect((await get('/healthz', { Host: name })).status, name).toBe(200);
      expect((await get('/api/v1/nodes?limit=1', { Host: name })).status, name).toBe(200);
    }
  });

  it('serves the names in BLAST_RADIUS_ALLOWED_HOSTS, and only them', async () => {
    const other = await startTestServer({ env: { BLAST_RADIUS_ALLOWED_HOSTS: 'blast.example.com, .corp.example, pinned.example:8443' } });
    try {
      const at = (h: string) => request(other.baseUrl, 'GET', '/healthz', { headers: { Host: h } });
      for (const ok of ['blast.example.com', 'blast.example.com:7700', 'a.corp.example', 'corp.example', 'pinned.example:8443', 'localhost']) expect((await at(ok)).status, ok).toBe(200);
      for (const refused of ['example.com', 'blast.example.com.evil', 'xcorp.example', 'pinned.example:8444', 'pinned.example']) expectErrorShape(await at(refused), 403, 'host_not_allowed');
    } finally {
      await other.close();
    }
  });
});

describe('cross-origin writes', () => {
  it('refuses a write from another origin, even one without a body, and lets the same origin and non-browsers through', async () => {
    const opened = await send('POST', '/api/v1/incidents', 'application/json', JSON.stringify({ title: 'origin probe', source: 'policy-agent', failureMode: 'hallucination' }));
    expect(opened.status).toBe(201);
    const applyPath = `/api/v1/incidents/${opened.body.id}/containment/apply`;
    const before = await snapshot();
    // (the scheme is not compared: behind a TLS proxy the page is https and this server http)
    for (const origin of ['http://evil.example', 'null', `http://${host}.evil.example`, `http://localhost:${Number(new URL(base).port) + 1}`, 'not a url']) {
      const answer = await request(base, 'POST', applyPath, { headers: { Host: host, Origin: origin, 'Content-Length': '0' } });
      expectErrorShape(answer, 403, 'cross_origin');
    }
    expect(await snapshot()).toEqual(before);
    const history = async () => (await get(`/api/v1/incidents/${opened.body.id}/history`)).text;
    const decided = await history();
    // this server's own page (Origin equals Host), then a client that sends no Origin
    const sameOrigin = await request(base, 'POST', applyPath, { headers: { Host: host, Origin: base, 'Content-Length': '0' } });
    expect(sameOrigin.status, sameOrigin.text).toBeLessThan(300);
    expect(await history()).not.toBe(decided);
    const cli = await request(base, 'POST', applyPath, { headers: { Host: host, 'Content-Length': '0' } });
    expect(cli.status, cli.text).toBeLessThan(300);
  });
});

describe('security headers', () => {
  const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));

  it('carry a CSP without inline script, frame-ancestors none, nosniff and DENY on pages, API answers and errors', async () => {
    for (const path of ['/', '/api/v1/nodes?limit=1', '/healthz', '/api/v1/nodes/no-such-node', '/api/v1/nodes?revision=x']) {
      const answer = await get(path);
      const csp = directives(String(answer.headers['content-security-policy']));
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('script-src-attr')).toEqual(["'none'"]);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      for (const values of csp.values()) for (const v of values) expect(v).not.toMatch(/unsafe-(inline|eval)|^\*$/);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-frame-options']).toBe('DENY');
    }
  });
});

describe('revision and maxDepth are decimal digits', () => {
  const bad = (field: string) => ['', '1e2', '0x10', '-1', '1.5', '%201', '1%20', 'abc', '+1', '99999999999999999999', `1&${field}=2`];

  it('answers 400 naming query.revision for anything else, on every route that reads the past', async () => {
    for (const path of ['/api/v1/nodes', '/api/v1/nodes/policy-agent', '/api/v1/nodes/policy-agent/neighbours', '/api/v1/nodes/policy-agent/blast-radius']) {
      for (const value of bad('revision')) {
        const answer = await get(`${path}?revision=${value}`);
        expectErrorShape(answer, 400);
        expect(answer.body.error.details.map((d: { path: string }) => d.path), `${path}?revision=${value}`).toContain('query.revision');
      }
      expect((await get(`${path}?revision=1`)).status).toBe(200);
      expect((await get(`${path}?revision=01`)).status).toBe(200);
    }
  });

  it('answers 400 naming query.maxDepth likewise', async () => {
    for (const value of [...bad('maxDepth'), '10001']) {
      const answer = await get(`/api/v1/nodes/policy-agent/blast-radius?maxDepth=${value}`);
      expectErrorShape(answer, 400);
      expect(answer.body.error.details.map((d: { path: string }) => d.path), value).toContain('query.maxDepth');
    }
    const cut = await get('/api/v1/nodes/policy-agent/blast-radius?maxDepth=1');
    expect(cut.status).toBe(200);
    expect(cut.body.consumers.every((c: { depth: number }) => c.depth <= 1)).toBe(true);
  });
});

describe("Node's own refusals", () => {
  const parse = (raw: string) => {
    const [head, body] = raw.split('\r\n\r\n');
    return { statusLine: head!.split('\r\n')[0], head: head!.toLowerCase(), body: JSON.parse(body!) };
  };

  it('a malformed request line is a 400 in the error shape', async () => {
    const answer = parse(await rawExchange(base, 'GARBAGE\r\n\r\n'));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.head).toContain('content-type: application/json');
    expect(answer.head).toContain('x-content-type-options: nosniff');
    expectErrorShape({ status: 400, body: answer.body }, 400, 'malformed_request');
  });

  it('a bad header is a 400, and headers too large a 431, in the error shape', async () => {
    const badHeader = parse(await rawExchange(base, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nBad Header: x\r\n\r\n`));
    expect(badHeader.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expectErrorShape({ status: 400, body: badHeader.body }, 400);
    const big = parse(await rawExchange(base, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(big.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expectErrorShape({ status: 431, body: big.body }, 431, 'headers_too_large');
  });

  it('still answers afterwards', async () => {
    expect((await get('/healthz')).status).toBe(200);
  });
});
