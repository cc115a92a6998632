import { accuracyContract } from '../api/accuracy-contract.js';
import { apiContract, type ServerHarness } from '../api/api-contract.js';
import { clearNeo4j, describeNeo4j, neo4jConnection } from '../support/neo4j.js';
import { startTestServer } from '../support/server.js';

describeNeo4j('HTTP API on Neo4j', () => {
  let cleared = false;
  const harness: ServerHarness = {
    async start(options) {
      const conn = neo4jConnection()!;
      // the suite's first server starts on an empty database; restarts keep the data
      if (!cleared) {
        await clearNeo4j(conn);
        cleared = true;
      }
      return startTestServer({
        demo: false,
        ...options,
        env: { BLAST_RADIUS_STORE: 'neo4j', NEO4J_URI: conn.uri, NEO4J_USER: conn.user, NEO4J_PASSWORD: conn.password, ...(conn.database ? { NEO4J_DATABASE: conn.database } : {}), ...options?.env },
      });
    },
  };
  apiContract('neo4j', harness);
  describeNeo4j('accuracy', () => {
    let fresh = false;
    accuracyContract('neo4j', {
      async start(options) {
        if (!fresh) {
          cleared = false; // the accuracy suite starts on an empty database too
          fresh = true;
        }
        return harness.start(options);
      },
    });
  });
});
