// Schema and data migrations, run idempotently at start. Each data step records on the Meta node
// that it ran, so a restart costs one read per step.
import { CYPHER_CONSTRAINTS } from '../../../graph-schema/cypher.js';
import { edgesInto, type NodeDocument } from '../../../graph-schema/index.js';
import { nodeAttributes } from '../../analysis/graph.js';
import { OUT_EDGES, OUT_EDGES_FORMAT, PACK_PARAMS } from './out-edges.js';
import { chunks, type Neo4jSession } from './session.js';

/**
 * The stored attributes follow nodeAttributes(): when what it returns changes, bump this and every
 * node's are recomputed at the next start. A test pins nodeAttributes()'s answers to this number,
 * so a change that forgets the bump fails it. (A hash of the function's source text changed with
 * the build: a server started from dist/ after tsx rewrote 100,000 nodes, 27 s of its start.)
 */
export const ATTRS_FORMAT = 'v3';
const PAGE = 5000;

/**
 * One IF NOT EXISTS schema statement. Two instances starting at once on a fresh database race to
 * create the same index; the loser is told an equivalent one exists, which is what it wanted.
 */
async function schemaStep(db: Neo4jSession, statement: string): Promise<void> {
  try {
    await db.write((tx) => tx.run(statement));
  } catch (err) {
    const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
    if (code === 'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists' || code === 'Neo.ClientError.Schema.IndexAlreadyExists' || code === 'Neo.ClientError.Schema.ConstraintAlreadyExists') return;
    throw err;
  }
}

export async function migrate(db: Neo4jSession): Promise<void> {
  await db.driver.verifyConnectivity(db.options.database ? { database: db.options.database } : {});
  for (const statement of CYPHER_CONSTRAINTS) await schemaStep(db, statement);
  await db.write((tx) => tx.run('MERGE (m:Meta {id: "graph"}) ON CREATE SET m.revision = 0, m.attrs = $v', { v: ATTRS_FORMAT }));
  await backfillAttributes(db);
  await backfillOutEdges(db);
}

const metaFlag = async (db: Neo4jSession, flag: string) =>
  (await db.read((tx) => tx.run(`MATCH (m:Meta {id: "graph"}) RETURN m.${flag} AS v`))).records[0]?.get('v') as unknown;
const setMetaFlag = (db: Neo4jSession, flag: string, v: number | string) => db.write((tx) => tx.run(`MATCH (m:Meta {id: "graph"}) SET m.${flag} = $v`, { v }));

/**
 * Each node's and version's attributes and declared action classes, and each FEEDS
 * relationship's action classes, recomputed from the documents: for databases written before
 * they were stored, or with an older nodeAttributes(). A relationship's classes come from the
 * version of its consumer that created it (the one whose revision is the relationship's fromRev).
 */
async function backfillAttributes(db: Neo4jSession): Promise<void> {
  if ((await metaFlag(db, 'attrs')) === ATTRS_FORMAT) return;
  for (const label of ['Node', 'NodeVersion'] as const) {
    const key = label === 'Node' ? 'n.name AS name, 0 AS revision' : 'n.name AS name, n.revision AS revision';
    const match = label === 'Node' ? 'MATCH (n:Node {name: x.name})' : 'MATCH (n:NodeVersion {name: x.name, revision: x.revision})';
    for (;;) {
      // each page is marked done as it is written, so the next page reads the rest
      const page = await db.read((tx) =>
        tx.run(`MATCH (n:${label}) WHERE n.doc IS NOT NULL AND coalesce(n.attrsFormat, '') <> $f RETURN ${key}, n.doc AS doc LIMIT ${PAGE}`, { f: ATTRS_FORMAT }),
      );
      if (page.records.length === 0) break;
      const rows: { name: string; revision: number; attrs: string; classes: string[] | null }[] = [];
      const edges: { from: string; to: string; rev: number; classes: string[] }[] = [];
      for (const r of page.records) {
        const doc = JSON.parse(r.get('doc') as string) as NodeDocument;
        const revision = r.get('revision') as number;
        rows.push({ name: r.get('name') as string, revision, attrs: JSON.stringify(nodeAttributes(doc)), classes: doc.spec.actionClasses ?? null });
        if (label === 'NodeVersion') {
          for (const e of edgesInto(doc)) if (e.actionClasses?.length) edges.push({ from: e.from, to: e.to, rev: revision, classes: e.actionClasses });
        }
      }
      await db.write(async (tx) => {
        await tx.run(`UNWIND $rows AS x ${match} SET n.attrs = x.attrs, n.actionClasses = x.classes, n.attrsFormat = $f`, { rows, f: ATTRS_FORMAT });
        for (const part of chunks(edges)) {
          await tx.run('UNWIND $rows AS x MATCH (:Node {name: x.from})-[r:FEEDS {fromRev: x.rev}]->(:Node {name: x.to}) SET r.actionClasses = x.classes', { rows: part });
        }
      });
    }
  }
  await setMetaFlag(db, 'attrs', ATTRS_FORMAT);
  // the packed lists carry the edges' classes: rebuild them too
  await db.write((tx) => tx.run('MATCH (m:Meta {id: "graph"}) REMOVE m.outEdges'));
}

/** Databases written before `out` existed (or with an older packing) get it once, for every node. */
async function backfillOutEdges(db: Neo4jSession): Promise<void> {
  if ((await metaFlag(db, 'outEdges')) === OUT_EDGES_FORMAT) return;
  const session = db.session();
  try {
    // IN TRANSACTIONS needs an auto-commit transaction; the step is idempotent if interrupted.
    await session.run(`MATCH (p:Node) CALL (p) { SET p.out = ${OUT_EDGES} } IN TRANSACTIONS OF 10000 ROWS`, PACK_PARAMS);
  } finally {
    await session.close();
  }
  await setMetaFlag(db, 'outEdges', OUT_EDGES_FORMAT);
}
