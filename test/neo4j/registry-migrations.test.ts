// A database written before action classes and node attributes were stored beside the
// documents, with the first packing of out-edges, answers exactly as a new one after init().
import { expect, it } from 'vitest';
import type { NodeDocument } from '../../graph-schema/index.js';
import { blastRadius } from '../../server/analysis/blast-radius.js';
import { buildGraph } from '../../server/analysis/graph.js';
import { Neo4jStore } from '../../server/store/neo4j.js';
import { OUT_EDGES_FORMAT, OUT_SEP } from '../../server/store/neo4j/out-edges.js';
import { doc } from '../support/graphs.js';
import { clearNeo4j, describeNeo4j, neo4jConnection, suiteDriver } from '../support/neo4j.js';

const agent = (name: string, actionClasses: string[], consumes: Parameters<typeof doc>[2] = []): NodeDocument => {
  const d = doc(name, 'Agent', consumes);
  return { ...d, spec: { ...d.spec, actionClasses } };
};

describeNeo4j('neo4j registry: migrations', () => {
  const conn = neo4jConnection()!;
  const driverOf = suiteDriver(conn);
  const run = (query: string, params: Record<string, unknown> = {}) => driverOf().executeQuery(query, params, { database: conn.database });

  it('backfills action classes and attributes from the documents, and repacks the out-edges with classes', async () => {
    await clearNeo4j(conn, driverOf());
    const first = [
      agent('src', ['pay', 'talk', 'odd\u001fclass']),
      agent('a', ['pay'], [{ from: 'src', actionClasses: ['pay', 'odd\u001fclass'], delay: 'PT1M' }]),
      doc('b', 'Surface', [{ from: 'src', actionClasses: ['talk'] }, { from: 'a', actionClasses: ['pay'] }]),
      doc('c', 'System', [{ from: 'src' }]),
    ];
    const second = [first[0], agent('a', ['pay'], [{ from: 'src', actionClasses: ['talk'] }]), ...first.slice(2)];
    const store = new Neo4jStore(conn);
    await store.init();
    await store.apply(first, { by: 'test' });
    await store.apply(second, { by: 'test' });
    await store.close();

    // as the store left databases before: no classes beside the documents, no attributes, packing 1
    await run('MATCH (n) WHERE n:Node OR n:NodeVersion REMOVE n.attrs, n.actionClasses, n.attrsFormat');
    await run('MATCH ()-[r:FEEDS]->() REMOVE r.actionClasses');
    await run(
      `MATCH (p:Node) SET p.out = [(p)-[e:FEEDS]->(m:Node) WHERE e.toRev IS NULL |
         m.name + $sep + e.gate + $sep + e.channel + $sep + e.mode + $sep + coalesce(toString(e.delaySeconds), '')]`,
      { sep: OUT_SEP },
    );
    await run('MATCH (m:Meta {id: "graph"}) REMOVE m.attrs SET m.outEdges = 1');

    const again = new Neo4jStore(conn);
    await again.init();
    try {
      const { records } = await run('MATCH (m:Meta {id: "graph"}) RETURN m.outEdges AS v');
      expect(Number(records[0].get('v'))).toBe(OUT_EDGES_FORMAT);
      for (const [revision, docs] of [[1, first], [2, second]] as const) {
        const graph = buildGraph(docs);
        for (const actionClasses of [null, ['pay'], ['talk'], ['odd\u001fclass']]) {
          for (const maxDepth of [undefined, 1]) {
            const options = { revision, actionClasses, ...(maxDepth === undefined ? {} : { maxDepth }) };
            expect(await again.blastRadius('src', options)).toEqual(blastRadius(graph, 'src', options));
          }
        }
      }
      const pay = await again.blastRadius('src', { revision: 1, actionClasses: ['pay'] });
      expect(pay.edges.find((e) => e.to === 'a')?.actionClasses).toEqual(['odd\u001fclass', 'pay']);
      expect((await again.blastRadius('src', { revision: 2, actionClasses: ['pay'] })).consumers.map((c) => c.name)).toEqual(['c']);
    } finally {
      await again.close();
    }
  });
});
