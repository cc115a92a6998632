// The blast radius on Neo4j: the database finds the consumers with a pruning breadth-first
// expand (never path enumeration) and hands back exactly the radius subgraph; the pure
// blastRadiusOf() then computes the answer on it, so both stores answer alike by construction.
//
// Two things stay in the database, so that the answer's size, not the graph's, sets the cost:
// - with actionClasses, the first hop follows only the source's edges that carry one of them
//   (or are unclassified), and no hop re-enters the source: a radius of 10 is fetched as 10;
// - with maxDepth, the expand is bounded (`*1..N`), and a count query gives the exact `cut`.
//   Exposure and arrival are defined over every path, so the bounded subgraph answers alone only
//   when no node beyond maxDepth feeds back into it; otherwise the whole radius is fetched.
import type { ManagedTransaction } from 'neo4j-driver';
import type { BlastRadius } from '../../../graph-schema/index.js';
import { blastRadiusModel, type BlastRadiusOptions, type RadiusModel } from '../../analysis/blast-radius.js';
import type { NodeAttributes } from '../../analysis/graph.js';
import { IndexBuilder, type IndexNode } from '../../analysis/graph-index.js';
import { invalid, notFound } from '../../errors.js';
import { PACK_PARAMS, addPackedEdges, consumerOf, packedEdge } from './out-edges.js';
import { changedAfter, type RevisionIndexes } from './revision-index.js';
import { chunks, type Neo4jSession } from './session.js';

/** The edge-validity test for revision $rev, shared by every traversal. */
export const LIVE_AT = (r: string) => `${r}.fromRev <= $rev AND (${r}.toRev IS NULL OR ${r}.toRev > $rev)`;

/**
 * An edge the broken output can cross: live, not back into the source, and carrying $classes if it
 * leaves the source. Only the tests that can fail are spliced in: at the current revision a live
 * edge is one not yet ended, and without classes every edge carries; on a million-edge radius the
 * shorter predicate saves a third of the traversal.
 */
const CROSSES = (r: string, now: boolean, classes: unknown) =>
  [
    now ? `${r}.toRev IS NULL` : LIVE_AT(r),
    `endNode(${r}) <> s`,
    ...(classes === null ? [] : [`(startNode(${r}) <> s OR ${r}.actionClasses IS NULL OR any(x IN ${r}.actionClasses WHERE x IN $classes))`]),
  ].join(' AND ');

/** `*1..` or `*1..N`: Cypher cannot take the bound as a parameter, so a checked integer is spliced in. */
const hops = (maxDepth: number | undefined) => (maxDepth === undefined ? '*1..' : `*1..${maxDepth}`);

interface Row {
  name: string;
  attrs: NodeAttributes;
  out: string[];
  ins: string[];
}

export async function neo4jBlastRadius(db: Neo4jSession, source: string, options: BlastRadiusOptions, current: (tx: ManagedTransaction) => Promise<number>): Promise<BlastRadius> {
  const { revision, maxDepth } = options;
  if (maxDepth !== undefined && (!Number.isSafeInteger(maxDepth) || maxDepth < 0)) {
    throw invalid('maxDepth must be a whole number, 0 or more', [{ path: 'maxDepth', message: 'not a whole number' }]);
  }
  const params = { source, rev: revision, classes: options.actionClasses ?? null, ...PACK_PARAMS };
  return db.read(async (tx) => {
    const now = revision === (await current(tx));
    if (maxDepth === undefined) return answer(await fetchRadius(tx, now, params, undefined), source, options);

    const near = await fetchRadius(tx, now, params, maxDepth);
    const radius = answer(near, source, options); // validates the action classes before counting
    const kept = new Set(near.map((r) => r.name));
    const feeders = new Set<string>();
    for (const row of near.slice(1)) for (const w of row.ins) if (!kept.has(w)) feeders.add(w);
    const beyond = await countRadius(tx, now, params, [...kept], [...feeders]);
    // a node beyond maxDepth feeds one within it: a faster or ungated path may run through it, so
    // the answer needs the whole radius (the nodes beyond only for their edges: none is answered)
    if (beyond.rest !== null) return answer([...near, ...beyond.rest], source, options);
    radius.cut = beyond.reached - radius.consumers.length;
    radius.truncated = radius.cut > 0;
    return radius;
  });
}

function answer(rows: Row[], source: string, options: BlastRadiusOptions): BlastRadius {
  return model(rows, source, options).radius;
}

/**
 * The radius and its arrays, without edge objects: what an incident needs (no maxDepth): from the
 * process's index of the revision (revision-index.ts), else by the traversal.
 */
export async function neo4jRadiusModel(db: Neo4jSession, source: string, options: BlastRadiusOptions, current: (tx: ManagedTransaction) => Promise<number>, indexes?: RevisionIndexes): Promise<RadiusModel> {
  const index = await indexes?.at(options.revision);
  if (index) {
    if (!index.ids.has(source)) throw notFound('node', source);
    return blastRadiusModel(index, source, { ...options, withEdges: false });
  }
  const params = { source, rev: options.revision, classes: options.actionClasses ?? null, ...PACK_PARAMS };
  return db.read(async (tx) => model(await fetchRadius(tx, options.revision === (await current(tx)), params, undefined), source, { ...options, withEdges: false }));
}

function model(rows: Row[], source: string, options: BlastRadiusOptions & { withEdges?: boolean }): RadiusModel {
  if (rows.length === 0) throw notFound('node', source);
  const nodes: IndexNode[] = rows.map((r) => ({ name: r.name, attrs: r.attrs }));
  const builder = new IndexBuilder(nodes, rows.reduce((sum, r) => sum + r.out.length, 0));
  // the source's edges that do not carry the broken classes lead outside the fetched subgraph
  rows.forEach((row, i) => addPackedEdges(builder, i, row.out));
  const index = builder.build();
  return blastRadiusModel(index, source, options);
}

/** The source alive at $rev, as `s`. */
const sourceAt = (now: boolean) =>
  now
    ? 'MATCH (s:Node {name: $source}) WHERE s.alive'
    : `MATCH (s:Node {name: $source})
       CALL (s) { MATCH (sv:NodeVersion {name: s.name}) WHERE sv.revision <= $rev
                  RETURN sv ORDER BY sv.revision DESC LIMIT 1 }
       WITH s, sv WHERE NOT sv.deleted`;

/** Past the point where reading every radius node as it was costs less than patching. */
const PATCH_LIMIT = 20_000;

/** One row per node (the source first): its attributes, packed out-edges and, when bounded, its producers' names. */
async function fetchRadius(tx: ManagedTransaction, now: boolean, params: Record<string, unknown>, maxDepth: number | undefined): Promise<Row[]> {
  if (!now && maxDepth === undefined) {
    const changed = (await changedAfter(tx, params.rev as number)).names;
    if (changed.size <= PATCH_LIMIT) return fetchPastRadius(tx, params, changed);
  }
  return fetchRadiusRows(tx, now, params, maxDepth);
}

/**
 * The radius at a past revision, read mostly as it is now. A node no revision since has changed is
 * as it was, and so are its edges into other such nodes (an edge belongs to its consumer's
 * document): those come from the current attributes and packed lists. Only the changed nodes are
 * read as they were: their attributes at `rev`, and the edges into them live then. The traversal
 * itself follows the edges live at `rev`. An incident opened before the registry changed reads in
 * the time of one at the current revision, not one subquery per node (12 s at 100,000).
 */
async function fetchPastRadius(tx: ManagedTransaction, params: Record<string, unknown>, changed: Set<string>): Promise<Row[]> {
  const res = await tx.run(
    `${sourceAt(false)}
     CALL (s) { MATCH (s)-[rels:FEEDS*1..]->(c:Node) WHERE all(r IN rels WHERE ${CROSSES('r', false, params.classes)})
                RETURN collect(DISTINCT c) AS consumers }
     UNWIND [s] + consumers AS n
     RETURN n.name AS name, n.attrs AS attrs, coalesce(n.out, []) AS out`,
    params,
  );
  const rows = res.records.map((r) => ({ name: r.get('name') as string, attrs: r.get('attrs') as string | null, out: r.get('out') as string[] }));
  const touched = rows.filter((r) => changed.has(r.name)).map((r) => r.name);
  const then = new Map<string, string>();
  const into = new Map<string, string[]>();
  for (const names of chunks(touched)) {
    const versions = await tx.run(
      `UNWIND $names AS name
       CALL (name) { MATCH (v:NodeVersion {name: name}) WHERE v.revision <= $rev RETURN v ORDER BY v.revision DESC LIMIT 1 }
       RETURN name, v.attrs AS attrs`,
      { names, rev: params.rev },
    );
    for (const r of versions.records) then.set(r.get('name') as string, r.get('attrs') as string);
    const edges = await tx.run(
      `UNWIND $names AS name
       MATCH (p:Node)-[r:FEEDS]->(x:Node {name: name}) WHERE ${LIVE_AT('r')}
       RETURN p.name AS producer, ${packedEdge('r', 'x')} AS packed`,
      { ...params, names },
    );
    for (const r of edges.records) {
      const producer = r.get('producer') as string;
      let list = into.get(producer);
      if (!list) into.set(producer, (list = []));
      list.push(r.get('packed') as string);
    }
  }
  return rows.map((r) => ({
    name: r.name,
    attrs: JSON.parse((changed.has(r.name) ? then.get(r.name) : undefined) ?? r.attrs!) as NodeAttributes,
    // edges into changed nodes are replaced by those live at rev
    out: [...r.out.filter((packed) => !changed.has(consumerOf(packed))), ...(into.get(r.name) ?? [])],
    ins: [],
  }));
}

async function fetchRadiusRows(tx: ManagedTransaction, now: boolean, params: Record<string, unknown>, maxDepth: number | undefined): Promise<Row[]> {
  const a = now ? 'n' : 'v';
  const versionAt = now
    ? ''
    : `CALL (n) { MATCH (v:NodeVersion {name: n.name}) WHERE v.revision <= $rev
                  RETURN v ORDER BY v.revision DESC LIMIT 1 }`;
  // now: each node's packed list of live out-edges; in the past: the edges valid then
  const out = now ? 'coalesce(n.out, [])' : `COLLECT { MATCH (n)-[r:FEEDS]->(m:Node) WHERE ${LIVE_AT('r')} RETURN ${packedEdge('r', 'm')} }`;
  const ins = maxDepth === undefined ? '[]' : `CASE WHEN n = s THEN [] ELSE COLLECT { MATCH (w:Node)-[r:FEEDS]->(n) WHERE ${LIVE_AT('r')} RETURN w.name } END`;
  const consumers =
    maxDepth === 0
      ? 'WITH s, [] AS consumers'
      : `CALL (s) { MATCH (s)-[rels:FEEDS${hops(maxDepth)}]->(c:Node) WHERE all(r IN rels WHERE ${CROSSES('r', now, params.classes)})
                    RETURN collect(DISTINCT c) AS consumers }`;
  const res = await tx.run(
    `${sourceAt(now)}
     ${consumers}
     UNWIND [s] + consumers AS n
     ${versionAt}
     RETURN n.name AS name, ${a}.attrs AS attrs, ${out} AS out, ${ins} AS ins`,
    params,
  );
  return res.records.map((r) => ({
    name: r.get('name') as string,
    attrs: JSON.parse(r.get('attrs') as string) as NodeAttributes,
    out: r.get('out') as string[],
    ins: r.get('ins') as string[],
  }));
}

/** Stands for the attributes of a node beyond maxDepth, which the answer never reads. */
const UNREAD: NodeAttributes = { kind: 'System', owner: '' };

/**
 * How many consumers the whole radius holds; when one of `feeders` is among them, also the
 * nodes outside `kept` with their out-edges (else `rest` is null, and nothing more is read).
 */
async function countRadius(tx: ManagedTransaction, now: boolean, params: Record<string, unknown>, kept: string[], feeders: string[]) {
  const out = now ? 'coalesce(x.out, [])' : `COLLECT { MATCH (x)-[r:FEEDS]->(m:Node) WHERE ${LIVE_AT('r')} RETURN ${packedEdge('r', 'm')} }`;
  const res = await tx.run(
    `${sourceAt(now)}
     CALL (s) { MATCH (s)-[rels:FEEDS*1..]->(c:Node) WHERE all(r IN rels WHERE ${CROSSES('r', now, params.classes)})
                WITH DISTINCT c
                RETURN count(c) AS reached, count(CASE WHEN c.name IN $feeders THEN 1 END) AS reentering, collect(c) AS all }
     RETURN reached, CASE WHEN reentering = 0 THEN null ELSE [x IN all WHERE NOT x.name IN $kept | {name: x.name, out: ${out}}] END AS rest`,
    { ...params, kept, feeders },
  );
  const record = res.records[0];
  const rest = record.get('rest') as { name: string; out: string[] }[] | null;
  return { reached: record.get('reached') as number, rest: rest && rest.map((x): Row => ({ name: x.name, attrs: UNREAD, out: x.out, ins: [] })) };
}
