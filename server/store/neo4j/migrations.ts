// Schema and data migrations, run idempotently at start.
import { CYPHER_CONSTRAINTS } from '../../../graph-schema/cypher.js';
import { OUT_EDGES, OUT_EDGES_FORMAT, OUT_SEP } from './registry.js';
import type { Neo4jSession } from './session.js';

export async function migrate(db: Neo4jSession): Promise<void> {
  await db.driver.verifyConnectivity(db.options.database ? { database: db.options.database } : {});
  for (const statement of CYPHER_CONSTRAINTS) await db.write((tx) => tx.run(statement));
  await db.write((tx) => tx.run('MERGE (m:Meta {id: "graph"}) ON CREATE SET m.revision = 0'));
  await backfillOutEdges(db);
}

/** Databases written before `out` existed (or with an older packing) get it once, for every node. */
async function backfillOutEdges(db: Neo4jSession): Promise<void> {
  const res = await db.read((tx) => tx.run('MATCH (m:Meta {id: "graph"}) RETURN m.outEdges AS v'));
  if (res.records[0]?.get('v') === OUT_EDGES_FORMAT) return;
  const session = db.session();
  try {
    // IN TRANSACTIONS needs an auto-commit transaction; the step is idempotent if interrupted.
    await session.run(`MATCH (p:Node) CALL { WITH p SET p.out = ${OUT_EDGES} } IN TRANSACTIONS OF 10000 ROWS`, { sep: OUT_SEP });
  } finally {
    await session.close();
  }
  await db.write((tx) => tx.run('MATCH (m:Meta {id: "graph"}) SET m.outEdges = $v', { v: OUT_EDGES_FORMAT }));
}
