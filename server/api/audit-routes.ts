// The tamper-evident record (CONTRACT.md §9): recompute every hash chain on demand.
import { z } from 'zod';
import type { GraphStore } from '../store/types.js';
import { defineRoute, type Route } from './route.js';

export const AuditResult = z
  .object({
    ok: z.boolean(),
    entries: z.number().int().meta({ description: 'Revisions and incident log entries checked' }),
    firstBad: z.string().nullable().meta({ description: 'The first entry whose hash does not verify, e.g. "revision 12" or "incident inc-… seq 4"' }),
  })
  .meta({ id: 'AuditResult' });

export function auditRoutes(store: GraphStore): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/audit/verify',
      tag: 'audit',
      summary: 'Recompute the hash chains of the revisions and of every incident log',
      responses: { 200: { description: 'The check', schema: AuditResult } },
      handler: async () => store.verifyAudit(),
    }),
  ];
}
