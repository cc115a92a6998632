// The default store: the whole registry in memory (graphology for the current revision, every
// node's version list for the past), made durable by an fsync'd journal replayed at start.
// Writes are synchronous from plan to fsync, so two requests can never interleave inside one.
import path from 'node:path';
import type {
  ApplyResponse,
  BlastRadius,
  Decision,
  DeleteResponse,
  ErrorDetail,
  HistoryEntry,
  IncidentRecord,
  NodeDocument,
  Observation,
  RevisionRecord,
  StatusChange,
} from '../../graph-schema/index.js';
import { edgesInto } from '../../graph-schema/index.js';
import { externalReferences, narrowedProducers, planApply, planDelete, revisionSummary, type NodeChange } from '../analysis/apply-plan.js';
import { blastRadiusOf } from '../analysis/blast-radius.js';
import { indexFromGraph, type GraphIndex } from '../analysis/graph-index.js';
import { addEdge, buildGraph, emptyGraph, nodeAttributes, type DependencyGraph } from '../analysis/graph.js';
import { ApiError, conflict, invalid, notFound } from '../errors.js';
import { Journal, lockDataFolder } from './journal.js';
import { currentDecisions, type DecisionInput, type GraphSize, type GraphStore, type WriteMeta } from './types.js';

type Entry =
  | { t: 'revision'; record: RevisionRecord; changes: NodeChange[] }
  | { t: 'incident'; record: IncidentRecord }
  | { t: 'decision'; id: string; entry: HistoryEntry }
  | { t: 'status'; id: string; change: StatusChange }
  | { t: 'observations'; id: string; list: Observation[] };

interface IncidentState {
  record: IncidentRecord;
  history: HistoryEntry[];
  statusHistory: StatusChange[];
  observations: Observation[];
}

interface Version {
  revision: number;
  doc: NodeDocument | null;
}

const HISTORIC_GRAPHS_KEPT = 4;

export class EmbeddedStore implements GraphStore {
  readonly kind = 'embedded' as const;
  private journal: Journal<Entry>;
  private unlock: (() => void) | undefined;
  private versions = new Map<string, Version[]>();
  private revisionLog: RevisionRecord[] = [];
  private docs = new Map<string, NodeDocument>();
  private graph: DependencyGraph = emptyGraph();
  private historic = new Map<number, DependencyGraph>();
  /** Traversal indexes by revision; revisions never change, so an index stays valid. */
  private indexes = new Map<number, GraphIndex>();
  private incidentStates = new Map<string, IncidentState>();

  constructor(readonly dataDir: string) {
    this.journal = new Journal<Entry>(path.join(dataDir, 'journal.jsonl'));
  }

  async init(): Promise<void> {
    this.unlock = lockDataFolder(this.dataDir);
    for (const entry of this.journal.open()) this.replay(entry);
  }

  async close(): Promise<void> {
    this.journal.close();
    this.unlock?.();
    this.unlock = undefined;
  }

  async ping(): Promise<void> {
    if (this.unlock === undefined) throw new Error('embedded store is closed');
  }

  // ---------------- registry ----------------

  async currentRevision(): Promise<number> {
    return this.revisionLog.length;
  }

  async revisionAt(at: Date): Promise<number> {
    const t = at.getTime();
    let lo = 0;
    let hi = this.revisionLog.length; // answer in [0, length]
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (Date.parse(this.revisionLog[mid - 1].at) <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  async checkReferences(batch: NodeDocument[]): Promise<ErrorDetail[]> {
    return this.plan(batch).errors;
  }

  async apply(batch: NodeDocument[], meta: WriteMeta): Promise<ApplyResponse> {
    const plan = this.plan(batch);
    if (plan.errors.length > 0) throw invalid('The batch names producers that do not exist; nothing was applied', plan.errors);
    let revision = this.revisionLog.length;
    if (plan.changes.length > 0) {
      revision = this.commit(plan.changes, meta, plan.created, plan.updated, []);
    }
    return {
      revision,
      created: plan.created.length,
      updated: plan.updated.length,
      unchanged: plan.unchanged.length,
      names: { created: plan.created, updated: plan.updated, unchanged: plan.unchanged },
    };
  }

  private plan(batch: NodeDocument[]) {
    const current = new Map<string, NodeDocument>();
    for (const doc of batch) {
      const before = this.docs.get(doc.metadata.name);
      if (before) current.set(doc.metadata.name, before);
    }
    const registered = new Map(externalReferences(batch).flatMap((n) => (this.docs.has(n) ? [[n, this.docs.get(n)!] as const] : [])));
    const dependents = narrowedProducers(batch, current).flatMap((n) => this.graph.outNeighbors(n).map((c) => this.docs.get(c)!));
    return planApply(batch, current, registered, dependents);
  }

  async deleteNode(name: string, meta: WriteMeta): Promise<DeleteResponse> {
    if (!this.docs.has(name)) throw notFound('node', name);
    const consumers = this.graph.outNeighbors(name).map((n) => this.docs.get(n)!);
    const edgesRemoved = this.graph.degree(name);
    const changes = planDelete(name, consumers);
    const revision = this.commit(changes, meta, [], consumers.map((d) => d.metadata.name), [name]);
    return { revision, deleted: name, edgesRemoved };
  }

  async nodes(revision: number): Promise<NodeDocument[]> {
    const docs = revision === this.revisionLog.length ? [...this.docs.values()] : this.docsAt(revision);
    return docs.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  async node(name: string, revision: number): Promise<NodeDocument | undefined> {
    if (revision === this.revisionLog.length) return this.docs.get(name);
    return versionAt(this.versions.get(name), revision)?.doc ?? undefined;
  }

  async revisions(): Promise<RevisionRecord[]> {
    return [...this.revisionLog];
  }

  async blastRadius(source: string, options: { revision: number; maxDepth?: number }): Promise<BlastRadius> {
    const graph = this.graphAt(options.revision);
    if (!graph.hasNode(source)) throw notFound('node', source);
    let index = this.indexes.get(options.revision);
    if (!index) {
      index = indexFromGraph(graph);
      if (this.indexes.size >= HISTORIC_GRAPHS_KEPT) this.indexes.delete(this.indexes.keys().next().value!);
      this.indexes.set(options.revision, index);
    }
    return blastRadiusOf(index, source, options);
  }

  async size(): Promise<GraphSize> {
    return { nodes: this.graph.order, edges: this.graph.size };
  }

  private graphAt(revision: number): DependencyGraph {
    if (revision === this.revisionLog.length) return this.graph;
    let graph = this.historic.get(revision);
    if (!graph) {
      graph = buildGraph(this.docsAt(revision));
      if (this.historic.size >= HISTORIC_GRAPHS_KEPT) this.historic.delete(this.historic.keys().next().value!);
      this.historic.set(revision, graph);
    }
    return graph;
  }

  private docsAt(revision: number): NodeDocument[] {
    const docs: NodeDocument[] = [];
    for (const list of this.versions.values()) {
      const doc = versionAt(list, revision)?.doc;
      if (doc) docs.push(doc);
    }
    return docs;
  }

  private commit(changes: NodeChange[], meta: WriteMeta, created: string[], updated: string[], deleted: string[]): number {
    const previous = this.revisionLog.at(-1);
    // revision times never go backwards, so ?at= can bisect them
    const now = new Date(Math.max(Date.now(), previous ? Date.parse(previous.at) : 0)).toISOString();
    const record: RevisionRecord = {
      revision: this.revisionLog.length + 1,
      at: now,
      by: meta.by,
      summary: revisionSummary(created, updated, deleted),
      created,
      updated,
      deleted,
    };
    this.journal.append({ t: 'revision', record, changes });
    this.applyRevision(record, changes);
    return record.revision;
  }

  private applyRevision(record: RevisionRecord, changes: NodeChange[]): void {
    const graph = this.graph;
    for (const { name, doc } of changes) {
      let list = this.versions.get(name);
      if (!list) this.versions.set(name, (list = []));
      list.push({ revision: record.revision, doc });
      if (doc === null) {
        if (graph.hasNode(name)) graph.dropNode(name);
        this.docs.delete(name);
      } else if (graph.hasNode(name)) {
        graph.replaceNodeAttributes(name, nodeAttributes(doc));
        for (const edge of graph.inEdges(name)) graph.dropEdge(edge);
        this.docs.set(name, doc);
      } else {
        graph.addNode(name, nodeAttributes(doc));
        this.docs.set(name, doc);
      }
    }
    // edges after nodes: a batch may consume a node it creates further down
    for (const { doc } of changes) if (doc) for (const edge of edgesInto(doc)) addEdge(graph, edge);
    this.revisionLog.push(record);
  }

  // ---------------- incidents ----------------

  async createIncident(record: IncidentRecord): Promise<void> {
    if (this.incidentStates.has(record.id)) throw new ApiError(409, 'incident_exists', `Incident ${record.id} exists`);
    this.journal.append({ t: 'incident', record });
    this.replay({ t: 'incident', record });
  }

  async incident(id: string): Promise<IncidentRecord | undefined> {
    return this.incidentStates.get(id)?.record;
  }

  async incidents(): Promise<IncidentRecord[]> {
    return [...this.incidentStates.values()].map((s) => s.record);
  }

  async decide(id: string, name: string, input: DecisionInput): Promise<Decision> {
    const state = this.state(id);
    const current = currentDecisions(state.history).get(name);
    const version = current?.version ?? 0;
    if (input.expectedVersion !== undefined && input.expectedVersion !== version) {
      throw conflict(`The decision on '${name}' is at version ${version}, not ${input.expectedVersion}: someone changed it first`, [
        { path: 'expectedVersion', message: `current version is ${version}` },
      ]);
    }
    const entry: HistoryEntry = {
      seq: state.history.length + 1,
      name,
      action: input.action,
      previousAction: current?.action ?? null,
      version: version + 1,
      by: input.by,
      at: input.at,
    };
    if (input.note !== undefined) entry.note = input.note;
    this.journal.append({ t: 'decision', id, entry });
    state.history.push(entry);
    return currentDecisions([entry]).get(name)!;
  }

  async history(id: string): Promise<HistoryEntry[]> {
    return [...this.state(id).history];
  }

  async setStatus(id: string, change: StatusChange): Promise<void> {
    this.state(id);
    this.journal.append({ t: 'status', id, change });
    this.replay({ t: 'status', id, change });
  }

  async statusHistory(id: string): Promise<StatusChange[]> {
    return [...this.state(id).statusHistory];
  }

  async addObservations(id: string, list: Observation[]): Promise<void> {
    this.state(id);
    this.journal.append({ t: 'observations', id, list });
    this.replay({ t: 'observations', id, list });
  }

  async observations(id: string): Promise<Observation[]> {
    return [...this.state(id).observations];
  }

  private state(id: string): IncidentState {
    const state = this.incidentStates.get(id);
    if (!state) throw notFound('incident', id);
    return state;
  }

  private replay(entry: Entry): void {
    switch (entry.t) {
      case 'revision':
        this.applyRevision(entry.record, entry.changes);
        break;
      case 'incident':
        this.incidentStates.set(entry.record.id, { record: { ...entry.record }, history: [], statusHistory: [], observations: [] });
        break;
      case 'decision':
        this.state(entry.id).history.push(entry.entry);
        break;
      case 'status': {
        const state = this.state(entry.id);
        state.statusHistory.push(entry.change);
        state.record.status = entry.change.status;
        break;
      }
      case 'observations':
        this.state(entry.id).observations.push(...entry.list);
        break;
    }
  }
}

/** The version in force at a revision: the last one at or before it. */
function versionAt(list: Version[] | undefined, revision: number): Version | undefined {
  if (!list) return undefined;
  for (let i = list.length - 1; i >= 0; i--) if (list[i].revision <= revision) return list[i];
  return undefined;
}
