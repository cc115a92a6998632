// The one interface both stores implement. Every method is atomic: it writes all or nothing.
// What both stores must answer alike is pinned down by test/contract/store-contract.ts.
import type {
  ApplyResponse,
  BlastRadius,
  DeleteResponse,
  HistoryEntry,
  IncidentRecord,
  NodeDocument,
  Observation,
  RevisionRecord,
  StatusChange,
  Action,
  Decision,
} from '../../graph-schema/index.js';

export interface WriteMeta {
  /** Who made the change: the X-Actor header, the CLI user, or "demo-seed". */
  by: string;
}

export interface DecisionInput {
  action: Action;
  note?: string;
  /** Refuse with 409 unless the consumer's decision is at this version (0: undecided). */
  expectedVersion?: number;
  by: string;
  at: string;
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
  /** Plans and writes in one transaction; throws ApiError 400 for an unknown `from` (nothing written). */
  apply(batch: NodeDocument[], meta: WriteMeta): Promise<ApplyResponse>;
  /** Dry run of apply: the errors it would raise (unknown `from`), nothing written. */
  checkReferences(batch: NodeDocument[]): Promise<import('../../graph-schema/index.js').ErrorDetail[]>;
  /** Throws ApiError 404 when the node does not exist. */
  deleteNode(name: string, meta: WriteMeta): Promise<DeleteResponse>;
  nodes(revision: number): Promise<NodeDocument[]>;
  node(name: string, revision: number): Promise<NodeDocument | undefined>;
  revisions(): Promise<RevisionRecord[]>;
  /** Throws ApiError 404 when the source is not registered at that revision. */
  blastRadius(source: string, options: { revision: number; maxDepth?: number }): Promise<BlastRadius>;
  size(): Promise<GraphSize>;

  // ---- incidents ----
  createIncident(record: IncidentRecord): Promise<void>;
  incident(id: string): Promise<IncidentRecord | undefined>;
  incidents(): Promise<IncidentRecord[]>;
  /** Appends to the history; throws ApiError 409 when expectedVersion is stale. */
  decide(id: string, name: string, input: DecisionInput): Promise<Decision>;
  history(id: string): Promise<HistoryEntry[]>;
  setStatus(id: string, change: StatusChange): Promise<void>;
  statusHistory(id: string): Promise<StatusChange[]>;
  addObservations(id: string, observations: Observation[]): Promise<void>;
  observations(id: string): Promise<Observation[]>;
}

/** The latest decision per consumer, from the append-only history. */
export function currentDecisions(history: HistoryEntry[]): Map<string, Decision> {
  const decisions = new Map<string, Decision>();
  for (const h of history) {
    const d: Decision = { name: h.name, action: h.action, version: h.version, by: h.by, at: h.at };
    if (h.note !== undefined) d.note = h.note;
    decisions.set(h.name, d);
  }
  return decisions;
}
