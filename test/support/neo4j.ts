/**
 * Helpers for tests that need a real Neo4j. The server is found or started once
 * per run by test/setup/global-neo4j.ts, which passes its connection here.
 *
 *   describeNeo4j('store', () => {
 *     const conn = neo4jConnection()!;
 *     beforeEach(() => clearNeo4j(conn));
 *     ...
 *   });
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import type { Neo4jConnection } from '../setup/global-neo4j';

export type { Neo4jConnection };

/** The connection globalSetup provided, or null when no Neo4j is available. */
export function neo4jConnection(): Neo4jConnection | null {
  return inject('neo4j') ?? null;
}

/** True when a missing Neo4j must fail the run instead of skipping (CI=true or REQUIRE_NEO4J=1). */
export function neo4jRequired(): boolean {
  return process.env.CI === 'true' || process.env.REQUIRE_NEO4J === '1';
}

/**
 * `describe` for suites that need Neo4j: runs them when a connection exists;
 * otherwise registers one failing test when Neo4j is required, or skips the
 * suite with a loud message.
 */
export function describeNeo4j(name: string, fn: () => void): void {
  if (neo4jConnection()) {
    describe(name, fn);
    return;
  }
  if (neo4jRequired()) {
    describe(name, () => {
      it('needs Neo4j', () => {
        throw new Error(
          'Neo4j was required (CI=true or REQUIRE_NEO4J=1) but no connection was provided: ' +
            'is test/setup/global-neo4j.ts listed in globalSetup of vitest.config.ts?',
        );
      });
    });
    return;
  }
  console.warn(`\x1b[1;33m!!! SKIPPED "${name}": no Neo4j (install java + mvn, or set NEO4J_URI) !!!\x1b[0m`);
  describe.skip(name, fn);
}

/** A driver for the given connection; close it in afterAll. */
export function neo4jDriver(conn: Neo4jConnection): Driver {
  return neo4j.driver(conn.uri, neo4j.auth.basic(conn.user, conn.password), {
    logging: { level: 'warn', logger: (level, message) => console.warn(`[neo4j-driver ${level}] ${message}`) },
  });
}

/**
 * Deletes every node and relationship of the test database, in batches so that
 * it also works on graphs too big for one transaction. Indexes and constraints
 * are kept. Pass a driver to reuse it; otherwise a short-lived one is used.
 */
export async function clearNeo4j(conn: Neo4jConnection, driver?: Driver): Promise<void> {
  const d = driver ?? neo4jDriver(conn);
  // CALL ... IN TRANSACTIONS needs an auto-commit transaction: session.run,
  // not executeQuery / executeWrite.
  const session = d.session({ database: conn.database });
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
    if (!driver) await d.close();
  }
}

/** Inside a suite: a driver opened before its tests and closed after; call the result to get it. */
export function suiteDriver(conn: Neo4jConnection): () => Driver {
  let driver: Driver | undefined;
  beforeAll(() => {
    driver = neo4jDriver(conn);
  });
  afterAll(async () => {
    await driver?.close();
  });
  return () => driver!;
}
