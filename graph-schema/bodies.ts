// The bodies a handler reads itself rather than through a route's `body` schema (server/api/route.ts
// `rawBody`): what the OpenAPI document shows for them, each form a schema of its own.
import { z } from 'zod';
import { ObservationsRequest } from './accuracy.js';
import { NodeDocument } from './manifest.js';
import { OtlpTraces } from './otlp.js';

/** POST /graph/validate and /graph/apply as JSON: one manifest document, or an array of them. */
export const ManifestBatch = z
  .xor([NodeDocument, z.array(NodeDocument)])
  .meta({ id: 'ManifestBatch', description: 'One manifest document or an array of them; as YAML (application/yaml), the same documents separated by ---' });

/** POST /incidents/{id}/observations: a reached list, or OTLP traces (told apart by `resourceSpans`). */
export const ObservationsBody = z
  .xor([ObservationsRequest, OtlpTraces])
  .meta({ id: 'ObservationsBody', description: 'A reached list, or OTLP JSON trace data (a body with resourceSpans is read as OTLP)' });
