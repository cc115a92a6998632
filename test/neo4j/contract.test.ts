import { Neo4jStore } from '../../server/store/neo4j.js';
import type { GraphStore } from '../../server/store/types.js';
import { storeContract } from '../contract/store-contract.js';
import { clearNeo4j, describeNeo4j, neo4jConnection } from '../support/neo4j.js';

describeNeo4j('neo4j store', () => {
  const open = async () => {
    const conn = neo4jConnection()!;
    const store = new Neo4jStore(conn);
    await store.init();
    return store;
  };
  storeContract('neo4j', {
    async fresh() {
      await clearNeo4j(neo4jConnection()!);
      return open();
    },
    async reopen(store: GraphStore) {
      await store.close();
      return open();
    },
  });
});
