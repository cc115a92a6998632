// The small rules the server and the web UI must apply alike, written once: how names compare,
// how an edge is keyed, what a consumer of each kind usually needs, in which order consumers are
// listed (the table, the CSV, the notifications) and how a consumer's state reads in words. Pure
// and dependency-free, so the browser bundle imports it as the server does.
import type { Action } from './api.js';
import type { NodeKind } from './manifest.js';

/** Code-point order: the same in every store, runtime and locale (localeCompare is not). */
export const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** An edge's key, producer first: node names cannot hold `>`, so the key is unambiguous. */
export const edgeKey = (from: string, to: string): string => `${from}->${to}`;

/** Edges by producer, then consumer, in code-point order. */
export const byEdge = (a: { from: string; to: string }, b: { from: string; to: string }): number => byName(a.from, b.from) || byName(a.to, b.to);

/** The action a commander would usually take on a consumer of this kind. */
export const SUGGESTED_ACTION = { Agent: 'stop', System: 'correct', Surface: 'notify' } as const satisfies Record<NodeKind, Action>;
export const suggestedAction = (kind: NodeKind): Action => SUGGESTED_ACTION[kind];

/** Arrival times (ISO 8601, or null for never) compared: earliest first, never last. */
export function byArrivalTime(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return Date.parse(a) - Date.parse(b);
}

/** The consumer order of the table and the worklist: arrival (never-arriving last), then depth, then name. */
export function byArrival(a: { arrival: string | null; depth: number; name: string }, b: { arrival: string | null; depth: number; name: string }): number {
  return byArrivalTime(a.arrival, b.arrival) || a.depth - b.depth || byName(a.name, b.name);
}

/** What a consumer's state in time turns on (CONTRACT.md §5). */
export interface ConsumerState {
  reached: 'observed' | 'estimated' | false;
  lateStop: boolean;
  arrival: string | null;
  exposed: boolean;
}

/** One consumer's state in words: what the commander and legal read. */
export function stateInWords(c: ConsumerState): string {
  if (c.reached !== false) return c.lateStop ? `reached (${c.reached}) before its stop` : `reached (${c.reached})`;
  if (c.arrival !== null) return 'will be reached'; // the output is travelling toward it
  return c.exposed ? 'held by a stop, still exposed to new outputs' : 'held by a stop';
}
