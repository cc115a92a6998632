import path from 'node:path';
import type { Config } from '../config.js';
import { EmbeddedStore } from './embedded.js';
import type { GraphStore } from './types.js';

export async function createStore(config: Config): Promise<GraphStore> {
  const store: GraphStore =
    config.BLAST_RADIUS_STORE === 'neo4j'
      ? new (await import('./neo4j.js')).Neo4jStore({
          uri: config.NEO4J_URI,
          user: config.NEO4J_USER,
          password: config.NEO4J_PASSWORD,
          ...(config.NEO4J_DATABASE ? { database: config.NEO4J_DATABASE } : {}),
        })
      : new EmbeddedStore(path.resolve(config.BLAST_RADIUS_DATA));
  await store.init();
  return store;
}
