// The served OpenAPI document (server/api/openapi.ts), checked by a real validator and against
// the server it describes: raw bodies by their real schemas, the error answers of every
// operation, input and output forms apart, and request examples that a fresh server accepts.
import fs from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpTraces } from '../../graph-schema/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Json = Record<string, any>;
const ROOT = path.resolve(import.meta.dirname, '../..');

let server: TestServer;
let doc: Json;

beforeAll(async () => {
  server = await startTestServer({ demo: false });
  doc = await (await fetch(`${server.baseUrl}/api/v1/openapi.json`)).json();
});
afterAll(async () => {
  await server?.close();
});

const operations = () =>
  Object.entries<Json>(doc.paths).flatMap(([p, item]) => Object.entries<Json>(item).map(([method, op]) => ({ path: p, method, op })));
const schemaOf = (ref: string) => doc.components.schemas[ref.replace('#/components/schemas/', '')];
/** Any local $ref (schemas, parameters, headers) to what it names. */
const resolve = (ref: string): unknown => ref.slice(2).split('/').reduce<Json | undefined>((at, key) => at?.[key], doc);
const answerRef = (p: string, method: string, status = 200) => doc.paths[p][method].responses[status].content['application/json'].schema.$ref;

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 to swagger-parser (every $ref resolves)', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    expect(doc.openapi).toBe('3.1.0');
  });

  it('holds no JSON Schema $defs: every named schema is a component', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('$defs');
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) expect(resolve(ref), ref).toBeDefined();
  });

  it('is generated with the public zod API, not its private registry map', () => {
    for (const file of ['server/api/openapi.ts', 'server/api/openapi-schemas.ts']) expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).not.toContain('_idmap');
  });

  it('documents the manifest bodies as one document or an array of them (JSON), or YAML text', () => {
    for (const p of ['/api/v1/graph/apply', '/api/v1/graph/validate']) {
      const content = doc.paths[p].post.requestBody.content;
      expect(Object.keys(content).sort()).toEqual(['application/json', 'application/yaml']);
      expect(content['application/yaml'].schema.type).toBe('string');
      const batch = schemaOf(content['application/json'].schema.$ref);
      expect(batch.oneOf).toEqual([{ $ref: '#/components/schemas/NodeDocumentInput' }, { type: 'array', items: { $ref: '#/components/schemas/NodeDocumentInput' } }]);
    }
  });

  it('documents a request body in its input form and an answer in its output form', () => {
    const input = doc.components.schemas.NodeDocumentInput;
    const output = doc.components.schemas.NodeDocument;
    // spec has a default: optional to send, always there in an answer
    expect(input.required).not.toContain('spec');
    expect(output.required).toContain('spec');
    expect(doc.paths['/api/v1/nodes/{name}'].get.responses[200].content['application/json'].schema.$ref).toBe('#/components/schemas/NodeDocument');
  });

  it('documents observations as a reached list or OTLP traces, and drift as OTLP traces', () => {
    const observations = schemaOf(doc.paths['/api/v1/incidents/{id}/observations'].post.requestBody.content['application/json'].schema.$ref);
    expect(observations.oneOf).toEqual([{ $ref: '#/components/schemas/ObservationsRequest' }, { $ref: '#/components/schemas/OtlpTraces' }]);
    expect(doc.paths['/api/v1/drift'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/OtlpTraces');
    expect(doc.components.schemas.OtlpTraces.required).toEqual(['resourceSpans']);
  });

  it('gives every operation its error answers, each in the Error shape', () => {
    const errorRef = { $ref: '#/components/schemas/Error' };
    for (const { path: p, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${p}`;
      const statuses = Object.keys(op.responses).map(Number);
      for (const status of statuses.filter((s) => s >= 400)) expect(op.responses[status].content['application/json'].schema, `${where} ${status}`).toEqual(errorRef);
      expect(statuses, where).toContain(403); // a Host not allowed, on every operation
      if (op.security.length > 0) expect(statuses, where).toContain(401);
      if (op.requestBody) expect(statuses, where).toEqual(expect.arrayContaining([400, 413, 415]));
      if (/\{(id|name)\}/.test(p)) expect(statuses, where).toEqual(expect.arrayContaining([400, 404]));
      if (!p.startsWith('/api/v1/auth/') && p !== '/api/v1/regimes') expect(statuses, where).toContain(503);
      expect(statuses.filter((s) => s < 300).length, where).toBeGreaterThan(0);
    }
    for (const [p, method] of [['/api/v1/incidents/{id}/decisions/{name}', 'put'], ['/api/v1/incidents/{id}/decisions', 'post'], ['/api/v1/incidents/{id}/containment/apply', 'post']] as const) {
      expect(doc.paths[p][method].responses[409], p).toBeDefined();
    }
  });

  it('keeps the security schemes and the roles of each operation', () => {
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/v1/graph/apply'].post['x-roles']).toEqual(['registrar', 'admin']);
    expect(doc.paths['/api/v1/auth/config'].get.security).toEqual([]);
  });

  it('names every answer by its graph-schema schema, lists and drift included', () => {
    expect(answerRef('/api/v1/incidents', 'get')).toBe('#/components/schemas/IncidentsResponse');
    expect(answerRef('/api/v1/incidents/{id}/history', 'get')).toBe('#/components/schemas/HistoryResponse');
    expect(answerRef('/api/v1/incidents/{id}/communications', 'get')).toBe('#/components/schemas/CommunicationsResponse');
    expect(answerRef('/api/v1/revisions', 'get')).toBe('#/components/schemas/RevisionsResponse');
    expect(answerRef('/api/v1/drift', 'post')).toBe('#/components/schemas/DriftResult');
    expect(schemaOf(answerRef('/api/v1/drift', 'post')).required).toEqual(expect.arrayContaining(['missingEdges', 'unseenEdges', 'unmatched', 'spans']));
    expect(answerRef('/api/v1/audit/verify', 'get')).toBe('#/components/schemas/AuditResult');
    expect(answerRef('/api/v1/auth/config', 'get')).toBe('#/components/schemas/AuthConfig');
    expect(answerRef('/api/v1/auth/me', 'get')).toBe('#/components/schemas/Me');
    // no answer is an unnamed inline schema (named by operation and status)
    expect(Object.keys(doc.components.schemas).filter((name) => /^(get|post|put|patch|delete)[A-Z].*\d{3}/.test(name))).toEqual([]);
  });

  it('documents X-Bookmark once: taken by every operation, answered by every write', () => {
    expect(doc.components.parameters.Bookmark).toMatchObject({ name: 'X-Bookmark', in: 'header', required: false, schema: { type: 'string' } });
    expect(doc.components.headers.Bookmark.schema.type).toBe('string');
    for (const { path: p, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${p}`;
      expect(op.parameters, where).toContainEqual({ $ref: '#/components/parameters/Bookmark' });
      expect(Object.keys(op.responses), where).toContain('400'); // invalid_bookmark
      for (const [status, answer] of Object.entries<Json>(op.responses)) {
        const answered = answer.headers?.['X-Bookmark'];
        if (method !== 'get' && Number(status) < 300) expect(answered, `${where} ${status}`).toEqual({ $ref: '#/components/headers/Bookmark' });
        else expect(answered, `${where} ${status}`).toBeUndefined();
      }
    }
  });

  it('documents each form of the report', () => {
    expect(Object.keys(doc.paths['/api/v1/incidents/{id}/report'].get.responses[200].content).sort()).toEqual(['application/json', 'text/csv', 'text/markdown']);
  });
});

describe('the request examples', () => {
  /** The operations in the order a team would call them; every example in the document is one of these. */
  const SEQUENCE = [
    'post /api/v1/graph/validate',
    'post /api/v1/graph/apply',
    'post /api/v1/incidents',
    'put /api/v1/incidents/{id}/decisions/{name}',
    'post /api/v1/incidents/{id}/decisions',
    'post /api/v1/incidents/{id}/observations',
    'post /api/v1/incidents/{id}/communications',
    'post /api/v1/incidents/{id}/containment/apply',
    'patch /api/v1/incidents/{id}',
    'post /api/v1/drift',
  ];

  it('cover the main requests', () => {
    const withExamples = operations()
      .filter(({ op }) => Object.values<Json>(op.requestBody?.content ?? {}).some((c) => c.examples))
      .map(({ method, path: p }) => `${method} ${p}`);
    expect(withExamples.sort()).toEqual([...SEQUENCE].sort());
    // every operation that takes a body has one
    expect(operations().filter(({ op }) => op.requestBody).map(({ method, path: p }) => `${method} ${p}`).sort()).toEqual([...SEQUENCE].sort());
  });

  it('each one works, sent in order to a fresh server', async () => {
    let incident = '';
    let sent = 0;
    for (const key of SEQUENCE) {
      const [method, p] = key.split(' ') as [string, string];
      const url = server.baseUrl + p.replace('{id}', incident).replace('{name}', 'crm');
      for (const [type, media] of Object.entries<Json>(doc.paths[p][method].requestBody.content)) {
        for (const [name, example] of Object.entries<Json>(media.examples ?? {})) {
          const body = type === 'application/yaml' ? example.value : JSON.stringify(example.value);
          const res = await fetch(url, { method: method.toUpperCase(), headers: { 'Content-Type': type, 'X-Actor': 'docs' }, body });
          const answer = await res.json();
          expect(res.status, `${key} ${type} ${name}: ${JSON.stringify(answer).slice(0, 300)}`).toBeLessThan(300);
          if (key === 'post /api/v1/graph/validate') expect(answer.valid).toBe(true);
          if (key === 'post /api/v1/incidents') incident = answer.id;
          if (key === 'post /api/v1/incidents/{id}/observations') expect(answer.unmatched).toEqual([]);
          if (key === 'post /api/v1/drift') expect(answer.spans).toBe(2);
          sent++;
        }
      }
    }
    expect(sent).toBeGreaterThanOrEqual(SEQUENCE.length + 2);
    const nodes = await (await fetch(`${server.baseUrl}/api/v1/nodes`)).json();
    expect(nodes.nodes.map((n: Json) => n.metadata.name)).toEqual(['crm', 'customer-email', 'triage-agent']);
  });
});

describe('the OTLP schema', () => {
  it('fits the project’s own trace fixtures, and refuses what is not OTLP', () => {
    const dir = path.join(ROOT, 'fixtures/otlp');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.otlp.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const body = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      expect(OtlpTraces.safeParse(body).success, file).toBe(true);
    }
    expect(OtlpTraces.safeParse({ reached: [] }).success).toBe(false);
    expect(OtlpTraces.safeParse({ resourceSpans: [{ scopeSpans: [{ spans: [{ spanId: 'eee19b7ec3c1b174' }] }] }] }).success).toBe(false);
  });
});
