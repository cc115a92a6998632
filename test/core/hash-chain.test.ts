// Stored hashes were computed with the first form of canonicalJson: any faster form must give the
// very same text for every value, or every journal and database written before stops verifying.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../server/store/hash-chain.js';
import { generateGraph, rng } from '../support/graphs.js';

/** canonicalJson as first written (the texts behind every stored hash). */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  const keys = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

function randomValue(random: () => number, depth: number): unknown {
  const r = random();
  const leaves: unknown[] = [null, true, false, 0, -0, 1.5, -3, 1e21, 2 ** 53, '', 'a"b\\c', 'é ☃ \u2028 \u0000', undefined, NaN, Infinity];
  if (depth > 3 || r < 0.4) return leaves[Math.floor(random() * leaves.length)];
  if (r < 0.65) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  const keys = ['b', 'a', 'B', '', 'é', '10', '9', 'z"q', '__proto_', 'ab', 'a b'];
  const obj: Record<string, unknown> = {};
  for (let i = 0; i < Math.floor(random() * 5); i++) obj[keys[Math.floor(random() * keys.length)]] = randomValue(random, depth + 1);
  return obj;
}

describe('canonicalJson', () => {
  it('gives the text of its first form for random values: nesting, undefined fields and items, odd keys and numbers', () => {
    const random = rng(99);
    for (let i = 0; i < 5000; i++) {
      const v = randomValue(random, 0);
      expect(canonicalJson(v)).toBe(reference(v));
    }
  });

  it('gives the text of its first form for manifests and revision records', () => {
    for (const doc of generateGraph(3, 60)) expect(canonicalJson(doc)).toBe(reference(doc));
    const record = { revision: 3, at: '2026-12-01T00:00:00.000Z', by: 'x', summary: 's', created: ['a'], updated: [], deleted: ['b'], hash: undefined };
    expect(canonicalJson({ record, changes: ['d1', 'd2'] })).toBe(reference({ record, changes: ['d1', 'd2'] }));
  });
});
