// The tamper-evident record (CONTRACT.md §9): each entry's hash is SHA-256 over the previous
// entry's hash and the entry's canonical JSON (keys sorted, no hash field), so changing any stored
// entry breaks every hash after it.
import type { AuditResult } from '../../graph-schema/index.js';
import { createHash } from 'node:crypto';

/**
 * JSON with object keys in code-point order at every depth: one text per value. Built by
 * concatenation, without an array per object (a restart verifies 100,000 documents with it;
 * JSON.stringify with a key-sorting replacer was no faster, and reorders index-like keys).
 * test/core/hash-chain.test.ts holds it to the first, plainer form, whose texts are behind every
 * stored hash.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      out += (i === 0 ? '' : ',') + (v === undefined ? 'null' : canonicalJson(v));
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    out += (out.length === 1 ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return out + '}';
}

export const GENESIS = '0'.repeat(64);

export function chainHash(previous: string, entry: object): string {
  const { hash: _hash, ...rest } = entry as { hash?: string };
  return createHash('sha256').update(previous).update('\n').update(canonicalJson(rest)).digest('hex');
}

/** What a chain check finds: the audit answer's own shape (firstBad names where it first fails). */
export type ChainCheck = AuditResult;

/** Recomputes a chain; `label` names an entry for firstBad. */
export function verifyChain<T extends { hash?: string }>(entries: readonly T[], label: (e: T) => string): ChainCheck {
  let previous = GENESIS;
  for (const e of entries) {
    const expected = chainHash(previous, e);
    if (e.hash !== expected) return { ok: false, entries: entries.length, firstBad: label(e) };
    previous = expected;
  }
  return { ok: true, entries: entries.length, firstBad: null };
}

/** SHA-256 of a value's canonical JSON. */
export const digestOf = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex');

/** The digests of many values, yielding to the event loop every 2,000 so requests go on meanwhile. */
export async function digestsOf(values: readonly unknown[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) {
    out.push(digestOf(values[i]));
    if ((i + 1) % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

/**
 * A revision's link: over the record (without its own hash) and the digest of each document it
 * wrote, in order, so a revision of 100,000 documents is hashed (and verified) a document at a time.
 */
export function revisionHash(previous: string, record: { hash?: string }, changes: readonly unknown[]): string {
  const { hash: _hash, ...plain } = record;
  return chainHash(previous, { record: plain, changes: changes.map(digestOf) });
}

/** Recomputes the revision chain, yielding to the event loop now and then so reads go on meanwhile. */
export async function verifyRevisions(revisions: readonly { record: { revision: number; hash?: string }; changes: readonly unknown[] }[]): Promise<ChainCheck> {
  let previous = GENESIS;
  for (const r of revisions) {
    const { hash: _hash, ...plain } = r.record;
    const expected = chainHash(previous, { record: plain, changes: await digestsOf(r.changes) });
    if (r.record.hash !== expected) return { ok: false, entries: revisions.length, firstBad: `revision ${r.record.revision}` };
    previous = expected;
  }
  return { ok: true, entries: revisions.length, firstBad: null };
}
