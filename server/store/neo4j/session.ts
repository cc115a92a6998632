// One driver per store and the two ways to use it: a read or a write transaction, retried here.
// Every query in the Neo4j store goes through here, so driver timeouts and error mapping live in
// one place. With the database down, an answer comes within 5 s (CONTRACT.md §9): connections
// time out fast, and connection errors are retried only within OUTAGE_BUDGET_MS.
import neo4j, { ManagedTransaction, type Driver, type Session } from 'neo4j-driver';
import { DomainError, unavailable } from '../../errors.js';
import { currentBookmarks, noteWriteBookmarks, refusedBookmark } from './bookmarks.js';

export interface Neo4jOptions {
  uri: string;
  user: string;
  password: string;
  database?: string;
}

export type Row = Record<string, unknown>;

/** Opening a socket to the database. */
export const CONNECT_TIMEOUT_MS = 2000;
/** A connection from the pool, opened or borrowed (the driver wants it >= the connect timeout). */
export const ACQUIRE_TIMEOUT_MS = 2500;
/** Connection errors are retried until then: a retry never starts unless it can end within it. */
export const OUTAGE_BUDGET_MS = 4500;
/** Transient errors of a database that answers (deadlocks, lock timeouts): retried as the driver would. */
const TRANSIENT_BUDGET_MS = 30_000;

const OUTCOME_UNKNOWN =
  'The connection to Neo4j was lost after the write was sent, so it may or may not have been applied; re-read the resource before retrying';

export class Neo4jSession {
  readonly driver: Driver;

  constructor(readonly options: Neo4jOptions) {
    this.driver = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
      disableLosslessIntegers: true,
      maxConnectionPoolSize: 20,
      connectionTimeout: CONNECT_TIMEOUT_MS,
      connectionAcquisitionTimeout: ACQUIRE_TIMEOUT_MS,
      // executeRead/executeWrite are not used (see run()); this bounds any other driver retry
      maxTransactionRetryTime: 1000,
      logging: { level: 'error', logger: () => undefined },
    });
  }

  session(mode: 'READ' | 'WRITE' = 'WRITE'): Session {
    // a request carrying X-Bookmark reads after that write, on any cluster member (bookmarks.ts)
    const bookmarks = currentBookmarks();
    return this.driver.session({
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      ...(this.options.database ? { database: this.options.database } : {}),
      ...(bookmarks ? { bookmarks } : {}),
    });
  }

  read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.run('READ', work);
  }

  write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.run('WRITE', work);
  }

  /**
   * One transaction, retried on retryable errors. Not the driver's executeWrite: it retries the
   * whole unit after a commit whose connection dropped, which could apply a write twice. Here a
   * commit that fails that way is reported as `write_outcome_unknown` instead.
   */
  private async run<T>(mode: 'READ' | 'WRITE', work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const session = this.session(mode);
      let committing = false;
      try {
        const tx = session.beginTransaction();
        let result: T;
        try {
          result = await work(ManagedTransaction.fromTransaction(tx));
        } catch (err) {
          if (tx.isOpen()) await tx.rollback().catch(() => undefined);
          throw err;
        }
        committing = true;
        await tx.commit();
        if (mode === 'WRITE') noteWriteBookmarks(session.lastBookmarks());
        return result;
      } catch (err) {
        if (err instanceof DomainError) throw err;
        const refused = refusedBookmark(err); // a client's forged X-Bookmark: its error, not ours
        if (refused) throw refused;
        const kind = classify(err);
        if (kind === 'other') throw err;
        if (committing && mode === 'WRITE' && kind === 'connection') throw unavailable(OUTCOME_UNKNOWN, 'write_outcome_unknown');
        const delay = Math.min(100 * 2 ** attempt, 1000);
        const elapsed = Date.now() - started;
        const retry = kind === 'transient' ? elapsed + delay < TRANSIENT_BUDGET_MS : kind === 'connection' && elapsed + delay + ACQUIRE_TIMEOUT_MS <= OUTAGE_BUDGET_MS;
        if (!retry) {
          if (kind === 'transient') throw err;
          throw unavailable(`The Neo4j store cannot be reached (${this.options.uri}): ${firstLine(err)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      } finally {
        await session.close().catch(() => undefined);
      }
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

/** Connection: the database did not answer (retry, then 503). Transient: it answered "try again". */
function classify(err: unknown): 'connection' | 'transient' | 'other' {
  const e = err as { code?: string; message?: string };
  if (e?.code === neo4j.error.SERVICE_UNAVAILABLE || e?.code === neo4j.error.SESSION_EXPIRED) return 'connection';
  if (/acquisition timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|socket hang up|Connection was closed/i.test(e?.message ?? '')) return 'connection';
  if (typeof e?.code === 'string' && e.code.includes('TransientError')) return 'transient';
  return 'other';
}

const firstLine = (err: unknown) => String((err as Error)?.message ?? err).split('\n')[0].slice(0, 300);

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
