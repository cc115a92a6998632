// The revision chain on Neo4j (CONTRACT.md §9): each (:Revision) carries `hash`, chained exactly as
// the embedded store chains its journal (hash-chain.ts revisionHash), over the record and the
// documents it wrote in their order (NodeVersion.index). Read back a page of versions at a time.
import type { NodeDocument, RevisionRecord } from '../../../graph-schema/index.js';
import type { NodeChange } from '../../analysis/apply-plan.js';
import { GENESIS, chainHash, digestsOf, type ChainCheck } from '../hash-chain.js';
import type { Neo4jSession, Row } from './session.js';

/** Versions read per query; a larger revision is read alone. */
const PAGE_VERSIONS = 5000;

interface Stored {
  record: RevisionRecord;
  changes: NodeChange[];
}

/** A :Revision's fields, as `r`; read back with recordOf. */
export const RECORD = 'r {.number, .at, .by, .summary, .created, .updated, .deleted, .hash} AS r';

export function recordOf(r: Row): RevisionRecord {
  const record: RevisionRecord = {
    revision: r.number as number,
    at: r.at as string,
    by: r.by as string,
    summary: r.summary as string,
    created: r.created as string[],
    updated: r.updated as string[],
    deleted: r.deleted as string[],
  };
  if (typeof r.hash === 'string') record.hash = r.hash;
  return record;
}

/** Calls `visit` for every revision in order, with its documents as written; returns how many there are and the graph's current revision. */
async function walk(db: Neo4jSession, visit: (r: Stored) => Promise<void> | void): Promise<{ count: number; current: number }> {
  const head = await db.read(async (tx) => {
    const revisions = (await tx.run(`MATCH (r:Revision) RETURN ${RECORD} ORDER BY r.number`)).records.map((x) => recordOf(x.get('r') as Row));
    const counts = new Map<number, number>();
    for (const x of (await tx.run('MATCH (v:NodeVersion) RETURN v.revision AS rev, count(*) AS n')).records) counts.set(x.get('rev') as number, x.get('n') as number);
    const meta = await tx.run('MATCH (m:Meta {id: "graph"}) RETURN m.revision AS revision');
    return { revisions, counts, current: (meta.records[0]?.get('revision') as number | undefined) ?? 0 };
  });
  const { revisions, counts } = head;
  for (let start = 0; start < revisions.length; ) {
    // a page of whole revisions, up to PAGE_VERSIONS documents (at least one revision)
    let end = start;
    let size = 0;
    while (end < revisions.length && (end === start || size + (counts.get(revisions[end].revision) ?? 0) <= PAGE_VERSIONS)) size += counts.get(revisions[end++].revision) ?? 0;
    const page = revisions.slice(start, end);
    const res = await db.read((tx) =>
      tx.run('MATCH (v:NodeVersion) WHERE v.revision IN $revs RETURN v.revision AS rev, v.name AS name, v.doc AS doc ORDER BY rev, v.index, name', {
        revs: page.map((r) => r.revision),
      }),
    );
    const changesOf = new Map<number, NodeChange[]>(page.map((r) => [r.revision, []]));
    for (const x of res.records) {
      const doc = x.get('doc') as string | null;
      changesOf.get(x.get('rev') as number)!.push({ name: x.get('name') as string, doc: doc === null ? null : (JSON.parse(doc) as NodeDocument) });
    }
    for (const record of page) await visit({ record, changes: changesOf.get(record.revision)! });
    start = end;
  }
  return { count: revisions.length, current: head.current };
}

/** The hash a revision must carry, given the previous one's (digesting yields now and then: a revision may hold 100,000 documents). */
async function expectedHash(previous: string, { record, changes }: Stored): Promise<string> {
  const { hash: _hash, ...plain } = record;
  return chainHash(previous, { record: plain, changes: await digestsOf(changes) });
}

/** Recomputes the chain; a revision missing from 1..current is named too. */
export async function verifyRevisionChain(db: Neo4jSession): Promise<ChainCheck> {
  let previous = GENESIS;
  let firstBad: string | null = null;
  let expectedNumber = 1;
  const { count, current } = await walk(db, async (stored) => {
    if (firstBad) return;
    if (stored.record.revision !== expectedNumber) firstBad = `revision ${expectedNumber}`;
    else {
      const expected = await expectedHash(previous, stored);
      if (stored.record.hash !== expected) firstBad = `revision ${stored.record.revision}`;
      previous = expected;
    }
    expectedNumber++;
    // digesting is CPU work: let requests in between revisions
    await new Promise((resolve) => setImmediate(resolve));
  });
  if (!firstBad && count < current) firstBad = `revision ${count + 1}`;
  return { ok: firstBad === null, entries: count, firstBad };
}

/**
 * Databases written before revisions were hashed: their revisions are chained as they stand,
 * once (a flag on the Meta node). After that a missing hash is a break, not something to repair.
 */
export async function backfillRevisionChain(db: Neo4jSession): Promise<void> {
  const flag = await db.read((tx) => tx.run('MATCH (m:Meta {id: "graph"}) RETURN m.revisionChain AS v'));
  if (flag.records[0]?.get('v')) return;
  // old versions have no order: their name order becomes it
  await db.write((tx) =>
    tx.run(
      `MATCH (r:Revision) WHERE r.hash IS NULL
       MATCH (v:NodeVersion {revision: r.number}) WHERE v.index IS NULL
       WITH r.number AS rev, v ORDER BY v.name
       WITH rev, collect(v) AS vs
       UNWIND range(0, size(vs) - 1) AS i
       WITH vs[i] AS v, i SET v.index = i`,
    ),
  );
  const updates: { number: number; hash: string }[] = [];
  let previous = GENESIS;
  await walk(db, async (stored) => {
    const hash = stored.record.hash ?? (await expectedHash(previous, stored));
    if (!stored.record.hash) updates.push({ number: stored.record.revision, hash });
    previous = hash;
  });
  await db.write(async (tx) => {
    if (updates.length > 0) await tx.run('UNWIND $updates AS u MATCH (r:Revision {number: u.number}) SET r.hash = u.hash', { updates });
    await tx.run('MATCH (m:Meta {id: "graph"}) SET m.revisionChain = 1');
  });
}
