// GET /api/v1/regimes (server/api/playbook-routes.ts): answers the regimes as loaded, and is
// described in the OpenAPI document with the Regimes schema.
import { describe, expect, it } from 'vitest';
import type { Request, Response } from 'express';
import { RegimesFile } from '../../graph-schema/index.js';
import { openApiDocument } from '../../server/api/openapi.js';
import { playbookRoutes } from '../../server/api/playbook-routes.js';
import { loadRegimes } from '../../server/playbook/regimes.js';

const regimes = loadRegimes();

describe('GET /api/v1/regimes', () => {
  const [route] = playbookRoutes(regimes);

  it('answers every regime in force with its clocks, source, date checked and legal caveat', async () => {
    const headers: Record<string, string> = {};
    const res = { setHeader: (k: string, v: string) => void (headers[k.toLowerCase()] = v) } as unknown as Response;
    const body = await route.handler({ req: {} as Request, res, query: {}, body: undefined, actor: 'test' });
    expect(RegimesFile.parse(body)).toEqual(regimes);
    const ids = (body as typeof regimes).regimes.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['eu-ai-act-art73', 'gdpr-art33', 'nis2', 'dora', 'sec-8k-1-05']));
    expect(headers.etag).toBe(`"regimes-v${regimes.version}-${regimes.checked}"`);
  });

  it('is a GET under /api/v1, documented with the Regimes schema', () => {
    expect([route.method, route.path]).toEqual(['get', '/api/v1/regimes']);
    const doc = openApiDocument([route], 'test') as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> }>>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    expect(doc.paths['/api/v1/regimes'].get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/Regimes');
    expect(Object.keys(doc.components.schemas.Regimes.properties)).toEqual(['version', 'checked', 'notLegalAdvice', 'regimes']);
  });
});
