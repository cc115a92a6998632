// Who may call what (CONTRACT.md §9): one line per route, `METHOD /express/path` → who.
// app.ts's route loop enforces it, the OpenAPI document shows it, and test/auth/access-table
// fails when a route has no line here. A route missing from the table is refused to all but
// admin, so a forgotten line closes the route rather than opening it.
import { BASE_ROLES, type BaseRole } from '../auth/roles.js';
import { ownsBatch, ownsNode, type Guard } from '../auth/owner-guard.js';

export interface Access {
  /** `public`: no credentials; `authenticated`: any valid credential; else the roles allowed (admin always is). */
  who: 'public' | 'authenticated' | readonly BaseRole[];
  /** A further check once the caller is known, e.g. registrar:<owner> limits. */
  guard?: Guard;
}

const READ: Access = { who: BASE_ROLES }; // every role can read
const REGISTRAR: Access = { who: ['registrar', 'admin'] };
const COMMANDER: Access = { who: ['commander', 'admin'] };
const REVIEWER: Access = { who: ['reviewer', 'admin'] };

export const ACCESS: Record<string, Access> = {
  // outside the route loop: probes, the API description, the UI's sign-in settings
  'GET /healthz': { who: 'public' },
  'GET /readyz': { who: 'public' },
  'GET /metrics': { who: 'public' },
  'GET /api/v1/openapi.json': { who: 'public' },
  'GET /api/v1/auth/config': { who: 'public' },
  'GET /api/v1/auth/me': { who: 'authenticated' },

  // registry
  'POST /api/v1/graph/validate': REGISTRAR,
  'POST /api/v1/graph/apply': { ...REGISTRAR, guard: ownsBatch },
  'GET /api/v1/nodes': READ,
  'GET /api/v1/nodes/:name': READ,
  'GET /api/v1/nodes/:name/neighbours': READ,
  'DELETE /api/v1/nodes/:name': { ...REGISTRAR, guard: ownsNode },
  'GET /api/v1/nodes/:name/blast-radius': READ,
  'GET /api/v1/revisions': READ,

  // incidents
  'POST /api/v1/incidents': COMMANDER,
  'GET /api/v1/incidents': READ,
  'GET /api/v1/incidents/:id': READ,
  'PATCH /api/v1/incidents/:id': COMMANDER,
  'PUT /api/v1/incidents/:id/decisions/:name': COMMANDER,
  'POST /api/v1/incidents/:id/decisions': COMMANDER,
  'GET /api/v1/incidents/:id/history': READ,
  'GET /api/v1/incidents/:id/consumers': READ,
  'GET /api/v1/incidents/:id/edges': READ,
  'GET /api/v1/incidents/:id/containment': READ,
  'POST /api/v1/incidents/:id/containment/apply': COMMANDER,
  'GET /api/v1/incidents/:id/events': READ,
  'GET /api/v1/incidents/:id/report': READ,
  'GET /api/v1/incidents/:id/notifications': READ,
  'GET /api/v1/incidents/:id/communications': READ,
  'POST /api/v1/incidents/:id/communications': COMMANDER,
  'GET /api/v1/regimes': READ,
  'GET /api/v1/audit/verify': READ,

  // observations and accuracy
  'POST /api/v1/incidents/:id/observations': REVIEWER,
  'GET /api/v1/incidents/:id/accuracy': READ,
  'GET /api/v1/incidents/:id/registry-patch': READ,
  'GET /api/v1/scorecard': READ,
  'POST /api/v1/drift': REVIEWER,
};

export const accessKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

const ADMIN_ONLY: Access = { who: ['admin'] };

/** The access of a route; one missing from the table is admin-only (see the file comment). */
export function accessOf(method: string, path: string): Access {
  return ACCESS[accessKey(method, path)] ?? ADMIN_ONLY;
}

/** The roles to show for a route in the OpenAPI document. */
export function rolesShown(access: Access): string[] {
  if (access.who === 'public') return [];
  if (access.who === 'authenticated') return ['any authenticated caller'];
  return [...new Set([...access.who, 'admin'])];
}
