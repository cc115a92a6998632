// The one interface both stores implement. Every method is atomic: it writes all or nothing.
// What both stores must answer alike is pinned down by test/contract/store-contract.ts.
import type {
  ApplyResponse,
  BlastRadius,
  DeleteResponse,
  Communication,
  IncidentRecord,
  LogEntry,
  Neighbourhood,
  NodeDocument,
  Observation,
  RevisionRecord,
  StatusChange,
} from '../../graph-schema/index.js';
import type { RadiusModel } from '../analysis/blast-radius.js';
import type { DecisionInput } from '../analysis/incident-log.js';
import type { ChainCheck } from './hash-chain.js';

export type { DecisionInput };

export interface WriteMeta {
  /** Who made the change: the X-Actor header, the CLI user, or "demo-seed". */
  by: string;
}

export interface GraphSize {
  nodes: number;
  edges: number;
}

export interface GraphStore {
  readonly kind: 'embedded' | 'neo4j';
  init(): Promise<void>;
  close(): Promise<void>;
  /** Throws when the store cannot answer (readiness). */
  ping(): Promise<void>;

  // ---- registry ----
  currentRevision(): Promise<number>;
  /** The revision current at time `at` (0, the empty graph, before the first apply). */
  revisionAt(at: Date): Promise<number>;
  /** Plans and writes in one transaction; throws invalid for an unknown `from` (nothing written). */
  apply(batch: NodeDocument[], meta: WriteMeta): Promise<ApplyResponse>;
  /** Dry run of apply: the errors it would raise (unknown `from`), nothing written. */
  checkReferences(batch: NodeDocument[]): Promise<import('../../graph-schema/index.js').ErrorDetail[]>;
  /** Throws not found when the node does not exist. */
  deleteNode(name: string, meta: WriteMeta): Promise<DeleteResponse>;
  nodes(revision: number): Promise<NodeDocument[]>;
  node(name: string, revision: number): Promise<NodeDocument | undefined>;
  revisions(): Promise<RevisionRecord[]>;
  /** Throws not found when the source is not registered at that revision. */
  blastRadius(source: string, options: { revision: number; maxDepth?: number; actionClasses?: string[] | null }): Promise<BlastRadius>;
  /** The radius with its arrays for the incident engine, and without its edge objects (`radius.edges` empty). */
  radiusModel(source: string, options: { revision: number; actionClasses?: string[] | null }): Promise<RadiusModel>;
  /** One node's direct producers and consumers at a revision, at most `limit` (default 200) a side by name, with exact totals; throws not found when the node is not registered then. */
  neighbours(name: string, revision: number, limit?: number): Promise<Neighbourhood>;
  size(): Promise<GraphSize>;

  // ---- incidents: a record and an append-only log (decisions, status, observations, communications) ----
  /** Throws a conflict when the id exists. */
  createIncident(record: IncidentRecord): Promise<void>;
  incident(id: string): Promise<IncidentRecord | undefined>;
  /** Every incident's record, without reading any radius. */
  incidents(): Promise<IncidentRecord[]>;
  /** The log entries after `afterSeq`, in order; throws not found for an unknown incident. */
  log(id: string, afterSeq?: number): Promise<LogEntry[]>;
  /** The last seq of the incident's log (0 when empty): one cheap read to see whether anything changed. */
  lastSeq(id: string): Promise<number>;
  /** Appends the decisions as one atomic write (see planDecisions); a stale expectedVersion anywhere writes nothing. */
  decide(id: string, inputs: DecisionInput[]): Promise<LogEntry[]>;
  setStatus(id: string, change: StatusChange): Promise<LogEntry>;
  addObservations(id: string, observations: Observation[]): Promise<LogEntry>;
  addCommunication(id: string, communication: Omit<Communication, 'seq'>): Promise<LogEntry>;
  /** Recomputes the hash chains of the revisions and of every incident log (§9). */
  verifyAudit(): Promise<ChainCheck>;
  /** The verdict of the check started at init (writes are refused when it fails). */
  startupCheck?(): Promise<ChainCheck | undefined>;
}
