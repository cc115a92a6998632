// One driver per store and the two ways to use it: a managed read or write transaction.
// Every query in the Neo4j store goes through here, so driver timeouts and error mapping live in one place.
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import { currentBookmarks, noteWriteBookmarks } from './bookmarks.js';

export interface Neo4jOptions {
  uri: string;
  user: string;
  password: string;
  database?: string;
}

export type Row = Record<string, unknown>;

export class Neo4jSession {
  readonly driver: Driver;

  constructor(readonly options: Neo4jOptions) {
    this.driver = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
      disableLosslessIntegers: true,
      maxConnectionPoolSize: 20,
    });
  }

  session() {
    // a request carrying X-Bookmark reads after that write, on any cluster member (bookmarks.ts)
    const bookmarks = currentBookmarks();
    return this.driver.session({ ...(this.options.database ? { database: this.options.database } : {}), ...(bookmarks ? { bookmarks } : {}) });
  }

  async read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.session();
    try {
      return await session.executeRead(work);
    } finally {
      await session.close();
    }
  }

  async write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.session();
    try {
      const result = await session.executeWrite(work);
      noteWriteBookmarks(session.lastBookmarks());
      return result;
    } finally {
      await session.close();
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

const CHUNK = 10_000;

/** UNWIND batches: a parameter list of a million would exhaust the transaction's memory. */
export function* chunks<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}

export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function withoutNulls(row: Row): Row {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null));
}
