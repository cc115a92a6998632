// The OpenAPI 3.1 document, generated from the route declarations and their zod schemas.
import { z } from 'zod';
import type { Route } from './route.js';
import { REQUESTS_NOTE } from './security.js';
import { accessOf, rolesShown } from './access.js';
import type { PublicAuthConfig } from '../auth/authenticator.js';

type JsonObject = Record<string, unknown>;

export function openApiDocument(routes: Route[], version: string, auth: PublicAuthConfig = { mode: 'none' }): JsonObject {
  const registry = z.registry<{ id: string }>();
  // every schema that names itself with .meta({id}) becomes a component of its own
  const globalIds = (z.globalRegistry as unknown as { _idmap: Map<string, z.ZodType> })._idmap;
  for (const [id, schema] of globalIds) registry.add(schema, { id });
  const idOf = (schema: z.ZodType, fallback: string): string => {
    const existing = registry.get(schema)?.id;
    if (existing) return existing;
    registry.add(schema, { id: fallback });
    return fallback;
  };

  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const opId = operationId(route);
    const openPath = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: JsonObject[] = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (route.query instanceof z.ZodObject) {
      const jsonQuery = z.toJSONSchema(route.query, { io: 'input', unrepresentable: 'any' }) as JsonObject & { properties?: Record<string, JsonObject>; required?: string[] };
      for (const [name, schema] of Object.entries(jsonQuery.properties ?? {})) {
        const { description, ...rest } = schema;
        parameters.push({ name, in: 'query', required: jsonQuery.required?.includes(name) ?? false, schema: rest, ...(description ? { description } : {}) });
      }
    }
    const operation: JsonObject = { operationId: opId, summary: route.summary, tags: [route.tag] };
    if (route.description) operation.description = route.description;
    Object.assign(operation, securityOf(route, auth, operation.description as string | undefined));
    if (parameters.length > 0) operation.parameters = parameters;
    if (route.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: { $ref: ref(idOf(route.body, `${opId}Body`)) } } } };
    } else if (route.rawBody) {
      const schema = { $ref: ref('NodeDocument') };
      operation.requestBody = {
        required: true,
        description: route.rawBody.description,
        content: {
          'application/json': { schema: { oneOf: [schema, { type: 'array', items: schema }] } },
          'application/yaml': { schema: { type: 'string' } },
        },
      };
    }
    operation.responses = Object.fromEntries(
      Object.entries(route.responses).map(([status, response]) => {
        const content = response.schema
          ? { [response.contentType ?? 'application/json']: { schema: { $ref: ref(idOf(response.schema, `${opId}${status}`)) } } }
          : response.contentType
            ? { [response.contentType]: { schema: { type: 'string' } } }
            : undefined;
        return [status, { description: response.description, ...(content ? { content } : {}) }];
      }),
    );
    (paths[openPath] ??= {})[route.method] = operation;
  }

  const generated = z.toJSONSchema(registry, { uri: (id) => ref(id), unrepresentable: 'any', io: 'output' }) as { schemas: Record<string, JsonObject> };
  const schemas = Object.fromEntries(
    Object.entries(generated.schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'blast-radius',
      version,
      description: `Find every consumer of a bad AI output, decide stop, correct or notify per consumer, and check the registered graph against what really happened.\n\n${AUTH_NOTE}\n\n${REQUESTS_NOTE}`,
    },
    servers: [{ url: '/' }],
    paths,
    components: { schemas, securitySchemes: securitySchemes(auth) },
  };
}

const AUTH_NOTE =
  'Authentication (BLAST_RADIUS_AUTH): `none` (loopback only; no credentials, X-Actor names who acts), `token` (Authorization: Bearer with a token from the BLAST_RADIUS_TOKENS file) or `oidc` (a JWT access token from the issuer, for the audience). ' +
  'Each operation lists the roles allowed in `x-roles`; admin may do everything. With authentication on, `by` is the authenticated identity; X-Actor and a body `by` are ignored. 401: no or bad credentials; 403: a role the operation does not allow.';

function securitySchemes(auth: PublicAuthConfig): JsonObject {
  const schemes: JsonObject = { bearer: { type: 'http', scheme: 'bearer', description: 'A token from the BLAST_RADIUS_TOKENS file (token mode) or a JWT access token (oidc mode)' } };
  if (auth.mode === 'oidc' && auth.issuer) schemes.oidc = { type: 'openIdConnect', openIdConnectUrl: `${auth.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration` };
  return schemes;
}

/** `security`, `x-roles` and a Roles line in the description, from server/api/access.ts. */
function securityOf(route: Route, auth: PublicAuthConfig, description: string | undefined): JsonObject {
  const access = accessOf(route.method, route.path);
  if (access.who === 'public') return { security: [], 'x-roles': [], description: [description, 'No credentials needed.'].filter(Boolean).join('\n\n') };
  const roles = rolesShown(access);
  const owner = access.guard ? ' (`registrar:<owner>`: only nodes of that owner)' : '';
  return {
    security: [{ bearer: [] }, ...(auth.mode === 'oidc' ? [{ oidc: [] }] : [])],
    'x-roles': roles,
    description: [description, `Roles: ${roles.join(', ')}${owner}.`].filter(Boolean).join('\n\n'),
  };
}

const ref = (id: string) => `#/components/schemas/${id}`;

function operationId(route: Route): string {
  const words = route.path
    .replace('/api/v1/', '')
    .split(/[/-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith(':') ? `By${cap(w.slice(1))}` : cap(w)));
  return route.method + words.join('');
}
const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
