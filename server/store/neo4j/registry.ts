// The registry on Neo4j: applies as one transaction each (revision-write.ts), reads of any
// revision, and the blast radius (radius.ts), computed by the same pure function as the embedded store.
//
// Model: one (:Node {name}) per name for all time, with the current document on it; a
// (:NodeVersion {name, revision}) per change, for reading the past; (:Node)-[:FEEDS]->(:Node)
// relationships valid over the revisions [fromRev, toRev) (toRev null while current), so a
// traversal of any revision runs in the database with the same query.
import type { ManagedTransaction } from 'neo4j-driver';
import type { ApplyResponse, BlastRadius, DeleteResponse, ErrorDetail, NodeDocument, RevisionRecord } from '../../../graph-schema/index.js';
import { externalReferences, narrowedProducers, planApply, planDelete } from '../../analysis/apply-plan.js';
import type { BlastRadiusOptions, RadiusModel } from '../../analysis/blast-radius.js';
import { invalid, notFound } from '../../errors.js';
import type { GraphSize, WriteMeta } from '../types.js';
import { neo4jBlastRadius, neo4jRadiusModel } from './radius.js';
import { RECORD, recordOf } from './revision-chain.js';
import { RevisionIndexes } from './revision-index.js';
import { writeRevision, type Head } from './revision-write.js';
import { chunks, type Neo4jSession, type Row } from './session.js';

export class Neo4jRegistry {
  private indexes: RevisionIndexes;

  constructor(private db: Neo4jSession) {
    this.indexes = new RevisionIndexes(db, currentRevisionIn);
  }

  async currentRevision(): Promise<number> {
    return this.db.read(currentRevisionIn);
  }

  async revisionAt(at: Date): Promise<number> {
    const result = await this.db.read((tx) => tx.run('MATCH (r:Revision) WHERE r.atMs <= $t RETURN max(r.number) AS n', { t: at.getTime() }));
    return (result.records[0]?.get('n') as number | null) ?? 0;
  }

  async checkReferences(batch: NodeDocument[]): Promise<ErrorDetail[]> {
    return this.db.read(async (tx) => (await this.plan(tx, batch)).errors);
  }

  private async plan(tx: ManagedTransaction, batch: NodeDocument[]) {
    // the batch's registered documents and its producers' (not just their names: an edge's
    // actionClasses must be declared by its producer), in one read
    const inBatch = new Set(batch.map((d) => d.metadata.name));
    const current = new Map<string, NodeDocument>();
    const registered = new Map<string, NodeDocument>();
    for (const names of chunks([...inBatch, ...externalReferences(batch)])) {
      const res = await tx.run('UNWIND $names AS name MATCH (n:Node {name: name}) WHERE n.alive RETURN n.doc AS doc', { names });
      for (const r of res.records) {
        const doc = JSON.parse(r.get('doc') as string) as NodeDocument;
        (inBatch.has(doc.metadata.name) ? current : registered).set(doc.metadata.name, doc);
      }
    }
    const dependents: NodeDocument[] = [];
    for (const narrowed of chunks(narrowedProducers(batch, current))) {
      const res = await tx.run(
        'UNWIND $names AS name MATCH (:Node {name: name})-[r:FEEDS]->(c:Node) WHERE r.toRev IS NULL AND c.alive RETURN DISTINCT c.doc AS doc',
        { names: narrowed },
      );
      for (const r of res.records) dependents.push(JSON.parse(r.get('doc') as string) as NodeDocument);
    }
    return planApply(batch, current, registered, dependents);
  }

  async apply(batch: NodeDocument[], meta: WriteMeta): Promise<ApplyResponse> {
    return this.db.write(async (tx) => {
      const head = await lockGraph(tx);
      const plan = await this.plan(tx, batch);
      if (plan.errors.length > 0) throw invalid('The batch names producers that do not exist; nothing was applied', plan.errors);
      const next = plan.changes.length > 0 ? await writeRevision(tx, head, plan.changes, meta, plan.created, plan.updated, []) : head.revision;
      return {
        revision: next,
        created: plan.created.length,
        updated: plan.updated.length,
        unchanged: plan.unchanged.length,
        names: { created: plan.created, updated: plan.updated, unchanged: plan.unchanged },
      };
    });
  }

  async deleteNode(name: string, meta: WriteMeta): Promise<DeleteResponse> {
    return this.db.write(async (tx) => {
      const head = await lockGraph(tx);
      const res = await tx.run(
        `MATCH (n:Node {name: $name}) WHERE n.alive
         OPTIONAL MATCH (n)-[r:FEEDS]->(c:Node) WHERE r.toRev IS NULL
         WITH n, collect(c.doc) AS consumers
         RETURN consumers, COUNT { (n)-[r:FEEDS]-() WHERE r.toRev IS NULL } AS degree`,
        { name },
      );
      if (res.records.length === 0) throw notFound('node', name);
      const consumers = (res.records[0].get('consumers') as string[]).map((d) => JSON.parse(d) as NodeDocument);
      const changes = planDelete(name, consumers);
      const next = await writeRevision(tx, head, changes, meta, [], consumers.map((c) => c.metadata.name), [name]);
      return { revision: next, deleted: name, edgesRemoved: res.records[0].get('degree') as number };
    });
  }

  async nodes(revision: number): Promise<NodeDocument[]> {
    return this.db.read(async (tx) => {
      const current = await currentRevisionIn(tx);
      const res =
        revision === current
          ? await tx.run('MATCH (n:Node) WHERE n.alive RETURN n.doc AS doc ORDER BY n.name')
          : await tx.run(
              `MATCH (v:NodeVersion) WHERE v.revision <= $rev
               WITH v.name AS name, max(v.revision) AS latest
               MATCH (v:NodeVersion {name: name, revision: latest}) WHERE NOT v.deleted
               RETURN v.doc AS doc ORDER BY name`,
              { rev: revision },
            );
      return res.records.map((r) => JSON.parse(r.get('doc') as string) as NodeDocument);
    });
  }

  async node(name: string, revision: number): Promise<NodeDocument | undefined> {
    const res = await this.db.read((tx) =>
      tx.run(
        `MATCH (v:NodeVersion {name: $name}) WHERE v.revision <= $rev
         RETURN v.doc AS doc, v.deleted AS deleted ORDER BY v.revision DESC LIMIT 1`,
        { name, rev: revision },
      ),
    );
    const record = res.records[0];
    if (!record || record.get('deleted')) return undefined;
    return JSON.parse(record.get('doc') as string) as NodeDocument;
  }

  async revisions(): Promise<RevisionRecord[]> {
    const res = await this.db.read((tx) => tx.run(`MATCH (r:Revision) RETURN ${RECORD} ORDER BY r.number`));
    return res.records.map((rec) => recordOf(rec.get('r') as Row));
  }

  /** The radius subgraph comes from the database, the answer from the pure function (see radius.ts). */
  async blastRadius(source: string, options: BlastRadiusOptions): Promise<BlastRadius> {
    return neo4jBlastRadius(this.db, source, options, currentRevisionIn);
  }

  async radiusModel(source: string, options: BlastRadiusOptions): Promise<RadiusModel> {
    return neo4jRadiusModel(this.db, source, options, currentRevisionIn, this.indexes);
  }

  async size(): Promise<GraphSize> {
    const res = await this.db.read((tx) =>
      tx.run(
        `CALL { MATCH (n:Node) WHERE n.alive RETURN count(n) AS nodes }
         CALL { MATCH ()-[r:FEEDS]->() WHERE r.toRev IS NULL RETURN count(r) AS edges }
         RETURN nodes, edges`,
      ),
    );
    return { nodes: res.records[0].get('nodes') as number, edges: res.records[0].get('edges') as number };
  }
}

async function currentRevisionIn(tx: ManagedTransaction): Promise<number> {
  const res = await tx.run('MATCH (m:Meta {id: "graph"}) RETURN m.revision AS revision');
  return (res.records[0]?.get('revision') as number | undefined) ?? 0;
}

/** Takes the graph's write lock (so applies and deletes run one at a time) and reads the revision and its time. */
async function lockGraph(tx: ManagedTransaction): Promise<Head> {
  const res = await tx.run(
    `MATCH (m:Meta {id: "graph"}) SET m.lockedAt = timestamp()
     WITH m OPTIONAL MATCH (r:Revision {number: m.revision})
     RETURN m.revision AS revision, r.atMs AS atMs, r.hash AS hash`,
  );
  const head = res.records[0];
  return { revision: head.get('revision') as number, atMs: (head.get('atMs') as number | null) ?? 0, hash: head.get('hash') as string | null };
}
