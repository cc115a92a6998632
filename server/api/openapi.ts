// The OpenAPI 3.1 document, generated from the route declarations and their zod schemas.
import { z } from 'zod';
import type { Route } from './route.js';

type JsonObject = Record<string, unknown>;

export function openApiDocument(routes: Route[], version: string): JsonObject {
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
      description: 'Find every consumer of a bad AI output, decide stop, correct or notify per consumer, and check the registered graph against what really happened.',
    },
    servers: [{ url: '/' }],
    paths,
    components: { schemas },
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
