// Writes one revision: the changed nodes, their versions, and only the FEEDS relationships that
// change. An apply costs in proportion to what it changes: a node whose consumes list is the same
// keeps its relationships (and their element ids), an edge whose attributes are the same is left
// alone, and only the producers whose out-edges changed get their packed `out` list edited.
import type { ManagedTransaction } from 'neo4j-driver';
import { edgesInto, type FeedsEdge } from '../../../graph-schema/index.js';
import { revisionSummary, type NodeChange } from '../../analysis/apply-plan.js';
import { nodeAttributes } from '../../analysis/graph.js';
import type { WriteMeta } from '../types.js';
import { PACK_PARAMS, packedEdge } from './out-edges.js';
import { chunks } from './session.js';

interface LiveEdge {
  id: string;
  edge: FeedsEdge;
}

/** What an edit does to each producer's packed out-edges: the consumers it no longer feeds as before, and the new packed edges. */
type OutEdits = Map<string, { removed: string[]; added: string[] }>;

/** The revision an apply builds on, and when it was made. */
export interface Head {
  revision: number;
  atMs: number;
}

export async function writeRevision(
  tx: ManagedTransaction,
  previous: Head,
  changes: NodeChange[],
  meta: WriteMeta,
  created: string[],
  updated: string[],
  deleted: string[],
): Promise<number> {
  const rev = previous.revision + 1;
  // revision times never go backwards, so ?at= finds the right one
  const atMs = Math.max(Date.now(), previous.atMs);
  await writeNodes(tx, changes, rev);

  const edits: OutEdits = new Map();
  const editOf = (producer: string) => {
    let edit = edits.get(producer);
    if (!edit) edits.set(producer, (edit = { removed: [], added: [] }));
    return edit;
  };
  // a deleted node loses its edges both ways
  for (const part of chunks(changes.filter((c) => c.doc === null).map((c) => c.name))) {
    const res = await tx.run(
      `UNWIND $names AS name MATCH (:Node {name: name})-[r:FEEDS]-(:Node) WHERE r.toRev IS NULL
       SET r.toRev = $rev RETURN startNode(r).name AS producer, endNode(r).name AS consumer`,
      { names: part, rev },
    );
    for (const r of res.records) editOf(r.get('producer') as string).removed.push(r.get('consumer') as string);
  }
  // a changed node's consumes list replaces the edges into it: end the removed or changed ones, create the new or changed ones
  const replaced = changes.filter((c) => c.doc !== null);
  const live = await liveEdgesInto(tx, replaced.map((c) => c.name));
  const ended: string[] = [];
  const added: FeedsEdge[] = [];
  for (const { name, doc } of replaced) {
    const before = live.get(name) ?? new Map<string, LiveEdge>();
    for (const edge of edgesInto(doc!)) {
      const old = before.get(edge.from);
      before.delete(edge.from);
      if (old && sameEdge(old.edge, edge)) continue;
      if (old) {
        ended.push(old.id);
        editOf(edge.from).removed.push(name);
      }
      added.push(edge);
    }
    for (const [from, old] of before) {
      ended.push(old.id);
      editOf(from).removed.push(name);
    }
  }
  for (const part of chunks(ended)) {
    await tx.run('UNWIND $ids AS id MATCH ()-[r:FEEDS]->() WHERE elementId(r) = id SET r.toRev = $rev', { ids: part, rev });
  }
  const rows = added.map((e) => ({ ...e, delaySeconds: e.delaySeconds ?? null, actionClasses: e.actionClasses?.length ? e.actionClasses : null }));
  for (const part of chunks(rows)) {
    const res = await tx.run(
      `UNWIND $edges AS e
       MATCH (a:Node {name: e.from}), (b:Node {name: e.to})
       CREATE (a)-[r:FEEDS {fromRev: $rev, gate: e.gate, channel: e.channel, mode: e.mode, delaySeconds: e.delaySeconds, actionClasses: e.actionClasses}]->(b)
       RETURN a.name AS producer, ${packedEdge('r', 'b')} AS packed`,
      { edges: part, rev, ...PACK_PARAMS },
    );
    for (const r of res.records) editOf(r.get('producer') as string).added.push(r.get('packed') as string);
  }
  await editOutEdges(tx, edits);
  await tx.run(
    `CREATE (:Revision {number: $rev, at: $at, atMs: $atMs, by: $by, summary: $summary, created: $created, updated: $updated, deleted: $deleted})
     WITH 1 AS one MATCH (m:Meta {id: "graph"}) SET m.revision = $rev`,
    { rev, at: new Date(atMs).toISOString(), atMs, by: meta.by, summary: revisionSummary(created, updated, deleted), created, updated, deleted },
  );
  return rev;
}

/**
 * Each node and version keeps, beside its document, its declared action classes (for queries)
 * and its attributes as the analysis takes them (`attrs`, JSON of nodeAttributes()), so a radius
 * reads one small property per node instead of parsing documents that hold every edge.
 */
async function writeNodes(tx: ManagedTransaction, changes: NodeChange[], rev: number): Promise<void> {
  const nodes = changes.map(({ name, doc }) => ({
    name,
    deleted: doc === null,
    doc: doc === null ? null : JSON.stringify(doc),
    kind: doc?.kind ?? null,
    owner: doc?.metadata.owner ?? null,
    title: doc?.metadata.title ?? null,
    contact: doc?.metadata.contact ?? null,
    aliases: doc?.spec.aliases ?? [],
    actionClasses: doc?.spec.actionClasses ?? null,
    attrs: doc === null ? null : JSON.stringify(nodeAttributes(doc)),
  }));
  for (const part of chunks(nodes)) {
    await tx.run(
      `UNWIND $nodes AS c
       MERGE (n:Node {name: c.name}) ON CREATE SET n.out = []
       SET n.alive = NOT c.deleted, n.doc = c.doc, n.kind = c.kind, n.owner = c.owner, n.title = c.title, n.contact = c.contact,
           n.aliases = c.aliases, n.actionClasses = c.actionClasses, n.attrs = c.attrs
       CREATE (:NodeVersion {name: c.name, revision: $rev, deleted: c.deleted, doc: c.doc, kind: c.kind, owner: c.owner, title: c.title,
                             contact: c.contact, actionClasses: c.actionClasses, attrs: c.attrs})`,
      { nodes: part, rev },
    );
  }
}

/** The live edges into each named node, by producer. */
async function liveEdgesInto(tx: ManagedTransaction, names: string[]): Promise<Map<string, Map<string, LiveEdge>>> {
  const live = new Map<string, Map<string, LiveEdge>>();
  for (const part of chunks(names)) {
    const res = await tx.run(
      `UNWIND $names AS name MATCH (p:Node)-[r:FEEDS]->(:Node {name: name}) WHERE r.toRev IS NULL
       RETURN name, p.name AS from, elementId(r) AS id, r.gate AS gate, r.channel AS channel, r.mode AS mode,
              r.delaySeconds AS delaySeconds, r.actionClasses AS actionClasses`,
      { names: part },
    );
    for (const r of res.records) {
      const to = r.get('name') as string;
      const edge: FeedsEdge = { from: r.get('from'), to, gate: r.get('gate'), channel: r.get('channel'), mode: r.get('mode') };
      if (r.get('delaySeconds') !== null) edge.delaySeconds = r.get('delaySeconds') as number;
      if (r.get('actionClasses') !== null) edge.actionClasses = r.get('actionClasses') as string[];
      if (!live.has(to)) live.set(to, new Map());
      live.get(to)!.set(edge.from, { id: r.get('id') as string, edge });
    }
  }
  return live;
}

const classesKey = (e: FeedsEdge) => (e.actionClasses?.length ? e.actionClasses.join('\u0000') : '');

function sameEdge(a: FeedsEdge, b: FeedsEdge): boolean {
  return a.gate === b.gate && a.channel === b.channel && a.mode === b.mode && (a.delaySeconds ?? null) === (b.delaySeconds ?? null) && classesKey(a) === classesKey(b);
}

/**
 * Edits each touched producer's packed list in place: drops the entries to consumers it no
 * longer feeds as before (at most one live edge per ordered pair), appends the new ones. The
 * cost is the producer's list, never its history of ended relationships.
 */
async function editOutEdges(tx: ManagedTransaction, edits: OutEdits): Promise<void> {
  const list = [...edits].map(([name, { removed, added }]) => ({ name, removed, added }));
  for (const part of chunks(list)) {
    await tx.run(
      `UNWIND $edits AS u MATCH (p:Node {name: u.name})
       SET p.out = [x IN coalesce(p.out, []) WHERE NOT split(x, $sep)[0] IN u.removed] + u.added`,
      { edits: part, ...PACK_PARAMS },
    );
  }
}
