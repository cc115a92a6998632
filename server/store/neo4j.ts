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
  Neighbourhood,
  NodeDocument,
  Observation,
  RevisionRecord,
  StatusChange,
} from '../../graph-schema/index.js';
import { Neo4jIncidents } from './neo4j/incidents.js';
import { migrate } from './neo4j/migrations.js';
import { neo4jNeighbours } from './neo4j/neighbours.js';
import { Neo4jRegistry } from './neo4j/registry.js';
import { backfillRevisionChain, verifyRevisionChain } from './neo4j/revision-chain.js';
import { Neo4jSession, type Neo4jOptions } from './neo4j/session.js';
import type { RadiusModel } from '../analysis/blast-radius.js';
import type { ChainCheck } from './hash-chain.js';
import { unavailable } from '../errors.js';
import type { DecisionInput, GraphSize, GraphStore, WriteMeta } from './types.js';

export type { Neo4jOptions };

export class Neo4jStore implements GraphStore {
  readonly kind = 'neo4j' as const;
  private db: Neo4jSession;
  private registry: Neo4jRegistry;
  private incidentLog: Neo4jIncidents;
  /** The check of the record's hash chains, started at init: writes wait for it, and are refused if it fails. */
  private verified: Promise<ChainCheck> | undefined;

  constructor(options: Neo4jOptions) {
    this.db = new Neo4jSession(options);
    this.registry = new Neo4jRegistry(this.db);
    this.incidentLog = new Neo4jIncidents(this.db);
  }

  async init(): Promise<void> {
    await migrate(this.db);
    await backfillRevisionChain(this.db);
    // checked in the background, as the embedded store does: reads are served at once
    this.verified = this.verifyAudit();
    this.verified.catch(() => undefined);
  }

  /** The start-up check's verdict; writes are refused while the record does not verify. */
  async startupCheck(): Promise<ChainCheck | undefined> {
    return this.verified;
  }

  private async writable(): Promise<void> {
    let check: ChainCheck | undefined;
    try {
      check = await this.verified;
    } catch {
      // the database went away during the check: check again now rather than refuse for good
      this.verified = this.verifyAudit();
      this.verified.catch(() => undefined);
      check = await this.verified;
    }
    if (check && !check.ok) {
      throw unavailable(
        `The stored record failed its hash-chain check at ${check.firstBad}; writes are refused until an operator restores the database from a backup (see blast-radius audit verify)`,
        'audit_chain_broken',
      );
    }
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

  async apply(batch: NodeDocument[], meta: WriteMeta): Promise<ApplyResponse> {
    await this.writable();
    return this.registry.apply(batch, meta);
  }

  async deleteNode(name: string, meta: WriteMeta): Promise<DeleteResponse> {
    await this.writable();
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

  radiusModel(source: string, options: { revision: number; actionClasses?: string[] | null }): Promise<RadiusModel> {
    return this.registry.radiusModel(source, options);
  }

  neighbours(name: string, revision: number, limit?: number): Promise<Neighbourhood> {
    return neo4jNeighbours(this.db, name, revision, limit);
  }

  size(): Promise<GraphSize> {
    return this.registry.size();
  }

  async createIncident(record: IncidentRecord): Promise<void> {
    await this.writable();
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

  async decide(id: string, inputs: DecisionInput[]): Promise<LogEntry[]> {
    await this.writable();
    return this.incidentLog.decide(id, inputs);
  }

  async setStatus(id: string, change: StatusChange): Promise<LogEntry> {
    await this.writable();
    return this.incidentLog.setStatus(id, change);
  }

  async addObservations(id: string, list: Observation[]): Promise<LogEntry> {
    await this.writable();
    return this.incidentLog.addObservations(id, list);
  }

  async addCommunication(id: string, communication: Omit<Communication, 'seq'>): Promise<LogEntry> {
    await this.writable();
    return this.incidentLog.addCommunication(id, communication);
  }

  async verifyAudit(): Promise<ChainCheck> {
    const checks = [await verifyRevisionChain(this.db), ...(await this.incidentLog.verify())];
    const entries = checks.reduce((n, c) => n + c.entries, 0);
    const bad = checks.find((c) => !c.ok);
    return { ok: !bad, entries, firstBad: bad?.firstBad ?? null };
  }
}
