// The default store: the whole registry in memory (graphology for the current revision, every
// node's version list for the past), made durable by an fsync'd journal replayed at start.
// Writes are synchronous from plan to fsync, so two requests can never interleave inside one.
import path from 'node:path';
import type {
  ApplyResponse,
  BlastRadius,
  Communication,
  DeleteResponse,
  ErrorDetail,
  HistoryEntry,
  IncidentRecord,
  LogEntry,
  Neighbourhood,
  NodeDocument,
  Observation,
  RevisionRecord,
  StatusChange,
} from '../../graph-schema/index.js';
import { byName, edgesInto } from '../../graph-schema/index.js';
import { externalReferences, narrowedProducers, planApply, planDelete, revisionSummary, type NodeChange } from '../analysis/apply-plan.js';
import { blastRadiusModel, blastRadiusOf, type RadiusModel } from '../analysis/blast-radius.js';
import { PATCH_REACH, indexFromDocs, patchIndex, type GraphIndex } from '../analysis/graph-index.js';
import { addEdge, buildGraph, nodeAttributes, type DependencyGraph } from '../analysis/graph.js';
import { conflictError, planDecisions, type DecisionInput } from '../analysis/incident-log.js';
import { neighboursOf } from '../analysis/neighbours.js';
import { conflict, invalid, notFound, unavailable } from '../errors.js';
import { GENESIS, chainHash, revisionHash, verifyChain, verifyRevisions, type ChainCheck } from './hash-chain.js';
import { upgradeEntry, type Entry } from './embedded-entries.js';
import { Journal, lockDataFolder } from './journal.js';
import type { GraphSize, GraphStore, WriteMeta } from './types.js';

interface IncidentState {
  record: IncidentRecord;
  log: LogEntry[];
  /** The last decision entry per name, for version checks. */
  latest: Map<string, HistoryEntry>;
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
  /**
   * Who consumes each node now (producer -> consumers): what a write needs of the graph. Cheap to
   * keep while the journal replays, unlike a graphology graph of a million edges (5 s of a restart).
   */
  private consumersOf = new Map<string, Set<string>>();
  private edgeCount = 0;
  /** The current revision as a graphology graph, for the registry explorer: built on first use, then kept up to date. */
  private graph: DependencyGraph | undefined;
  private historic = new Map<number, DependencyGraph>();
  /** Traversal indexes by revision; revisions never change, so an index stays valid. */
  private indexes = new Map<number, GraphIndex>();
  private incidentStates = new Map<string, IncidentState>();
  private revisionChain: { record: RevisionRecord; changes: NodeChange[] }[] = [];
  /** The check of the record's hash chains, started at init: writes wait for it, and are refused if it fails. */
  private verified: Promise<ChainCheck> | undefined;

  constructor(readonly dataDir: string) {
    this.journal = new Journal<Entry>(path.join(dataDir, 'journal.jsonl'));
  }

  async init(): Promise<void> {
    this.unlock = lockDataFolder(this.dataDir);
    for (const entry of this.journal.open()) this.replay(upgradeEntry(entry));
    // checked in the background: a restart serves reads at once, writes wait for the verdict
    this.verified = this.verifyAudit();
    this.verified.catch(() => undefined);
  }

  /**
   * Verifies a data folder's journal without locking or changing it, so a running server may keep
   * it (blast-radius audit verify --data).
   */
  static async verifyFolder(dataDir: string): Promise<ChainCheck> {
    const store = new EmbeddedStore(dataDir);
    const { entries, damagedLine } = store.journal.readOnly();
    for (const entry of entries) store.replay(upgradeEntry(entry));
    const check = await store.verifyAudit();
    if (damagedLine !== undefined && check.ok) return { ok: false, entries: check.entries, firstBad: `journal line ${damagedLine} (its checksum or JSON does not hold)` };
    return check;
  }

  /** The start-up check's verdict; writes are refused while the record does not verify. */
  async startupCheck(): Promise<ChainCheck | undefined> {
    return this.verified;
  }

  private async writable(): Promise<void> {
    const check = await this.verified;
    if (check && !check.ok) {
      throw unavailable(
        `The stored record failed its hash-chain check at ${check.firstBad}; writes are refused until an operator restores the journal from a backup (see blast-radius audit verify)`,
        'audit_chain_broken',
      );
    }
  }

  async verifyAudit(): Promise<ChainCheck> {
    const checks: ChainCheck[] = [await verifyRevisions(this.revisionChain)];
    for (const [id, state] of this.incidentStates) checks.push(verifyChain(state.log, (e) => `incident ${id} seq ${e.seq}`));
    const entries = checks.reduce((n, c) => n + c.entries, 0);
    const bad = checks.find((c) => !c.ok);
    return { ok: !bad, entries, firstBad: bad?.firstBad ?? null };
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
    await this.writable();
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
    const dependents = narrowedProducers(batch, current).flatMap((n) => this.consumersNow(n).map((c) => this.docs.get(c)!));
    return planApply(batch, current, registered, dependents);
  }

  async deleteNode(name: string, meta: WriteMeta): Promise<DeleteResponse> {
    await this.writable();
    if (!this.docs.has(name)) throw notFound('node', name);
    const consumers = this.consumersNow(name).map((n) => this.docs.get(n)!);
    const edgesRemoved = consumers.length + this.docs.get(name)!.spec.consumes.length;
    const changes = planDelete(name, consumers);
    const revision = this.commit(changes, meta, [], consumers.map((d) => d.metadata.name), [name]);
    return { revision, deleted: name, edgesRemoved };
  }

  async nodes(revision: number): Promise<NodeDocument[]> {
    const docs = revision === this.revisionLog.length ? [...this.docs.values()] : this.docsAt(revision);
    return docs.sort((a, b) => byName(a.metadata.name, b.metadata.name));
  }

  async node(name: string, revision: number): Promise<NodeDocument | undefined> {
    if (revision === this.revisionLog.length) return this.docs.get(name);
    return versionAt(this.versions.get(name), revision)?.doc ?? undefined;
  }

  async revisions(): Promise<RevisionRecord[]> {
    return [...this.revisionLog];
  }

  async blastRadius(source: string, options: { revision: number; maxDepth?: number; actionClasses?: string[] | null }): Promise<BlastRadius> {
    return blastRadiusOf(this.indexAt(source, options.revision), source, options);
  }

  async radiusModel(source: string, options: { revision: number; actionClasses?: string[] | null }): Promise<RadiusModel> {
    return blastRadiusModel(this.indexAt(source, options.revision), source, { ...options, withEdges: false });
  }

  /**
   * The traversal index of a revision, built once (revisions never change): patched forward from a
   * recent revision's index when the revisions between only create or update nodes (the usual
   * small apply), else straight from its documents (a past revision never needs its graphology
   * graph for this). Not found when the source is not in it.
   */
  private indexAt(source: string, revision: number): GraphIndex {
    let index = this.indexes.get(revision);
    if (!index) {
      index = this.patchedIndex(revision) ?? indexFromDocs(revision === this.revisionLog.length ? [...this.docs.values()] : this.docsAt(revision));
      if (this.indexes.size >= HISTORIC_GRAPHS_KEPT) this.indexes.delete(this.indexes.keys().next().value!);
      this.indexes.set(revision, index);
    }
    if (!index.ids.has(source)) throw notFound('node', source);
    return index;
  }

  /** Revision `revision`'s index from a cached one at most PATCH_REACH revisions before it; undefined when none serves. */
  private patchedIndex(revision: number): GraphIndex | undefined {
    for (let from = revision - 1; from >= Math.max(0, revision - PATCH_REACH); from--) {
      const base = this.indexes.get(from);
      if (!base) continue;
      // revisionChain[r - 1] holds revision r's changes
      const steps = this.revisionChain.slice(from, revision).map((r) => r.changes);
      if (steps.some((changes) => changes.some((c) => c.doc === null))) return undefined; // a deletion: rebuild
      return steps.reduce((index, changes) => patchIndex(index, changes.map((c) => c.doc!)), base);
    }
    return undefined;
  }

  async neighbours(name: string, revision: number, limit?: number): Promise<Neighbourhood> {
    return neighboursOf(this.graphAt(revision), name, limit);
  }

  async size(): Promise<GraphSize> {
    return { nodes: this.docs.size, edges: this.edgeCount };
  }

  /** The nodes that consume `name` now, by name. */
  private consumersNow(name: string): string[] {
    return [...(this.consumersOf.get(name) ?? [])].sort(byName);
  }

  private graphAt(revision: number): DependencyGraph {
    if (revision === this.revisionLog.length) return (this.graph ??= buildGraph(this.docs.values()));
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
    record.hash = revisionHash(this.revisionChain.at(-1)?.record.hash ?? GENESIS, record, changes);
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
      this.relink(name, this.docs.get(name), doc);
      if (doc === null) {
        if (graph?.hasNode(name)) graph.dropNode(name);
        this.docs.delete(name);
      } else if (graph?.hasNode(name)) {
        graph.replaceNodeAttributes(name, nodeAttributes(doc));
        for (const edge of graph.inEdges(name)) graph.dropEdge(edge);
        this.docs.set(name, doc);
      } else {
        graph?.addNode(name, nodeAttributes(doc));
        this.docs.set(name, doc);
      }
    }
    // a deleted node's consumers were rewritten in the same revision, so its set is empty now
    for (const { name, doc } of changes) if (doc === null) this.consumersOf.delete(name);
    // edges after nodes: a batch may consume a node it creates further down
    if (graph) for (const { doc } of changes) if (doc) for (const edge of edgesInto(doc)) addEdge(graph, edge);
    this.revisionLog.push(record);
    this.revisionChain.push({ record, changes });
  }

  /** Moves `name` from the consumers of what it consumed before to those of what it consumes now. */
  private relink(name: string, before: NodeDocument | undefined, after: NodeDocument | null): void {
    if (before) {
      for (const c of before.spec.consumes) if (this.consumersOf.get(c.from)?.delete(name)) this.edgeCount--;
    }
    if (after) {
      for (const c of after.spec.consumes) {
        let set = this.consumersOf.get(c.from);
        if (!set) this.consumersOf.set(c.from, (set = new Set()));
        if (!set.has(name)) {
          set.add(name);
          this.edgeCount++;
        }
      }
    }
  }

  // ---------------- incidents ----------------

  async createIncident(record: IncidentRecord): Promise<void> {
    await this.writable();
    if (this.incidentStates.has(record.id)) throw conflict(`Incident ${record.id} exists`, [], 'incident_exists');
    this.journal.append({ t: 'incident', record });
    this.replay({ t: 'incident', record });
  }

  async incident(id: string): Promise<IncidentRecord | undefined> {
    return this.incidentStates.get(id)?.record;
  }

  async incidents(): Promise<IncidentRecord[]> {
    return [...this.incidentStates.values()].map((s) => s.record);
  }

  async log(id: string, afterSeq = 0): Promise<LogEntry[]> {
    const log = this.state(id).log;
    // seqs are 1, 2, 3...: entry seq k sits at index k - 1
    return log.slice(Math.max(0, afterSeq));
  }

  async lastSeq(id: string): Promise<number> {
    return this.state(id).log.length;
  }

  async decide(id: string, inputs: DecisionInput[]): Promise<LogEntry[]> {
    await this.writable();
    const state = this.state(id);
    const { entries, conflicts } = planDecisions(inputs, state.latest, state.log.length + 1);
    if (conflicts.length > 0) throw conflictError(conflicts);
    return this.append(id, state, entries.map((entry) => ({ seq: entry.seq, type: 'decision' as const, entry })));
  }

  async setStatus(id: string, change: StatusChange): Promise<LogEntry> {
    await this.writable();
    const state = this.state(id);
    return (await this.append(id, state, [{ seq: state.log.length + 1, type: 'status', change }]))[0];
  }

  async addObservations(id: string, list: Observation[]): Promise<LogEntry> {
    await this.writable();
    const state = this.state(id);
    return (await this.append(id, state, [{ seq: state.log.length + 1, type: 'observations', list }]))[0];
  }

  async addCommunication(id: string, communication: Omit<Communication, 'seq'>): Promise<LogEntry> {
    await this.writable();
    const state = this.state(id);
    const seq = state.log.length + 1;
    return (await this.append(id, state, [{ seq, type: 'communication', communication: { ...communication, seq } }]))[0];
  }

  /** Chains, journals (one line: all or nothing) and applies entries. */
  private async append(id: string, state: IncidentState, entries: LogEntry[]): Promise<LogEntry[]> {
    let previous = state.log.at(-1)?.hash ?? GENESIS;
    for (const e of entries) previous = e.hash = chainHash(previous, e);
    this.journal.append({ t: 'log', id, entries });
    this.replay({ t: 'log', id, entries });
    return entries;
  }

  private state(id: string): IncidentState {
    const state = this.incidentStates.get(id);
    if (!state) throw notFound('incident', id);
    return state;
  }

  private replay(entry: Entry): void {
    switch (entry.t) {
      case 'revision':
        // revisions of the first version had no hash: chained as they are read
        entry.record.hash ??= revisionHash(this.revisionChain.at(-1)?.record.hash ?? GENESIS, entry.record, entry.changes);
        this.applyRevision(entry.record, entry.changes);
        break;
      case 'incident':
        this.incidentStates.set(entry.record.id, { record: { ...entry.record }, log: [], latest: new Map() });
        break;
      case 'log': {
        const state = this.state(entry.id);
        for (const e of entry.entries) {
          if (e.seq === 0) {
            // a first-version line: it takes the next seq, and its hash is made now
            e.seq = state.log.length + 1;
            if (e.type === 'decision') e.entry.seq = e.seq;
            e.hash = chainHash(state.log.at(-1)?.hash ?? GENESIS, e);
          }
          state.log.push(e);
          if (e.type === 'decision') state.latest.set(e.entry.name, e.entry);
          if (e.type === 'status') state.record.status = e.change.status;
        }
        break;
      }
    }
  }
}

/** The version in force at a revision: the last one at or before it. */
function versionAt(list: Version[] | undefined, revision: number): Version | undefined {
  if (!list) return undefined;
  for (let i = list.length - 1; i >= 0; i--) if (list[i].revision <= revision) return list[i];
  return undefined;
}
