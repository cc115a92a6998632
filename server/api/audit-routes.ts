// The tamper-evident record (CONTRACT.md §9): recompute every hash chain on demand.
import { AuditResult } from '../../graph-schema/index.js';
import type { GraphStore } from '../store/types.js';
import { defineRoute, type Route } from './route.js';

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
