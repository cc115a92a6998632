// An incident in time (CONTRACT.md §5), as pure functions over a RadiusGraph and the stops in force:
// - arrival: the earliest time the output produced at outputAt reaches each node. It crosses
//   u -> v at arrival(u) + delay, unless a stop on u that blocks the edge took effect at or before
//   arrival(u). A node stopped in full at or before its arrival is held: no arrival, relays nothing.
// - exposed: future outputs still get there: not stopped in full, and a path from the source over
//   edges no stop blocks, whatever the times.
import type { Decision } from '../../graph-schema/index.js';
import { IdHeap } from './min-heap.js';
import type { RadiusGraph } from './radius-graph.js';

/** A stop in force on one node. */
export interface StopInForce {
  /** A full stop blocks every out-edge; a partial one only edges whose every class it pauses. */
  full: boolean;
  classes: ReadonlySet<string>;
  effectiveMs: number;
}

export type Stops = Map<number, StopInForce>;

/** The stops among the decisions in force, by local id. */
export function stopsOf(g: RadiusGraph, decisions: ReadonlyMap<string, Decision>): Stops {
  const stops: Stops = new Map();
  for (const d of decisions.values()) {
    if (d.action !== 'stop') continue;
    const id = g.ids.get(d.name);
    if (id === undefined) continue;
    stops.set(id, { full: !d.actionClasses, classes: new Set(d.actionClasses ?? []), effectiveMs: Date.parse(d.effectiveAt) });
  }
  return stops;
}

/** True when the stop blocks edge slot k (an unclassified edge only by a full stop). */
export function blocks(g: RadiusGraph, stop: StopInForce, k: number): boolean {
  if (stop.full) return true;
  const set = g.outClasses[k];
  return set >= 0 && g.classSets[set].every((c) => stop.classes.has(c));
}

/** Arrival in epoch milliseconds per local id; NaN where the output never arrives. */
export function arrivalTimes(g: RadiusGraph, outputAtMs: number, stops: Stops): Float64Array {
  const best = new Float64Array(g.n).fill(Infinity);
  const done = new Uint8Array(g.n);
  best[0] = outputAtMs;
  const heap = new IdHeap(g.n + 16);
  heap.push(outputAtMs, 0);
  while (heap.size > 0) {
    const u = heap.pop();
    const t = heap.lastKey;
    if (done[u]) continue;
    done[u] = 1;
    const stop = stops.get(u);
    const stopHolds = stop !== undefined && stop.effectiveMs <= t;
    if (u !== 0 && stopHolds && stop.full) {
      best[u] = NaN; // held: it never has the output
      continue;
    }
    for (let k = g.outStart[u]; k < g.outStart[u + 1]; k++) {
      if (stopHolds && blocks(g, stop, k)) continue;
      const v = g.outTo[k];
      const tv = t + g.outDelayMs[k];
      if (!done[v] && tv < best[v]) {
        best[v] = tv;
        heap.push(tv, v);
      }
    }
  }
  for (let i = 0; i < g.n; i++) if (best[i] === Infinity) best[i] = NaN;
  return best;
}

/** 1 where future outputs still arrive: reachable over edges no stop in force blocks. */
export function exposedNodes(g: RadiusGraph, stops: Stops): Uint8Array {
  const exposed = new Uint8Array(g.n);
  const sourceStop = stops.get(0);
  if (sourceStop?.full) return exposed;
  // flags instead of a map lookup per edge: a radius has a million edges and a handful of stops
  const full = new Uint8Array(g.n);
  for (const [id, stop] of stops) if (stop.full) full[id] = 1;
  const seen = new Uint8Array(g.n);
  seen[0] = 1;
  const stack = [0];
  while (stack.length > 0) {
    const u = stack.pop()!;
    const stop = stops.size > 0 ? stops.get(u) : undefined;
    for (let k = g.outStart[u]; k < g.outStart[u + 1]; k++) {
      if (stop !== undefined && blocks(g, stop, k)) continue;
      const v = g.outTo[k];
      if (seen[v]) continue;
      seen[v] = 1;
      if (full[v]) continue; // stopped in full: not exposed, relays nothing
      exposed[v] = 1;
      stack.push(v);
    }
  }
  exposed[0] = 0;
  return exposed;
}

/** The largest time a Date can hold: arrivals beyond it (impossible with bounded delays) clamp here. */
const MAX_DATE_MS = 8.64e15;

/** ISO text of epoch milliseconds, never throwing: NaN is null, beyond the Date range clamps. */
export function isoOrNull(ms: number): string | null {
  if (Number.isNaN(ms)) return null;
  return new Date(Math.max(-MAX_DATE_MS, Math.min(MAX_DATE_MS, ms))).toISOString();
}
