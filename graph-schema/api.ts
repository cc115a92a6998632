// Every HTTP body of CONTRACT.md §3–4, requests and answers. The OpenAPI document is generated
// from these schemas, and the web app imports the same types.
import { z } from 'zod';
import { Channel, FeedsEdge, Gate, Mode, NodeDocument, NodeKind, NodeName } from './manifest.js';

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

/** An ISO 8601 date-time with its zone (`Date.parse` alone takes "1" as the year 2001). */
export const IsoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone, e.g. 2026-12-01T02:41:00Z' });

/** Who acts: the X-Actor header says it; a body's `by` is read only when the header is absent. */
export const ActorField = z.string().min(1).max(200).optional().meta({ description: 'Who acts, when the request carries no X-Actor header (ignored with authentication on)' });

const ActionClassList = z.array(z.string().min(1).max(100)).min(1).max(100);

export const OpenIncidentRequest = z
  .object({
    title: z.string().min(1).max(300),
    source: NodeName,
    failureMode: FailureMode,
    outputRef: z.string().min(1).max(500).optional(),
    outputAt: IsoDateTime.optional().meta({ description: 'When the bad output was first produced (default detectedAt; not after it)' }),
    detectedAt: IsoDateTime.optional().meta({ description: 'When the team became aware (default now; at most 5 minutes ahead of the server clock)' }),
    actionClasses: ActionClassList.optional().meta({ description: "The source's broken action classes (default: all of it)" }),
    by: ActorField,
  })
  .strict()
  .meta({ id: 'OpenIncidentRequest' });
export type OpenIncidentRequest = z.infer<typeof OpenIncidentRequest>;

/** What a decision may say: `clear` takes a consumer (or the source) back to undecided. */
export const DecisionAction = z.enum(['stop', 'correct', 'notify', 'clear']);
export type DecisionAction = z.infer<typeof DecisionAction>;

/** A decision in force: never `clear` (a cleared consumer has none). */
export const Decision = z
  .object({
    name: z.string(),
    action: Action,
    note: z.string().optional(),
    version: z.number().int().meta({ description: '+1 per change of this name, clears included' }),
    by: z.string(),
    at: z.string().meta({ description: 'When it was recorded (UTC)' }),
    effectiveAt: z.string().meta({ description: 'When it took effect (default at)' }),
    actionClasses: z.array(z.string()).optional().meta({ description: 'A partial stop: only these action classes are paused' }),
  })
  .meta({ id: 'Decision' });
export type Decision = z.infer<typeof Decision>;

const DecisionFields = {
  action: DecisionAction,
  note: z.string().max(4000).optional(),
  effectiveAt: IsoDateTime.optional().meta({ description: 'When it took effect (default now; not more than 5 minutes ahead)' }),
  actionClasses: ActionClassList.optional().meta({ description: "Only with stop on an Agent: pause only these of its declared action classes" }),
  by: ActorField,
};

export const DecisionRequest = z
  .object({ ...DecisionFields, expectedVersion: z.number().int().min(0).optional().meta({ description: '0 means: no decision yet' }) })
  .strict()
  .meta({ id: 'DecisionRequest' });
export type DecisionRequest = z.infer<typeof DecisionRequest>;

export const BulkDecisionRequest = z
  .object({
    ...DecisionFields,
    names: z.array(NodeName).min(1).max(100_000),
    expectedVersions: z
      .record(z.string(), z.number().int().min(0))
      .optional()
      .meta({ description: 'Per name, the version the caller saw (0: undecided); any mismatch refuses the whole write' }),
  })
  .strict()
  .meta({ id: 'BulkDecisionRequest' });
export type BulkDecisionRequest = z.infer<typeof BulkDecisionRequest>;

export const HistoryEntry = z
  .object({
    seq: z.number().int().meta({ description: "Position in the incident's log (shared with status, observations and communications)" }),
    batch: z.number().int().optional().meta({ description: 'Decisions written by one bulk call share the seq of its first entry here' }),
    name: z.string(),
    action: DecisionAction,
    previousAction: Action.nullable(),
    note: z.string().optional(),
    version: z.number().int(),
    by: z.string(),
    at: z.string(),
    effectiveAt: z.string(),
    actionClasses: z.array(z.string()).optional(),
    hash: z.string().optional().meta({ description: 'SHA-256 chain over the previous log entry (§9)' }),
  })
  .meta({ id: 'HistoryEntry' });
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const StatusChange = z.object({ status: IncidentStatus, previous: IncidentStatus, by: z.string(), at: z.string(), note: z.string().optional() });
export type StatusChange = z.infer<typeof StatusChange>;

/**
 * What a store keeps of an incident: the request, when and by whom. Never a copy of the radius,
 * which the revision, source and action classes determine.
 */
export const IncidentRecord = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  sourceKind: NodeKind,
  failureMode: FailureMode,
  outputRef: z.string().optional(),
  outputAt: z.string(),
  detectedAt: z.string(),
  openedAt: z.string(),
  openedBy: z.string(),
  status: IncidentStatus,
  revision: z.number().int(),
  actionClasses: z.array(z.string()).nullable(),
  /** Counted once at opening (the radius never changes), so the list reads no radius. */
  size: z.object({ consumers: z.number().int(), surfaces: z.number().int(), edges: z.number().int() }),
});
export type IncidentRecord = z.infer<typeof IncidentRecord>;

export const Reached = z.union([z.literal('observed'), z.literal('estimated'), z.literal(false)]);
export type Reached = z.infer<typeof Reached>;

export const IncidentConsumer = Consumer.extend({
  decision: Decision.nullable(),
  version: z.number().int().meta({ description: 'The version of its decision (0: never decided): send it as expectedVersion' }),
  arrival: z.string().nullable().meta({ description: 'When the output produced at outputAt reaches it, given the stops; null: never (held)' }),
  reached: Reached.meta({ description: '"observed" (an observation names it), "estimated" (arrival <= asOf) or false' }),
  held: z.boolean().meta({ description: 'A stop in force holds the output back from it: arrival null' }),
  exposed: z.boolean().meta({ description: 'Future bad outputs still get here: not stopped in full, and a path no stop blocks' }),
  needsDecision: z.boolean().meta({ description: '(reached or exposed) and undecided' }),
  lateStop: z.boolean().meta({ description: 'Stopped now, but the output reached it first' }),
});
export type IncidentConsumer = z.infer<typeof IncidentConsumer>;

export const Progress = z.object({
  total: z.number().int(),
  stop: z.number().int(),
  correct: z.number().int(),
  notify: z.number().int(),
  undecided: z.number().int(),
  surfacesExposed: z.number().int().optional().meta({ description: 'Absent in the incident list, which reads no radius' }),
});
export type Progress = z.infer<typeof Progress>;

export const IncidentSummaryCounts = z
  .object({
    asOf: z.string(),
    total: z.number().int(),
    undecided: z.number().int(),
    stop: z.number().int(),
    correct: z.number().int(),
    notify: z.number().int(),
    exposed: z.number().int(),
    reached: z.number().int(),
    observed: z.number().int(),
    held: z.number().int(),
    needsDecision: z.number().int(),
    surfacesExposed: z.number().int(),
    surfacesReached: z.number().int(),
    surfacesPending: z.number().int().meta({ description: 'Surfaces the travelling output has not reached yet, but will' }),
    firstSurfaceArrival: z.string().nullable(),
    nextSurfaceArrival: z.string().nullable().meta({ description: 'The earliest arrival at a Surface after asOf' }),
    source: Decision.nullable().meta({ description: "The source's decision: a stop here ends exposure" }),
  })
  .meta({ id: 'IncidentSummaryCounts' });
export type IncidentSummaryCounts = z.infer<typeof IncidentSummaryCounts>;

export const ExposedConsumer = z.object({ name: z.string(), kind: NodeKind, depth: z.number().int() });

export const Clock = z.object({
  regime: z.string(),
  name: z.string(),
  due: z.string(),
  triggeredBy: z.array(z.string()),
  status: z.enum(['pending', 'overdue', 'filed']),
});
export type Clock = z.infer<typeof Clock>;

/** The incident header: everything but its consumers (`?consumers=false`). */
export const IncidentHeader = IncidentRecord.extend({
  asOf: z.string(),
  sourceActionClasses: z.array(z.string()).meta({ description: "The source's declared action classes" }),
  summary: IncidentSummaryCounts,
  progress: Progress,
  statusHistory: z.array(StatusChange),
  clocks: z.array(Clock),
  lastSeq: z.number().int().meta({ description: "The incident log's last sequence number (the id of its last event)" }),
}).meta({ id: 'IncidentHeader' });
export type IncidentHeader = z.infer<typeof IncidentHeader>;

export const Incident = IncidentHeader.extend({
  consumers: z.array(IncidentConsumer),
  remainingExposure: z.array(ExposedConsumer),
}).meta({ id: 'Incident' });
export type Incident = z.infer<typeof Incident>;

export const IncidentSummary = IncidentRecord.extend({ progress: Progress, lastSeq: z.number().int() }).meta({ id: 'IncidentSummary' });
export type IncidentSummary = z.infer<typeof IncidentSummary>;
export const IncidentsResponse = z.object({ incidents: z.array(IncidentSummary) }).meta({ id: 'IncidentsResponse' });
export type IncidentsResponse = z.infer<typeof IncidentsResponse>;
export const HistoryResponse = z.object({ history: z.array(HistoryEntry) }).meta({ id: 'HistoryResponse' });
export type HistoryResponse = z.infer<typeof HistoryResponse>;

export const IncidentQuery = z.object({
  consumers: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  asOf: IsoDateTime.optional().meta({ description: 'Read the incident as it stood then: decisions recorded after it are ignored' }),
});

const Cursor = z.string().max(200).optional().meta({ description: 'nextCursor of the previous page' });
const PageLimit = z.coerce.number().int().min(1).max(5000).default(500);
const BoolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ConsumersQuery = z.object({
  reached: z.enum(['true', 'false', 'observed', 'estimated']).optional(),
  exposed: BoolParam.optional(),
  needsDecision: BoolParam.optional(),
  held: BoolParam.optional(),
  kind: NodeKind.optional(),
  decided: z.enum(['true', 'false', 'stop', 'correct', 'notify']).optional(),
  q: z.string().max(200).optional().meta({ description: 'Part of the name, title or owner, case-insensitive' }),
  sort: z.enum(['arrival', 'depth', 'name']).default('arrival'),
  limit: PageLimit,
  cursor: Cursor,
  asOf: IsoDateTime.optional(),
});
export type ConsumersQuery = z.infer<typeof ConsumersQuery>;

export const ConsumersPage = z
  .object({ consumers: z.array(IncidentConsumer), total: z.number().int(), nextCursor: z.string().nullable() })
  .meta({ id: 'ConsumersPage' });
export type ConsumersPage = z.infer<typeof ConsumersPage>;

export const EdgesQuery = z.object({ limit: PageLimit, cursor: Cursor });
export const EdgesPage = z
  .object({ edges: z.array(FeedsEdge), total: z.number().int(), nextCursor: z.string().nullable() })
  .meta({ id: 'EdgesPage' });
export type EdgesPage = z.infer<typeof EdgesPage>;

export const DecisionResult = z.object({ decision: Decision.nullable(), entry: HistoryEntry, summary: IncidentSummaryCounts }).meta({ id: 'DecisionResult' });
export type DecisionResult = z.infer<typeof DecisionResult>;
export const BulkDecisionResult = z
  .object({ decisions: z.array(HistoryEntry), summary: IncidentSummaryCounts })
  .meta({ id: 'BulkDecisionResult' });
export type BulkDecisionResult = z.infer<typeof BulkDecisionResult>;

export const StatusRequest = z.object({ status: IncidentStatus, note: z.string().max(4000).optional(), by: ActorField }).strict().meta({ id: 'StatusRequest' });
export type StatusRequest = z.infer<typeof StatusRequest>;

export const ContainmentPrimitive = z.object({ actionClass: z.string(), primitive: z.string(), runbook: z.string().optional() });
export type ContainmentPrimitive = z.infer<typeof ContainmentPrimitive>;

export const SourceStep = z.object({
  name: z.string(),
  kind: NodeKind,
  action: z.literal('stop'),
  actionClasses: z.array(z.string()).nullable().meta({ description: 'The classes to pause; null: stop it in full' }),
  primitives: z.array(ContainmentPrimitive).meta({ description: 'How to pause each class, from the manifest' }),
  missingPrimitives: z.array(z.string()).meta({ description: 'Classes to pause that the manifest gives no primitive for' }),
  done: z.boolean().meta({ description: 'The source is already stopped this way (or more)' }),
  reason: z.string(),
});
export type SourceStep = z.infer<typeof SourceStep>;

export const ContainmentStep = z.object({
  name: z.string(),
  kind: NodeKind,
  action: z.literal('stop'),
  reason: z.string(),
  protects: z.array(z.string()).meta({ description: 'The pending Surfaces this stop saves' }),
});
export const ContainmentPlan = z
  .object({
    incident: z.string(),
    asOf: z.string(),
    source: SourceStep,
    stops: z.array(ContainmentStep),
    pendingSurfaces: z.array(z.string()).meta({ description: 'Surfaces the travelling output will reach (arrival > asOf)' }),
    unprotectable: z.array(z.string()).meta({ description: 'Pending Surfaces no stop can save: a reached node feeds them, directly or through Surfaces' }),
    toNotify: z.array(z.string()).meta({ description: 'Surfaces already reached' }),
    exposedSurfacesBefore: z.array(z.string()).meta({ description: 'v1: Surfaces exposed before the plan' }),
    feasible: z.boolean().meta({ description: 'false when some pending Surface is unprotectable' }),
  })
  .meta({ id: 'ContainmentPlan' });
export type ContainmentPlan = z.infer<typeof ContainmentPlan>;

export const ApplyContainmentRequest = z
  .object({
    note: z.string().max(4000).optional(),
    includeSource: z.boolean().default(false).meta({ description: "Also stop the source's broken action classes" }),
    by: ActorField,
  })
  .strict()
  .default({ includeSource: false });
/** What a client sends: includeSource, and the body itself, may be left out (the output form fills them in). */
export type ApplyContainmentRequest = z.input<typeof ApplyContainmentRequest>;
export const ApplyContainmentResult = z
  .object({ plan: ContainmentPlan, applied: z.array(HistoryEntry), summary: IncidentSummaryCounts })
  .meta({ id: 'ApplyContainmentResult' });
export type ApplyContainmentResult = z.infer<typeof ApplyContainmentResult>;

/** One entry of an incident's append-only log: what the live events stream carries, by seq. */
export const LogEntry = z.discriminatedUnion('type', [
  z.object({ seq: z.number().int(), type: z.literal('decision'), entry: HistoryEntry, hash: z.string().optional() }),
  z.object({ seq: z.number().int(), type: z.literal('status'), change: StatusChange, hash: z.string().optional() }),
  z.object({ seq: z.number().int(), type: z.literal('observations'), list: z.array(z.lazy(() => Observation)), hash: z.string().optional() }),
  z.object({ seq: z.number().int(), type: z.literal('communication'), communication: z.lazy(() => Communication), hash: z.string().optional() }),
]);
export type LogEntry = z.infer<typeof LogEntry>;

export const Audience = z.enum(['customer', 'counterparty', 'regulator', 'public', 'internal', 'board']);
export type Audience = z.infer<typeof Audience>;

export const CommunicationRequest = z
  .object({
    audience: Audience,
    channel: z.string().min(1).max(100),
    to: z.string().min(1).max(500).optional(),
    summary: z.string().min(1).max(4000),
    sentAt: IsoDateTime.optional(),
    regime: z.string().min(1).max(100).optional(),
    clock: z.string().min(1).max(200).optional(),
    ref: z.string().min(1).max(500).optional(),
    by: ActorField,
  })
  .strict()
  .meta({ id: 'CommunicationRequest' });
export type CommunicationRequest = z.infer<typeof CommunicationRequest>;
export const Communication = CommunicationRequest.omit({ by: true })
  .extend({ seq: z.number().int(), sentAt: z.string(), by: z.string(), recordedAt: z.string() })
  .meta({ id: 'Communication' });
export type Communication = z.infer<typeof Communication>;
export const CommunicationsResponse = z.object({ communications: z.array(Communication) }).meta({ id: 'CommunicationsResponse' });
export type CommunicationsResponse = z.infer<typeof CommunicationsResponse>;

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
export type ObservationsRequest = z.infer<typeof ObservationsRequest>;

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

export const Unexplained = z
  .object({
    name: z.string(),
    at: z.string().optional().meta({ description: 'When it was observed' }),
    arrival: z.string().nullable().meta({ description: 'The earliest arrival the graph and the stops allow; null: none' }),
    reason: z.enum(['stop-not-held', 'missing-edge', 'earlier-than-possible', 'not-in-radius']),
    stop: z.object({ name: z.string(), effectiveAt: z.string(), actionClasses: z.array(z.string()).optional() }).optional().meta({ description: 'The stop that should have held it' }),
    edge: z.object({ from: z.string(), to: z.string() }).optional().meta({ description: 'The observed hop the registry lacks' }),
  })
  .meta({ id: 'Unexplained' });
export type Unexplained = z.infer<typeof Unexplained>;

export const EdgeStatus = z.enum(['fired', 'silent', 'unobserved']);
export const Accuracy = z
  .object({
    incident: z.string(),
    predicted: z.array(z.string()),
    observed: z.array(z.string()),
    truePositives: z.array(z.string()),
    falsePositives: z.array(z.string()),
    falseNegatives: z.array(z.string()),
    contained: z.array(z.string()).meta({ description: 'Predicted, never observed, and held by a stop (no arrival): the containment worked' }),
    unexplained: z.array(Unexplained).meta({ description: 'Observed although the graph and the stops give no arrival at or before the observed time' }),
    precision: z.number().nullable(),
    recall: z.number().nullable(),
    missingEdges: z.array(z.object({ from: z.string(), to: z.string() })),
    edges: z.array(z.object({ from: z.string(), to: z.string(), gate: Gate, status: EdgeStatus })),
    unmatched: z.array(z.string()),
  })
  .meta({ id: 'Accuracy' });
export type Accuracy = z.infer<typeof Accuracy>;

/** An observed hop: an output seen going from one node to another (from OTLP parentage or a reached entry's `from`). */
export const Hop = z.object({ from: z.string(), to: z.string() });
export type Hop = z.infer<typeof Hop>;

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
/** What POST /drift answers: the report, and what the traces held. */
export const DriftResult = DriftReport.extend({
  unmatched: z.array(z.string()).meta({ description: 'Names in the traces that match no registered name or alias' }),
  spans: z.number().int().meta({ description: 'How many spans were read' }),
}).meta({ id: 'DriftResult' });
export type DriftResult = z.infer<typeof DriftResult>;

// ---------- audit (§9) ----------
export const AuditResult = z
  .object({
    ok: z.boolean(),
    entries: z.number().int().meta({ description: 'Revisions and incident log entries checked' }),
    firstBad: z.string().nullable().meta({ description: 'The first entry whose hash does not verify, e.g. "revision 12" or "incident inc-… seq 4"' }),
  })
  .meta({ id: 'AuditResult' });
export type AuditResult = z.infer<typeof AuditResult>;

// ---------- auth (§9) ----------
export const AuthMode = z.enum(['none', 'token', 'oidc']);
export type AuthMode = z.infer<typeof AuthMode>;
/** What the web UI needs to sign in: GET /api/v1/auth/config. */
export const AuthConfig = z
  .object({
    mode: AuthMode,
    issuer: z.string().optional(),
    clientId: z.string().optional(),
    audience: z.string().optional(),
    scope: z.string().optional().meta({ description: 'The scopes the UI asks for (BLAST_RADIUS_OIDC_SCOPES)' }),
  })
  .meta({ id: 'AuthConfig' });
export type AuthConfig = z.infer<typeof AuthConfig>;
/** GET /api/v1/auth/me: who the credentials name. */
export const Me = z.object({ mode: AuthMode, identity: z.string(), roles: z.array(z.string()) }).meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;
