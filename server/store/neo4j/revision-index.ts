// The current revision's whole graph as a traversal index, held by the API process: an incident's
// radius is then the same pure walk the embedded store runs, not a million-edge expand and
// transfer per open. Revisions never change, so an index is valid for as long as it is kept, on
// any number of instances; each builds its own.
//
// A fresh revision is patched forward from a recent one: only the nodes its revisions created or
// updated are read (their documents), and unchanged edges are copied by position. The first index
// of a process, or one after a deletion, reads every live node's attributes and packed out-edges.
// Only the current revision is indexed (it is read as it stands); a past one is left to the
// Cypher traversal in radius.ts, and so is a graph larger than BLAST_RADIUS_NEO4J_INDEX_NODES.
import type { ManagedTransaction } from 'neo4j-driver';
import type { NodeDocument } from '../../../graph-schema/index.js';
import { IndexBuilder, patchIndex, type GraphIndex } from '../../analysis/graph-index.js';
import type { NodeAttributes } from '../../analysis/graph.js';
import { addPackedEdges } from './out-edges.js';
import { chunks, type Neo4jSession } from './session.js';

/** How many revisions back an index may be patched forward from. */
const PATCH_REACH = 8;
/** Indexes kept: the current revision and the few before it that open incidents still read. */
const KEPT = 3;

export class RevisionIndexes {
  private kept = new Map<number, GraphIndex>();
  private building = new Map<number, Promise<GraphIndex | null>>();

  constructor(
    private db: Neo4jSession,
    private current: (tx: ManagedTransaction) => Promise<number>,
    private maxNodes = Number(process.env.BLAST_RADIUS_NEO4J_INDEX_NODES ?? 500_000),
  ) {}

  /** The index of `revision` when it is the current one (or was indexed while it was); else null. */
  async at(revision: number): Promise<GraphIndex | null> {
    const kept = this.kept.get(revision);
    if (kept) return kept;
    let pending = this.building.get(revision);
    if (!pending) {
      // one read per revision, however many requests ask at once
      pending = this.db.read((tx) => this.build(tx, revision)).finally(() => this.building.delete(revision));
      this.building.set(revision, pending);
    }
    const index = await pending;
    if (index) {
      this.kept.set(revision, index);
      while (this.kept.size > KEPT) this.kept.delete(Math.min(...this.kept.keys()));
    }
    return index;
  }

  private async build(tx: ManagedTransaction, revision: number): Promise<GraphIndex | null> {
    if ((await this.current(tx)) !== revision) return null;
    for (let from = revision - 1; from >= Math.max(0, revision - PATCH_REACH); from--) {
      const base = this.kept.get(from);
      if (base) return (await patched(tx, base, from, revision)) ?? whole(tx, this.maxNodes);
    }
    return whole(tx, this.maxNodes);
  }
}

/** `base` (revision `from`) brought to `revision`, reading the nodes changed between; null when one was deleted. */
async function patched(tx: ManagedTransaction, base: GraphIndex, from: number, revision: number): Promise<GraphIndex | null> {
  const res = await tx.run('MATCH (r:Revision) WHERE r.number > $from AND r.number <= $rev RETURN r.created + r.updated AS changed, size(r.deleted) AS deleted', { from, rev: revision });
  if (res.records.some((r) => (r.get('deleted') as number) > 0)) return null;
  const names = [...new Set(res.records.flatMap((r) => r.get('changed') as string[]))];
  const docs: NodeDocument[] = [];
  for (const part of chunks(names)) {
    const rows = await tx.run('UNWIND $names AS name MATCH (n:Node {name: name}) WHERE n.alive RETURN n.doc AS doc', { names: part });
    for (const r of rows.records) docs.push(JSON.parse(r.get('doc') as string) as NodeDocument);
  }
  return patchIndex(base, docs);
}

/** Every live node with its attributes and packed out-edges; null past `maxNodes`. */
async function whole(tx: ManagedTransaction, maxNodes: number): Promise<GraphIndex | null> {
  const count = await tx.run('MATCH (n:Node) WHERE n.alive RETURN count(n) AS n');
  if ((count.records[0].get('n') as number) > maxNodes) return null;
  const res = await tx.run('MATCH (n:Node) WHERE n.alive RETURN n.name AS name, n.attrs AS attrs, coalesce(n.out, []) AS out');
  const rows = res.records.map((r) => ({ name: r.get('name') as string, attrs: JSON.parse(r.get('attrs') as string) as NodeAttributes, out: r.get('out') as string[] }));
  const builder = new IndexBuilder(
    rows.map((r) => ({ name: r.name, attrs: r.attrs })),
    rows.reduce((n, r) => n + r.out.length, 0),
  );
  rows.forEach((r, i) => addPackedEdges(builder, i, r.out));
  return builder.build();
}
