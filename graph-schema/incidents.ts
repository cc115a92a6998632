// The incident bodies of CONTRACT.md §3 and §5–§7: records, consumers in time, decisions,
// the containment plan, the log, communications.
import { z } from 'zod';
import { Observation } from './accuracy.js';
import { FeedsEdge, NodeKind, NodeName } from './manifest.js';
import { Action, Consumer, IsoDateTime } from './api.js';

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
