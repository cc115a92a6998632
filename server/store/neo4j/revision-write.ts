// Writes one revision: the changed nodes, their versions, and only the FEEDS relationships that
// change. An apply costs in proportion to what it changes: a node whose consumes list is the same
// keeps its relationships (and their element ids), an edge whose attributes are the same is left
// alone, and only the producers whose out-edges changed get their packed `out` list edited.
// A small apply is two statements here (nodes with their live in-edges; then every edge write and
// the revision), since round trips, not work, dominate it.
import type { ManagedTransaction } from 'neo4j-driver';
import { edgesInto, type FeedsEdge, type RevisionRecord } from '../../../graph-schema/index.js';
import { revisionSummary, type NodeChange } from '../../analysis/apply-plan.js';
import { nodeAttributes } from '../../analysis/graph.js';
import type { WriteMeta } from '../types.js';
import { GENESIS, revisionHash } from '../hash-chain.js';
import { PACK_PARAMS, packEdge } from './out-edges.js';
import { chunks } from './session.js';

/** Rows per statement, as chunks() makes them. */
const CHUNK = 10_000;

/** The revision an apply builds on, and when it was made. */
export interface Head {
  revision: number;
  atMs: number;
  /** The last revision's hash (§9), which the next one chains to. */
  hash?: string | null;
}

interface LiveEdge {
  id: string;
  edge: FeedsEdge;
}

/** What an edit does to a producer's packed out-edges: the consumers it no longer feeds as before, and its new packed edges. */
interface OutEdit {
  name: string;
  removed: string[];
  added: string[];
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
  const edits = new Map<string, OutEdit>();
  const editOf = (name: string) => {
    let edit = edits.get(name);
    if (!edit) edits.set(name, (edit = { name, removed: [], added: [] }));
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
  const live = await writeNodes(tx, changes, rev);
  const ended: string[] = [];
  const added: FeedsEdge[] = [];
  for (const { name, doc } of changes) {
    if (doc === null) continue;
    const before = live.get(name) ?? new Map<string, LiveEdge>();
    for (const edge of edgesInto(doc)) {
      const old = before.get(edge.from);
      before.delete(edge.from);
      if (old && sameEdge(old.edge, edge)) continue;
      if (old) {
        ended.push(old.id);
        editOf(edge.from).removed.push(name);
      }
      added.push(edge);
      editOf(edge.from).added.push(packEdge(edge));
    }
    for (const [from, old] of before) {
      ended.push(old.id);
      editOf(from).removed.push(name);
    }
  }

  // the record as the embedded store hashes it: the documents in the order they were written (NodeVersion.index)
  const record: RevisionRecord = { revision: rev, at: new Date(atMs).toISOString(), by: meta.by, summary: revisionSummary(created, updated, deleted), created, updated, deleted };
  const hash = revisionHash(previous.hash ?? GENESIS, record, changes);

  const rows = added.map((e) => ({ ...e, delaySeconds: e.delaySeconds ?? null, actionClasses: e.actionClasses?.length ? e.actionClasses : null }));
  const outEdits = [...edits.values()];
  const rounds = Math.max(1, Math.ceil(Math.max(ended.length, rows.length, outEdits.length) / CHUNK));
  for (let i = 0; i < rounds; i++) {
    const part = <T>(list: T[]) => list.slice(i * CHUNK, (i + 1) * CHUNK);
    const last = i === rounds - 1;
    await tx.run(
      `CALL { UNWIND $ended AS id MATCH ()-[r:FEEDS]->() WHERE elementId(r) = id SET r.toRev = $rev }
       CALL { UNWIND $edges AS e
              MATCH (a:Node {name: e.from}), (b:Node {name: e.to})
              CREATE (a)-[:FEEDS {fromRev: $rev, gate: e.gate, channel: e.channel, mode: e.mode, delaySeconds: e.delaySeconds, actionClasses: e.actionClasses}]->(b) }
       CALL { UNWIND $edits AS u MATCH (p:Node {name: u.name})
              SET p.out = [x IN coalesce(p.out, []) WHERE NOT split(x, $sep)[0] IN u.removed] + u.added }
       ${last ? REVISION : ''}
       RETURN 1 AS done`,
      {
        ended: part(ended),
        edges: part(rows),
        edits: part(outEdits),
        rev,
        ...PACK_PARAMS,
        ...(last ? { at: record.at, atMs, by: meta.by, summary: record.summary, created, updated, deleted, hash } : {}),
      },
    );
  }
  return rev;
}

const REVISION = `CREATE (:Revision {number: $rev, at: $at, atMs: $atMs, by: $by, summary: $summary, created: $created, updated: $updated, deleted: $deleted, hash: $hash})
       WITH 1 AS one MATCH (m:Meta {id: "graph"}) SET m.revision = $rev`;

/**
 * Writes each changed node and a version of it, and reads back the live edges into it, by
 * producer. Each node and version keeps, beside its document, its declared action classes (for
 * queries) and its attributes as the analysis takes them (`attrs`, JSON of nodeAttributes()), so a
 * radius reads one small property per node instead of parsing documents that hold every edge.
 */
async function writeNodes(tx: ManagedTransaction, changes: NodeChange[], rev: number): Promise<Map<string, Map<string, LiveEdge>>> {
  const nodes = changes.map(({ name, doc }, index) => ({
    name,
    index,
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
  const live = new Map<string, Map<string, LiveEdge>>();
  for (const part of chunks(nodes)) {
    const res = await tx.run(
      `UNWIND $nodes AS c
       MERGE (n:Node {name: c.name}) ON CREATE SET n.out = []
       SET n.alive = NOT c.deleted, n.doc = c.doc, n.kind = c.kind, n.owner = c.owner, n.title = c.title, n.contact = c.contact,
           n.aliases = c.aliases, n.actionClasses = c.actionClasses, n.attrs = c.attrs
       CREATE (:NodeVersion {name: c.name, revision: $rev, index: c.index, deleted: c.deleted, doc: c.doc, kind: c.kind, owner: c.owner, title: c.title,
                             contact: c.contact, actionClasses: c.actionClasses, attrs: c.attrs})
       WITH n, c WHERE NOT c.deleted
       RETURN c.name AS name, COLLECT { MATCH (p:Node)-[r:FEEDS]->(n) WHERE r.toRev IS NULL
                                        RETURN [p.name, elementId(r), r.gate, r.channel, r.mode, r.delaySeconds, r.actionClasses] } AS live`,
      { nodes: part, rev },
    );
    for (const r of res.records) {
      const to = r.get('name') as string;
      const edges = new Map<string, LiveEdge>();
      for (const [from, id, gate, channel, mode, delaySeconds, actionClasses] of r.get('live') as [string, string, FeedsEdge['gate'], FeedsEdge['channel'], FeedsEdge['mode'], number | null, string[] | null][]) {
        const edge: FeedsEdge = { from, to, gate, channel, mode };
        if (delaySeconds !== null) edge.delaySeconds = delaySeconds;
        if (actionClasses !== null) edge.actionClasses = actionClasses;
        edges.set(from, { id, edge });
      }
      live.set(to, edges);
    }
  }
  return live;
}

const classesKey = (e: FeedsEdge) => (e.actionClasses?.length ? e.actionClasses.join('\u0000') : '');

function sameEdge(a: FeedsEdge, b: FeedsEdge): boolean {
  return a.gate === b.gate && a.channel === b.channel && a.mode === b.mode && (a.delaySeconds ?? null) === (b.delaySeconds ?? null) && classesKey(a) === classesKey(b);
}
