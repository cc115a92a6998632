// The current revision's whole graph as a traversal index, held by the API process: an incident's
// radius is then the same pure walk the embedded store runs, not a million-edge expand and
// transfer per open. Revisions never change, so an index is valid for as long as it is kept, on
// any number of instances; each builds its own.
//
// A fresh revision is patched forward from a recent one: only the nodes its revisions created or
// updated are read (their documents), and unchanged edges are copied by position. The first index
// of a process, or one after a deletion, reads every live node's attributes and packed out-edges.
// A past revision (an incident opened before the registry changed) is built from the current
// graph and the versions, as of then, of the nodes changed since. A graph larger than
// BLAST_RADIUS_NEO4J_INDEX_NODES is left to the Cypher traversal in radius.ts.
import type { ManagedTransaction } from 'neo4j-driver';
import type { NodeDocument } from '../../../graph-schema/index.js';
import { IndexBuilder, PATCH_REACH, addConsumes, patchIndex, type GraphIndex } from '../../analysis/graph-index.js';
import { nodeAttributes, type NodeAttributes } from '../../analysis/graph.js';
import { addPackedEdges, consumerOf } from './out-edges.js';
import { chunks, type Neo4jSession } from './session.js';

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

  /** The index of `revision`; null when it is ahead of the current one, or the graph is too large to hold. */
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
    const current = await this.current(tx);
    if (revision > current) return null;
    if (revision < current) return past(tx, revision, this.maxNodes);
    for (let from = revision - 1; from >= Math.max(0, revision - PATCH_REACH); from--) {
      const base = this.kept.get(from);
      if (base) return (await patched(tx, base, from, revision)) ?? whole(tx, this.maxNodes);
    }
    return whole(tx, this.maxNodes);
  }
}

/** The nodes the revisions after `from` (up to `to`, else all) created, updated or deleted, and whether any was deleted. */
export async function changedAfter(tx: ManagedTransaction, from: number, to: number | null = null): Promise<{ names: Set<string>; deletion: boolean }> {
  const res = await tx.run(
    'MATCH (r:Revision) WHERE r.number > $from AND ($to IS NULL OR r.number <= $to) RETURN r.created + r.updated + r.deleted AS names, size(r.deleted) > 0 AS deletion',
    { from, to },
  );
  return { names: new Set(res.records.flatMap((r) => r.get('names') as string[])), deletion: res.records.some((r) => r.get('deletion') as boolean) };
}

/** `base` (revision `from`) brought to `revision`, reading the nodes changed between; null when one was deleted. */
async function patched(tx: ManagedTransaction, base: GraphIndex, from: number, revision: number): Promise<GraphIndex | null> {
  const { names, deletion } = await changedAfter(tx, from, revision);
  if (deletion) return null;
  const docs: NodeDocument[] = [];
  for (const part of chunks([...names])) {
    const rows = await tx.run('UNWIND $names AS name MATCH (n:Node {name: name}) WHERE n.alive RETURN n.doc AS doc', { names: part });
    for (const r of rows.records) docs.push(JSON.parse(r.get('doc') as string) as NodeDocument);
  }
  return patchIndex(base, docs);
}

interface LiveRow {
  name: string;
  attrs: NodeAttributes;
  out: string[];
}

/** Every live node with its attributes and packed out-edges; null past `maxNodes`. */
async function liveRows(tx: ManagedTransaction, maxNodes: number): Promise<LiveRow[] | null> {
  const count = await tx.run('MATCH (n:Node) WHERE n.alive RETURN count(n) AS n');
  if ((count.records[0].get('n') as number) > maxNodes) return null;
  const res = await tx.run('MATCH (n:Node) WHERE n.alive RETURN n.name AS name, n.attrs AS attrs, coalesce(n.out, []) AS out');
  return res.records.map((r) => ({ name: r.get('name') as string, attrs: JSON.parse(r.get('attrs') as string) as NodeAttributes, out: r.get('out') as string[] }));
}

/** The current graph, whole. */
async function whole(tx: ManagedTransaction, maxNodes: number): Promise<GraphIndex | null> {
  const rows = await liveRows(tx, maxNodes);
  if (!rows) return null;
  const builder = new IndexBuilder(
    rows.map((r) => ({ name: r.name, attrs: r.attrs })),
    rows.reduce((n, r) => n + r.out.length, 0),
  );
  rows.forEach((r, i) => addPackedEdges(builder, i, r.out));
  return builder.build();
}

/**
 * A past revision's graph, from the current one and the nodes changed since. A node no revision
 * since has touched is as it was, and so are its edges into other such nodes (an edge belongs to
 * its consumer's document); a changed node is as its version at `revision` says (absent if it
 * did not exist then), edges into it as that version's consumes say. Edges out of a changed node
 * into an unchanged one stand as they are: had they changed, their consumer would have too.
 */
async function past(tx: ManagedTransaction, revision: number, maxNodes: number): Promise<GraphIndex | null> {
  const changed = (await changedAfter(tx, revision)).names;
  if (changed.size > maxNodes / 10) return null; // most of the graph: the traversal reads less
  const rows = await liveRows(tx, maxNodes);
  if (!rows) return null;
  const then: NodeDocument[] = [];
  for (const names of chunks([...changed])) {
    const res = await tx.run(
      `UNWIND $names AS name
       CALL (name) { MATCH (v:NodeVersion {name: name}) WHERE v.revision <= $rev RETURN v ORDER BY v.revision DESC LIMIT 1 }
       WITH v WHERE NOT v.deleted RETURN v.doc AS doc`,
      { names, rev: revision },
    );
    for (const r of res.records) then.push(JSON.parse(r.get('doc') as string) as NodeDocument);
  }
  const kept = rows.filter((r) => !changed.has(r.name));
  const builder = new IndexBuilder(
    [...kept.map((r) => ({ name: r.name, attrs: r.attrs })), ...then.map((d) => ({ name: d.metadata.name, attrs: nodeAttributes(d) }))],
    rows.reduce((n, r) => n + r.out.length, 0) + then.reduce((n, d) => n + d.spec.consumes.length, 0),
  );
  // out-edges as they stand, but none into a changed node: those come from its version's consumes
  const changedOut = new Map(rows.filter((r) => changed.has(r.name)).map((r) => [r.name, r.out]));
  const intoUnchanged = (out: string[]) => out.filter((packed) => !changed.has(consumerOf(packed)));
  kept.forEach((r, i) => addPackedEdges(builder, i, intoUnchanged(r.out)));
  const delays = new Map<string, number | null>();
  then.forEach((d, j) => {
    const i = kept.length + j;
    addPackedEdges(builder, i, intoUnchanged(changedOut.get(d.metadata.name) ?? []));
    addConsumes(builder, i, d, delays);
  });
  return builder.build();
}
