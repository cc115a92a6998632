// The Neo4j store keeps each node's live out-edges packed on the node, for fast radii at the
// current revision. A database written before that existed gets the lists built at start.
import { expect, it } from 'vitest';
import { blastRadius } from '../../server/analysis/blast-radius.js';
import { buildGraph } from '../../server/analysis/graph.js';
import { Neo4jStore } from '../../server/store/neo4j.js';
import { generateGraph } from '../support/graphs.js';
import { clearNeo4j, describeNeo4j, neo4jConnection, suiteDriver } from '../support/neo4j.js';

describeNeo4j('neo4j store: packed out-edges', () => {
  const conn = neo4jConnection()!;
  const driverOf = suiteDriver(conn);

  it('builds the lists at start for a database that has none, and answers as before', async () => {
    await clearNeo4j(conn, driverOf());
    const docs = generateGraph(21, 60);
    const first = new Neo4jStore(conn);
    await first.init();
    await first.apply(docs, { by: 'test' });
    await first.close();

    // as an older version of the store left it
    await driverOf().executeQuery('MATCH (n:Node) REMOVE n.out', {}, { database: conn.database });
    await driverOf().executeQuery('MATCH (m:Meta {id: "graph"}) REMOVE m.outEdges', {}, { database: conn.database });

    const store = new Neo4jStore(conn);
    await store.init();
    try {
      const { records } = await driverOf().executeQuery('MATCH (n:Node) WHERE n.out IS NULL RETURN count(n) AS missing', {}, { database: conn.database });
      expect(records[0].get('missing').toNumber()).toBe(0);
      const graph = buildGraph(docs);
      for (const source of ['n0', 'n7', 'n30']) {
        expect(await store.blastRadius(source, { revision: 1 })).toEqual(blastRadius(graph, source, { revision: 1 }));
      }
    } finally {
      await store.close();
    }
  });
});
