import { accuracyContract } from '../api/accuracy-contract.js';
import { apiContract, type ServerHarness } from '../api/api-contract.js';
import { incidentDecisionsContract } from '../api/incident-decisions-contract.js';
import { incidentLiveContract } from '../api/incident-live-contract.js';
import { incidentReadsContract } from '../api/incident-reads-contract.js';
import { clearNeo4j, describeNeo4j, neo4jConnection } from '../support/neo4j.js';
import { startTestServer } from '../support/server.js';

describeNeo4j('HTTP API on Neo4j', () => {
  /**
   * A harness whose first server starts on an empty database; its restarts keep the data. Each
   * suite gets its own, and the suites run one after another (this file's describes are sequential).
   */
  const fresh = (): ServerHarness => {
    let cleared = false;
    return {
      async start(options) {
        const conn = neo4jConnection()!;
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
  };
  apiContract('neo4j', fresh());
  accuracyContract('neo4j', fresh());
  incidentReadsContract('neo4j', fresh());
  incidentDecisionsContract('neo4j', fresh());
  incidentLiveContract('neo4j', fresh());
});
