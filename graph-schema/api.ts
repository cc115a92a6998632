// The HTTP bodies of CONTRACT.md §3–4 for errors, the registry and the blast radius, requests and
// answers; incidents.ts, accuracy.ts and access.ts hold the rest. The OpenAPI document is generated
// from these schemas, and the web app imports the same types.
import { z } from 'zod';
import { Channel, FeedsEdge, Gate, Mode, NodeDocument, NodeKind } from './manifest.js';

// ---------- errors (§4) ----------
export const ErrorDetail = z.object({
  path: z.string().meta({ description: 'Where the problem is, e.g. documents[2].spec.consumes[0].from' }),
  message: z.string(),
  document: z.number().int().optional().meta({ description: 'Index of the document in the batch' }),
  file: z.string().optional(),
});
export type ErrorDetail = z.infer<typeof ErrorDetail>;
export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.array(ErrorDetail) }) })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

// ---------- reading the past ----------
/**
 * A whole number in a query string, as decimal digits only: z.coerce read '' as 0 and took
 * '1e2', '0x10' and '1.5'; those are a 400 naming the field instead.
 */
export const QueryInt = (max: number) =>
  z
    .string()
    .regex(/^\d{1,16}$/, { message: 'must be a whole number in decimal digits (0-9 only)' })
    .transform(Number)
    .pipe(z.number().int().min(0).max(max));

export const RevisionQuery = z.object({
  revision: QueryInt(Number.MAX_SAFE_INTEGER).optional().meta({ description: 'Read the graph as it was at this revision (decimal digits)' }),
  at: z
    .iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone, e.g. 2026-12-01T02:41:00Z' })
    .optional()
    .meta({ description: 'Read the graph as it was at this time (ISO 8601)' }),
});
export type RevisionQuery = z.infer<typeof RevisionQuery>;

// ---------- registry ----------
export const ValidateResponse = z.object({ valid: z.boolean(), errors: z.array(ErrorDetail) }).meta({ id: 'ValidateResponse' });
export type ValidateResponse = z.infer<typeof ValidateResponse>;

export const ApplyResponse = z
  .object({
    revision: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    names: z.object({ created: z.array(z.string()), updated: z.array(z.string()), unchanged: z.array(z.string()) }),
  })
  .meta({ id: 'ApplyResponse' });
export type ApplyResponse = z.infer<typeof ApplyResponse>;

export const NodesResponse = z.object({ revision: z.number().int(), nodes: z.array(NodeDocument) }).meta({ id: 'NodesResponse' });
export type NodesResponse = z.infer<typeof NodesResponse>;

export const RevisionRecord = z
  .object({
    revision: z.number().int(),
    at: z.string(),
    by: z.string(),
    summary: z.string(),
    created: z.array(z.string()),
    updated: z.array(z.string()),
    deleted: z.array(z.string()),
    hash: z.string().optional().meta({ description: 'SHA-256 chain over the previous revision and this one with its documents (§9)' }),
  })
  .meta({ id: 'Revision' });
export type RevisionRecord = z.infer<typeof RevisionRecord>;
export const RevisionsResponse = z.object({ current: z.number().int(), revisions: z.array(RevisionRecord) }).meta({ id: 'RevisionsResponse' });
export type RevisionsResponse = z.infer<typeof RevisionsResponse>;

export const DeleteResponse = z.object({ revision: z.number().int(), deleted: z.string(), edgesRemoved: z.number().int() }).meta({ id: 'DeleteResponse' });
export type DeleteResponse = z.infer<typeof DeleteResponse>;

/** A direct producer or consumer of a node, with the edge between them. */
export const Neighbour = z
  .object({ name: z.string(), kind: NodeKind, owner: z.string(), title: z.string().optional(), gate: Gate, channel: Channel, mode: Mode })
  .meta({ id: 'Neighbour' });
export type Neighbour = z.infer<typeof Neighbour>;
export const NeighboursQuery = RevisionQuery.extend({
  limit: QueryInt(5000).pipe(z.number().int().min(1)).optional().meta({ description: 'At most this many per side, by name (default 200); the totals are exact' }),
});
export const NeighboursResponse = z
  .object({
    revision: z.number().int(),
    name: z.string(),
    kind: NodeKind,
    upstream: z.array(Neighbour).meta({ description: 'Its producers, by name, at most limit' }),
    downstream: z.array(Neighbour).meta({ description: 'Its consumers, by name, at most limit' }),
    upstreamTotal: z.number().int().meta({ description: 'How many producers it has' }),
    downstreamTotal: z.number().int().meta({ description: 'How many consumers it has' }),
  })
  .meta({ id: 'NeighboursResponse' });
export type NeighboursResponse = z.infer<typeof NeighboursResponse>;
/** What a store answers for one node's neighbourhood (the route adds the revision). */
export type Neighbourhood = Omit<NeighboursResponse, 'revision'>;

// ---------- blast radius (§3) ----------
export const Action = z.enum(['stop', 'correct', 'notify']);
export type Action = z.infer<typeof Action>;

export const Consumer = z
  .object({
    name: z.string(),
    kind: NodeKind,
    depth: z.number().int(),
    path: z.array(z.string()),
    exposure: z.enum(['direct', 'gated']),
    suggestedAction: Action,
    owner: z.string(),
    title: z.string().optional(),
    contact: z.string().optional(),
    actionClasses: z.array(z.string()).optional().meta({ description: "An Agent's declared action classes: what a partial stop may pause" }),
    audience: z.string().optional().meta({ description: 'Surfaces: who sees it (customer, counterparty, regulator, public, internal, board)' }),
    regimes: z.array(z.string()).optional().meta({ description: 'The reporting regimes its exposure triggers' }),
    arrivalSeconds: z
      .number()
      .nullable()
      .meta({ description: 'Fastest expected time for the bad output to arrive, summing edge delays (0 where none are declared)' }),
  })
  .meta({ id: 'Consumer' });
export type Consumer = z.infer<typeof Consumer>;


export const BlastRadius = z
  .object({
    source: z.string(),
    sourceKind: NodeKind,
    revision: z.number().int(),
    actionClasses: z
      .array(z.string())
      .nullable()
      .meta({ description: "What broke at the source; null: all of it. Only the source's out-edges carrying one of them, or unclassified, carry the output" }),
    maxDepth: z.number().int().nullable(),
    truncated: z.boolean().meta({ description: 'true when maxDepth cut consumers off' }),
    cut: z.number().int().meta({ description: 'How many consumers lie beyond maxDepth' }),
    consumers: z.array(Consumer),
    edges: z.array(FeedsEdge),
  })
  .meta({ id: 'BlastRadius' });
export type BlastRadius = z.infer<typeof BlastRadius>;

export const BlastRadiusQuery = RevisionQuery.extend({
  maxDepth: QueryInt(10000).optional().meta({ description: 'Stop this many hops from the source (decimal digits, at most 10000)' }),
  actionClasses: z
    .string()
    .max(2000)
    .transform((s) => [...new Set(s.split(',').map((c) => c.trim()).filter(Boolean))].sort())
    .pipe(z.array(z.string().min(1).max(100)).min(1, { message: 'name at least one action class' }))
    .optional()
    .meta({ description: "What broke at the source, comma-separated: only its out-edges carrying one of these, or unclassified, carry the output" }),
});

// ---------- dates ----------
/** A date-time with its zone: Date.parse would take "1" as the year 2001, and a zoneless time as local. */
export const IsoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone, e.g. 2026-12-01T02:41:00Z' });
