// What a server whose record does not verify must do (CONTRACT.md §9), on either store: every
// write answers 503 audit_chain_broken naming where the chain breaks, and writes nothing; reads go on.
import { expect } from 'vitest';
import { fixtureWrites, type Call } from '../api/v2-fixture.js';

export async function expectWritesRefused(call: Call, id: string, firstBad: string): Promise<void> {
  const before = {
    revision: (await call('/api/v1/revisions')).body.current,
    history: (await call(`/api/v1/incidents/${id}/history`)).body.history.length,
    incidents: (await call('/api/v1/incidents')).body.incidents.length,
  };
  const writes = fixtureWrites(id);
  for (const [method, path, body] of writes) {
    const res = await call(path, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
    expect([method, path, res.status, res.body?.error?.code]).toEqual([method, path, 503, 'audit_chain_broken']);
    expect(res.body.error.message).toContain(firstBad);
  }
  expect((await call('/api/v1/revisions')).body.current).toBe(before.revision);
  expect((await call(`/api/v1/incidents/${id}/history`)).body.history).toHaveLength(before.history);
  expect((await call('/api/v1/incidents')).body.incidents).toHaveLength(before.incidents);
}

export async function expectReadsServed(call: Call, id: string): Promise<void> {
  for (const path of ['/api/v1/nodes', '/api/v1/nodes/mailer', '/api/v1/nodes/src/blast-radius', '/api/v1/revisions', '/api/v1/incidents', `/api/v1/incidents/${id}`, `/api/v1/incidents/${id}/history`, `/api/v1/incidents/${id}/report?format=markdown`]) {
    expect([path, (await call(path)).status]).toEqual([path, 200]);
  }
  expect((await call('/readyz')).status).toBe(200);
}
