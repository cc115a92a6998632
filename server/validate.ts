// Schema validation for every layer: the API checks requests with it, the services check what
// they read themselves (an observations body that is not OTLP). A failure is a domain error of
// kind `invalid` naming every bad field; the API maps it to 400 once (server/api/app.ts).
import type { z } from 'zod';
import { invalid } from './errors.js';
import { issuePath } from './manifest/parse.js';

/** The parsed value, or an `invalid` DomainError with one detail per issue, paths under `prefix`. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => ({ path: issuePath(prefix, i.path), message: i.message }));
  throw invalid(`Invalid ${prefix}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
}
