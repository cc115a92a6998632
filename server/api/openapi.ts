// The OpenAPI 3.1 document, generated from the route declarations and their zod schemas (through
// zod's public z.toJSONSchema): request bodies in their input form (defaults optional), answers in
// their output form, every error answer the middleware or the handler can give, examples, and who
// may call what.
import { z } from 'zod';
import { ErrorBody, type AuthConfig } from '../../graph-schema/index.js';
import type { Route, RouteResponse } from './route.js';
import { REQUESTS_NOTE } from './security.js';
import { accessKey, accessOf, rolesShown } from './access.js';
import { JsonSchemaComponents, type JsonObject } from './openapi-schemas.js';
import { EXAMPLES } from './examples.js';
import { YAML_TYPES } from './body.js';
import { BOOKMARK_PARAMETER, BOOKMARK_RESPONSE_HEADER } from './bookmarks.js';

export function openApiDocument(routes: Route[], version: string, auth: AuthConfig = { mode: 'none' }): JsonObject {
  const components = new JsonSchemaComponents();
  const errorRef = components.ref(ErrorBody, 'output', 'Error');
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const opId = operationId(route);
    const openPath = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const pathParams = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
    const parameters: JsonObject[] = pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    if (route.query instanceof z.ZodObject) {
      const query = components.inline(route.query, 'input', `${opId}Query`) as JsonObject & { properties?: Record<string, JsonObject>; required?: string[] };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        const { description, ...rest } = schema;
        parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema: rest, ...(description ? { description } : {}) });
      }
    }
    parameters.push(BOOKMARK_REF);
    const operation: JsonObject = { operationId: opId, summary: route.summary, tags: [route.tag] };
    if (route.description) operation.description = route.description;
    Object.assign(operation, securityOf(route, auth, operation.description as string | undefined));
    operation.parameters = parameters;
    const examples = EXAMPLES[accessKey(route.method, route.path)] ?? {};
    if (route.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: components.ref(route.body, 'input', `${opId}Body`), ...examples['application/json'] && { examples: examples['application/json'] } } } };
    } else if (route.rawBody) {
      const content: JsonObject = {};
      for (const type of route.rawBody.contentTypes) {
        const schema = YAML_TYPES.includes(type)
          ? { type: 'string', description: 'YAML text: the same documents as the JSON form, separated by ---' }
          : components.ref(route.rawBody.schema, 'input', `${opId}Body`);
        content[type] = { schema, ...(examples[type] ? { examples: examples[type] } : {}) };
      }
      operation.requestBody = { required: true, description: route.rawBody.description, content };
    }
    const responses: Record<string, JsonObject> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      const answer = responseOf(response, components, `${opId}${status}`);
      // a write answers its bookmarks (bookmarks.ts); a GET never writes
      if (route.method !== 'get' && Number(status) < 300) answer.headers = { [BOOKMARK_PARAMETER.name]: { $ref: '#/components/headers/Bookmark' } };
      responses[status] = answer;
    }
    for (const [status, description] of Object.entries(errorAnswers(route, pathParams.length > 0))) {
      responses[status] ??= { description, content: { 'application/json': { schema: errorRef } } };
    }
    operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
    (paths[openPath] ??= {})[route.method] = operation;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'blast-radius',
      version,
      description: `Find every consumer of a bad AI output, decide stop, correct or notify per consumer, and check the registered graph against what really happened.\n\n${AUTH_NOTE}\n\n${REQUESTS_NOTE}`,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: components.schemas,
      parameters: { Bookmark: BOOKMARK_PARAMETER },
      headers: { Bookmark: BOOKMARK_RESPONSE_HEADER },
      securitySchemes: securitySchemes(auth),
    },
  };
}

const BOOKMARK_REF = { $ref: '#/components/parameters/Bookmark' };

function responseOf(response: RouteResponse, components: JsonSchemaComponents, fallback: string): JsonObject {
  const content: JsonObject = {};
  if (response.schema) content[response.contentType ?? 'application/json'] = { schema: components.ref(response.schema, 'output', fallback) };
  else if (response.contentType) content[response.contentType] = { schema: { type: 'string' } };
  for (const alt of response.alternatives ?? []) {
    content[alt.contentType] = { schema: alt.schema ? components.ref(alt.schema, 'output', `${fallback}${alt.contentType.replace(/\W+/g, '')}`) : alt.contentType.endsWith('json') ? { type: 'object' } : { type: 'string' } };
  }
  return { description: response.description, ...(Object.keys(content).length > 0 ? { content } : {}) };
}

/**
 * The error answers that come from the route's shape rather than its handler: bad input and a bad X-Bookmark (400),
 * credentials and roles (401, 403, and 403 for a Host not allowed on every operation), bodies
 * (413, 415) and an unreachable store (503). A route's own declaration of a status wins.
 */
function errorAnswers(route: Route, hasPathParams: boolean): Record<number, string> {
  const answers: Record<number, string> = {};
  const takesBody = route.body !== undefined || route.rawBody !== undefined;
  // every operation takes X-Bookmark, so any may answer 400 invalid_bookmark
  answers[400] =
    route.query || hasPathParams || takesBody
      ? 'Invalid request (an X-Bookmark this server never answered included): every bad field is named in details'
      : 'An X-Bookmark this server never answered (invalid_bookmark)';
  const access = accessOf(route.method, route.path);
  if (access.who !== 'public') {
    answers[401] = 'No or bad credentials (token and oidc modes)';
    answers[403] = 'A role this operation does not allow, or a Host not allowed';
  } else {
    answers[403] = 'A Host not allowed';
  }
  if (takesBody) {
    answers[413] = 'The body is larger than the limit (BLAST_RADIUS_BODY_LIMIT)';
    answers[415] = 'The body is not JSON (or YAML where taken), or not UTF-8';
  }
  if (!route.storeless) answers[503] = 'The store is not reachable';
  return answers;
}

const AUTH_NOTE =
  'Authentication (BLAST_RADIUS_AUTH): `none` (loopback only; no credentials, X-Actor names who acts), `token` (Authorization: Bearer with a token from the BLAST_RADIUS_TOKENS file) or `oidc` (a JWT access token from the issuer, for the audience). ' +
  'Each operation lists the roles allowed in `x-roles`; admin may do everything. With authentication on, `by` is the authenticated identity; X-Actor and a body `by` are ignored. 401: no or bad credentials; 403: a role the operation does not allow.';

function securitySchemes(auth: AuthConfig): JsonObject {
  const schemes: JsonObject = { bearer: { type: 'http', scheme: 'bearer', description: 'A token from the BLAST_RADIUS_TOKENS file (token mode) or a JWT access token (oidc mode)' } };
  if (auth.mode === 'oidc' && auth.issuer) schemes.oidc = { type: 'openIdConnect', openIdConnectUrl: `${auth.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration` };
  return schemes;
}

/** `security`, `x-roles` and a Roles line in the description, from server/api/access.ts. */
function securityOf(route: Route, auth: AuthConfig, description: string | undefined): JsonObject {
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

function operationId(route: Route): string {
  const words = route.path
    .replace('/api/v1/', '')
    .split(/[/-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith(':') ? `By${cap(w.slice(1))}` : cap(w)));
  return route.method + words.join('');
}
const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
