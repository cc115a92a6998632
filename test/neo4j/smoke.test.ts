import { expect, it } from 'vitest';
import { clearNeo4j, describeNeo4j, neo4jConnection, suiteDriver } from '../support/neo4j';

describeNeo4j('neo4j test server', () => {
  const conn = neo4jConnection()!;
  const driverOf = suiteDriver(conn);

  it('answers RETURN 1 and is Neo4j 5.26', async () => {
    const { records } = await driverOf().executeQuery('RETURN 1 AS one', {}, { database: conn.database });
    expect(records[0].get('one').toNumber()).toBe(1);

    const info = await driverOf().getServerInfo({ database: conn.database });
    expect(info.agent).toMatch(/^Neo4j\/5\.26\./);
    const { records: components } = await driverOf().executeQuery(
      'CALL dbms.components() YIELD name, versions RETURN name, versions[0] AS version',
      {},
      { database: conn.database },
    );
    expect(components[0].get('version')).toMatch(/^5\.26\./);
  });

  it('clearNeo4j empties the database in batches', async () => {
    await driverOf().executeQuery(
      'UNWIND range(1, 25000) AS i CREATE (:SmokeNode {i: i})-[:NEXT]->(:SmokeNode {i: -i})',
      {},
      { database: conn.database },
    );
    await clearNeo4j(conn, driverOf());
    const { records } = await driverOf().executeQuery('MATCH (n) RETURN count(n) AS n', {}, { database: conn.database });
    expect(records[0].get('n').toNumber()).toBe(0);
  });
});
