// Every HTTP body of CONTRACT.md §3–4, requests and answers. The OpenAPI document is generated
// from these schemas, and the web app imports the same types.
import { z } from 'zod';
import { FeedsEdge, Gate, NodeDocument, NodeKind, NodeName } from './manifest.js';

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
export const RevisionQuery = z.object({
  revision: z.coerce.number().int().min(0).optional().meta({ description: 'Read the graph as it was at this revision' }),
  at: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO 8601 date-time' })
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
  })
  .meta({ id: 'Revision' });
export type RevisionRecord = z.infer<typeof RevisionRecord>;
export const RevisionsResponse = z.object({ current: z.number().int(), revisions: z.array(RevisionRecord) }).meta({ id: 'RevisionsResponse' });

export const DeleteResponse = z.object({ revision: z.number().int(), deleted: z.string(), edgesRemoved: z.number().int() }).meta({ id: 'DeleteResponse' });
export type DeleteResponse = z.infer<typeof DeleteResponse>;

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
    maxDepth: z.number().int().nullable(),
    truncated: z.boolean().meta({ description: 'true when maxDepth cut consumers off' }),
    cut: z.number().int().meta({ description: 'How many consumers lie beyond maxDepth' }),
    consumers: z.array(Consumer),
    edges: z.array(FeedsEdge),
  })
  .meta({ id: 'BlastRadius' });
export type BlastRadius = z.infer<typeof BlastRadius>;

export const BlastRadiusQuery = RevisionQuery.extend({
  maxDepth: z.coerce.number().int().min(0).max(10000).optional(),
});

// ---------- incidents (§3) ----------
export const FailureMode = z.enum([
  'hallucination',
  'tool-routing-error',
  'authorization-misuse',
  'instruction-following-failure',
  'reasoning-drift',
]);
export type FailureMode = z.infer<typeof FailureMode>;
export const IncidentStatus = z.enum(['open', 'contained', 'resolved']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

const IsoDateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO 8601 date-time' });

/** Who acts: the X-Actor header says it; a body's `by` is read only when the header is absent. */
export const ActorField = z.string().min(1).max(200).optional().meta({ description: 'Who acts, when the request carries no X-Actor header' });

export const OpenIncidentRequest = z
  .object({
    title: z.string().min(1).max(300),
    source: NodeName,
    failureMode: FailureMode,
    outputRef: z.string().min(1).max(500).optional(),
    detectedAt: IsoDateTime.optional(),
    by: ActorField,
  })
  .strict()
  .meta({ id: 'OpenIncidentRequest' });
export type OpenIncidentRequest = z.infer<typeof OpenIncidentRequest>;

export const Decision = z
  .object({
    name: z.string(),
    action: Action,
    note: z.string().optional(),
    version: z.number().int(),
    by: z.string(),
    at: z.string(),
  })
  .meta({ id: 'Decision' });
export type Decision = z.infer<typeof Decision>;

export const DecisionRequest = z
  .object({
    action: Action,
    note: z.string().max(4000).optional(),
    expectedVersion: z.number().int().min(0).optional().meta({ description: '0 means: no decision yet' }),
    by: ActorField,
  })
  .strict()
  .meta({ id: 'DecisionRequest' });
export type DecisionRequest = z.infer<typeof DecisionRequest>;

export const HistoryEntry = z
  .object({
    seq: z.number().int(),
    name: z.string(),
    action: Action,
    previousAction: Action.nullable(),
    note: z.string().optional(),
    version: z.number().int(),
    by: z.string(),
    at: z.string(),
  })
  .meta({ id: 'HistoryEntry' });
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const StatusChange = z.object({ status: IncidentStatus, previous: IncidentStatus, by: z.string(), at: z.string(), note: z.string().optional() });
export type StatusChange = z.infer<typeof StatusChange>;

/** What a store keeps of an incident: the request, when, by whom, and the frozen radius. */
export const IncidentRecord = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  failureMode: FailureMode,
  outputRef: z.string().optional(),
  detectedAt: z.string(),
  openedAt: z.string(),
  openedBy: z.string(),
  status: IncidentStatus,
  revision: z.number().int(),
  blastRadius: BlastRadius,
});
export type IncidentRecord = z.infer<typeof IncidentRecord>;

export const IncidentConsumer = Consumer.extend({
  decision: Decision.nullable(),
  estimatedArrival: z.string().nullable().meta({ description: 'detectedAt + arrivalSeconds' }),
  exposed: z.boolean().meta({ description: 'still in the remaining exposure' }),
});
export type IncidentConsumer = z.infer<typeof IncidentConsumer>;

export const Progress = z.object({
  total: z.number().int(),
  stop: z.number().int(),
  correct: z.number().int(),
  notify: z.number().int(),
  undecided: z.number().int(),
  surfacesExposed: z.number().int(),
});
export type Progress = z.infer<typeof Progress>;

export const ExposedConsumer = z.object({ name: z.string(), kind: NodeKind, depth: z.number().int() });

export const Incident = IncidentRecord.extend({
  consumers: z.array(IncidentConsumer),
  remainingExposure: z.array(ExposedConsumer),
  progress: Progress,
  statusHistory: z.array(StatusChange),
}).meta({ id: 'Incident' });
export type Incident = z.infer<typeof Incident>;

export const IncidentSummary = IncidentRecord.omit({ blastRadius: true })
  .extend({ progress: Progress })
  .meta({ id: 'IncidentSummary' });
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const StatusRequest = z.object({ status: IncidentStatus, note: z.string().max(4000).optional(), by: ActorField }).strict();

export const ContainmentStep = z.object({
  name: z.string(),
  kind: NodeKind,
  action: z.literal('stop'),
  reason: z.string(),
  protects: z.array(z.string()).meta({ description: 'Surfaces that this stop helps cut off' }),
});
export const ContainmentPlan = z
  .object({
    incident: z.string(),
    stops: z.array(ContainmentStep),
    exposedSurfacesBefore: z.array(z.string()),
    feasible: z.boolean().meta({ description: 'false when a Surface is fed directly by the source, so no stop can protect it' }),
    unprotectable: z.array(z.string()),
  })
  .meta({ id: 'ContainmentPlan' });
export type ContainmentPlan = z.infer<typeof ContainmentPlan>;

// ---------- observations and accuracy (§3) ----------
export const ReachedEntry = z
  .object({
    name: z.string().min(1).max(200),
    from: z.string().min(1).max(200).optional(),
    at: IsoDateTime.optional(),
    evidence: z.string().max(4000).optional(),
  })
  .strict();
export type ReachedEntry = z.infer<typeof ReachedEntry>;
export const ObservationsRequest = z.object({ reached: z.array(ReachedEntry) }).strict().meta({ id: 'ObservationsRequest' });

/** One observation as stored: names already resolved to registered nodes where they match. */
export const Observation = z.object({
  name: z.string(),
  from: z.string().optional(),
  at: z.string().optional(),
  evidence: z.string().optional(),
  via: z.enum(['reached', 'otlp']),
  recordedAt: z.string(),
  /** false when the name matched no registered node or alias: kept, and reported as unmatched. */
  matched: z.boolean().optional(),
});
export type Observation = z.infer<typeof Observation>;

export const EdgeStatus = z.enum(['fired', 'silent', 'unobserved']);
export const Accuracy = z
  .object({
    incident: z.string(),
    predicted: z.array(z.string()),
    observed: z.array(z.string()),
    truePositives: z.array(z.string()),
    falsePositives: z.array(z.string()),
    falseNegatives: z.array(z.string()),
    precision: z.number().nullable(),
    recall: z.number().nullable(),
    missingEdges: z.array(z.object({ from: z.string(), to: z.string() })),
    edges: z.array(z.object({ from: z.string(), to: z.string(), gate: Gate, status: EdgeStatus })),
    unmatched: z.array(z.string()),
  })
  .meta({ id: 'Accuracy' });
export type Accuracy = z.infer<typeof Accuracy>;

export const Hop = z.object({ from: z.string(), to: z.string() });

/** What POST .../observations answers: what was recorded, and what matched nothing. */
export const ObservationsResult = z
  .object({
    incident: z.string(),
    recorded: z.number().int(),
    reached: z.array(z.object({ name: z.string(), from: z.string().optional(), at: z.string().optional(), evidence: z.string().optional() })),
    hops: z.array(Hop),
    unmatched: z.array(z.string()).meta({ description: 'Names that match no registered name or alias: recorded, never dropped' }),
    spans: z.number().int().optional(),
  })
  .meta({ id: 'ObservationsResult' });
export type ObservationsResult = z.infer<typeof ObservationsResult>;

export const ScorecardRow = z.object({
  incidentId: z.string(),
  title: z.string(),
  openedAt: z.string(),
  hasObservations: z.boolean(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  truePositives: z.number().int(),
  falsePositives: z.number().int(),
  falseNegatives: z.number().int(),
  missingEdges: z.number().int(),
});
export type ScorecardRow = z.infer<typeof ScorecardRow>;
const TrendPoint = z.object({ incidentId: z.string(), openedAt: z.string(), recall: z.number() });
export const Scorecard = z
  .object({
    incidents: z.array(ScorecardRow),
    overall: z.object({
      incidents: z.number().int(),
      truePositives: z.number().int(),
      falsePositives: z.number().int(),
      falseNegatives: z.number().int(),
      precision: z.number().nullable(),
      recall: z.number().nullable(),
    }),
    trend: z.object({ first: TrendPoint, latest: TrendPoint, change: z.number(), direction: z.enum(['up', 'down', 'flat']) }).nullable(),
  })
  .meta({ id: 'Scorecard' });
export type Scorecard = z.infer<typeof Scorecard>;

export const DriftReport = z
  .object({
    missingEdges: z.array(Hop.extend({ count: z.number().int() })).meta({ description: 'Observed hops the registry lacks' }),
    unseenEdges: z.array(Hop).meta({ description: 'Registered edges among traced nodes never observed' }),
  })
  .meta({ id: 'DriftReport' });
export type DriftReport = z.infer<typeof DriftReport>;
