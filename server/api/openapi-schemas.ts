// zod schemas → OpenAPI components, through zod's public z.toJSONSchema (one schema at a time).
// A schema named with .meta({id}) becomes the component of that name wherever it is used. A
// request body is converted in its input form (a field with a default is optional there), an
// answer in its output form; where the two differ, the input form is its own component,
// `<id>Input`, so neither lies about the other.
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

export type JsonObject = Record<string, unknown>;
type Io = 'input' | 'output';

const DEFS = '#/$defs/';
const componentRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const toJson = (schema: z.ZodType, io: Io) => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonObject & { $defs?: Record<string, JsonObject> };

export class JsonSchemaComponents {
  readonly schemas: Record<string, JsonObject> = {};

  /** A $ref to the schema as a component: its id, else `fallback`. */
  ref(schema: z.ZodType, io: Io, fallback: string): JsonObject {
    const json = this.convert(schema, io, fallback);
    if (Object.keys(json).length === 1 && typeof json.$ref === 'string') return json;
    this.put(fallback, json);
    return componentRef(fallback);
  }

  /** The schema itself, its named parts as component $refs (for query parameters). */
  inline(schema: z.ZodType, io: Io, fallback: string): JsonObject {
    return this.convert(schema, io, fallback);
  }

  private convert(schema: z.ZodType, io: Io, fallback: string): JsonObject {
    const { $schema: _schema, $defs = {}, ...root } = toJson(schema, io);
    const names = this.namesOf(schema, io, $defs, fallback);
    for (const [key, def] of Object.entries($defs)) this.put(names.get(key)!, rewrite(def, names) as JsonObject);
    return rewrite(root, names) as JsonObject;
  }

  /** Each definition's component name: its id, `<id>Input` where the input form differs from the output form. */
  private namesOf(schema: z.ZodType, io: Io, defs: Record<string, JsonObject>, fallback: string): Map<string, string> {
    const named = (key: string) => (key.startsWith('__') ? `${fallback}${key.replace(/^_+/, '')}` : key);
    const names = new Map<string, string>();
    if (io === 'output') {
      for (const key of Object.keys(defs)) names.set(key, named(key));
      return names;
    }
    const outputDefs = toJson(schema, 'output').$defs ?? {};
    const differs = new Set(Object.keys(defs).filter((key) => !isDeepStrictEqual(defs[key], outputDefs[key])));
    // a definition that refers to one whose input form differs differs too
    for (let grew = true; grew; ) {
      grew = false;
      for (const [key, def] of Object.entries(defs)) {
        if (differs.has(key) || !refsOf(def).some((r) => differs.has(r))) continue;
        differs.add(key);
        grew = true;
      }
    }
    for (const key of Object.keys(defs)) names.set(key, differs.has(key) ? `${named(key)}Input` : named(key));
    return names;
  }

  private put(name: string, schema: JsonObject): void {
    const known = this.schemas[name];
    if (known !== undefined && !isDeepStrictEqual(known, schema)) throw new Error(`Two different schemas are both named ${name} in the OpenAPI document`);
    this.schemas[name] = schema;
  }
}

function refsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' && v.startsWith(DEFS) ? [v.slice(DEFS.length)] : refsOf(v)));
}

/** `#/$defs/X` → `#/components/schemas/<name of X>`; a reference to the root itself is not supported. */
function rewrite(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, names));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (k !== '$ref' || typeof v !== 'string') return [k, rewrite(v, names)];
      if (!v.startsWith(DEFS)) throw new Error(`A schema refers to ${v}: give the recursive schema an id`);
      return [k, componentRef(names.get(v.slice(DEFS.length))!).$ref];
    }),
  );
}
