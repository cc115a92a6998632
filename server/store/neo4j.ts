// The Neo4j store: one GraphStore over a Neo4j 5 database, in four parts: the session (driver and
// transactions), migrations, the registry and the incidents. Parameterised Cypher only (names
// are never spliced into query text), UNWIND batches for bulk writes, managed transactions.
import type {
  ApplyResponse,
  BlastRadius,
  Communication,
  DeleteResponse,
  ErrorDetail,
  IncidentRecord,
  LogEntry,
  NodeDocument,
  Observation,
  RevisionRecord,
  StatusChange,
} from '../../graph-schema/index.js';
import { Neo4jIncidents } from './neo4j/incidents.js';
import { migrate } from './neo4j/migrations.js';
import { Neo4jRegistry } from './neo4j/registry.js';
import { Neo4jSession, type Neo4jOptions } from './neo4j/session.js';
import type { RadiusModel } from '../analysis/blast-radius.js';
import { radiusGraph } from '../analysis/radius-graph.js';
import type { ChainCheck } from './hash-chain.js';
import type { DecisionInput, GraphSize, GraphStore, WriteMeta } from './types.js';

export type { Neo4jOptions };

export class Neo4jStore implements GraphStore {
  readonly kind = 'neo4j' as const;
  private db: Neo4jSession;
  private registry: Neo4jRegistry;
  private incidentLog: Neo4jIncidents;

  constructor(options: Neo4jOptions) {
    this.db = new Neo4jSession(options);
    this.registry = new Neo4jRegistry(this.db);
    this.incidentLog = new Neo4jIncidents(this.db);
  }

  async init(): Promise<void> {
    await migrate(this.db);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  async ping(): Promise<void> {
    await this.db.read((tx) => tx.run('RETURN 1'));
  }

  currentRevision(): Promise<number> {
    return this.registry.currentRevision();
  }

  revisionAt(at: Date): Promise<number> {
    return this.registry.revisionAt(at);
  }

  checkReferences(batch: NodeDocument[]): Promise<ErrorDetail[]> {
    return this.registry.checkReferences(batch);
  }

  apply(batch: NodeDocument[], meta: WriteMeta): Promise<ApplyResponse> {
    return this.registry.apply(batch, meta);
  }

  deleteNode(name: string, meta: WriteMeta): Promise<DeleteResponse> {
    return this.registry.deleteNode(name, meta);
  }

  nodes(revision: number): Promise<NodeDocument[]> {
    return this.registry.nodes(revision);
  }

  node(name: string, revision: number): Promise<NodeDocument | undefined> {
    return this.registry.node(name, revision);
  }

  revisions(): Promise<RevisionRecord[]> {
    return this.registry.revisions();
  }

  blastRadius(source: string, options: { revision: number; maxDepth?: number; actionClasses?: string[] | null }): Promise<BlastRadius> {
    return this.registry.blastRadius(source, options);
  }

  /** Until the Cypher side hands over its arrays directly: the radius with edges, turned into arrays. */
  async radiusModel(source: string, options: { revision: number; actionClasses?: string[] | null }): Promise<RadiusModel> {
    const radius = await this.registry.blastRadius(source, options);
    const doc = await this.registry.node(source, options.revision);
    const graph = radiusGraph(radius, doc?.spec.actionClasses);
    return { radius: { ...radius, edges: [] }, graph };
  }

  size(): Promise<GraphSize> {
    return this.registry.size();
  }

  createIncident(record: IncidentRecord): Promise<void> {
    return this.incidentLog.createIncident(record);
  }

  incident(id: string): Promise<IncidentRecord | undefined> {
    return this.incidentLog.incident(id);
  }

  incidents(): Promise<IncidentRecord[]> {
    return this.incidentLog.incidents();
  }

  log(id: string, afterSeq?: number): Promise<LogEntry[]> {
    return this.incidentLog.log(id, afterSeq);
  }

  lastSeq(id: string): Promise<number> {
    return this.incidentLog.lastSeq(id);
  }

  decide(id: string, inputs: DecisionInput[]): Promise<LogEntry[]> {
    return this.incidentLog.decide(id, inputs);
  }

  setStatus(id: string, change: StatusChange): Promise<LogEntry> {
    return this.incidentLog.setStatus(id, change);
  }

  addObservations(id: string, list: Observation[]): Promise<LogEntry> {
    return this.incidentLog.addObservations(id, list);
  }

  addCommunication(id: string, communication: Omit<Communication, 'seq'>): Promise<LogEntry> {
    return this.incidentLog.addCommunication(id, communication);
  }

  async verifyAudit(): Promise<ChainCheck> {
    const checks = await this.incidentLog.verify();
    const entries = checks.reduce((n, c) => n + c.entries, 0);
    const bad = checks.find((c) => !c.ok);
    return { ok: !bad, entries, firstBad: bad?.firstBad ?? null };
  }
}
