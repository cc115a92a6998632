// The rest of the independent reference (see incident-reference.ts): the containment plan of
// CONTRACT.md §6 with its minimum cut found by brute force over subsets of the cuttable nodes, and
// accuracy's contained and unexplained of §8. Written from the contract text, importing nothing
// from server/.
import { codePoint, stopBlocks, type RefEdge, type RefNode, type RefObservation, type RefRadius, type RefView } from './incident-reference.js';

export interface RefPlan {
  /** Surfaces the travelling output will reach: arrival > asOf, not reached. */
  pendingSurfaces: string[];
  /** Pending Surfaces a reached node feeds over a crossable edge, directly or through Surfaces. */
  unprotectable: string[];
  savable: string[];
  toNotify: string[];
  /** Agents and Systems (not the source, not stopped in full, not reached) on some crossable path. */
  cuttable: string[];
  /** The fewest stops that save every savable Surface; null when there were too many to try. */
  minimum: number | null;
  /** Every set of that size that works, each sorted. */
  optimal: string[][];
  /** The savable Surfaces the travelling output still reaches with these nodes stopped now. */
  leaks(stops: Iterable<string>): string[];
  /** The savable Surfaces reachable from `from` without entering `avoid`. */
  behind(from: string, avoid: Iterable<string>): string[];
}

const BRUTE_FORCE_LIMIT = 14;

export function referencePlan(radius: RefRadius, view: RefView): RefPlan {
  const kind = new Map(radius.consumers.map((c) => [c.name, c.kind]));
  // edges the travelling output can still cross: out of a node that has it, unless a stop on it
  // blocking that edge took effect at or before its arrival
  const crossable: RefEdge[] = radius.edges.filter((e) => {
    const t = view.arrival.get(e.from);
    if (t === null || t === undefined || e.to === radius.source) return false;
    const stop = view.inForce.get(e.from);
    return !(stopBlocks(stop, e) && stop!.effectiveAt <= t);
  });
  const reachedSide = new Set([radius.source, ...view.consumers.filter((c) => c.reached !== false).map((c) => c.name)]);
  const walk = (start: Iterable<string>, avoid: ReadonlySet<string>) => {
    const seen = new Set(start);
    for (let changed = true; changed; ) {
      changed = false;
      for (const e of crossable) {
        if (!seen.has(e.from) || seen.has(e.to) || avoid.has(e.to)) continue;
        seen.add(e.to);
        changed = true;
      }
    }
    return seen;
  };
  const pending = view.consumers.filter((c) => c.kind === 'Surface' && c.reached === false && c.arrival !== null && c.arrival > view.asOf).map((c) => c.name);
  const isFull = (n: string) => view.inForce.get(n)?.action === 'stop' && view.inForce.get(n)?.actionClasses === undefined;
  const allCuttable = view.consumers
    .filter((c) => c.kind !== 'Surface' && c.reached === false && !isFull(c.name))
    .map((c) => c.name);
  const everywhere = walk(reachedSide, new Set());
  const cuttable = allCuttable.filter((n) => everywhere.has(n)).sort(codePoint);
  const withAllCut = walk(reachedSide, new Set(cuttable));
  const unprotectable = pending.filter((s) => withAllCut.has(s)).sort(codePoint);
  const savable = pending.filter((s) => !withAllCut.has(s)).sort(codePoint);
  const leaks = (stops: Iterable<string>) => {
    const r = walk(reachedSide, new Set(stops));
    return savable.filter((s) => r.has(s));
  };
  let minimum: number | null = null;
  const optimal: string[][] = [];
  if (cuttable.length <= BRUTE_FORCE_LIMIT) {
    for (let k = 0; k <= cuttable.length && minimum === null; k++) {
      for (const subset of subsetsOfSize(cuttable, k)) if (leaks(subset).length === 0) optimal.push(subset);
      if (optimal.length > 0) minimum = k;
    }
  }
  return {
    pendingSurfaces: [...pending].sort(codePoint),
    unprotectable,
    savable,
    toNotify: view.consumers.filter((c) => c.kind === 'Surface' && c.reached !== false).map((c) => c.name).sort(codePoint),
    cuttable,
    minimum,
    optimal,
    leaks,
    behind: (from, avoid) => {
      const r = walk([from], new Set(avoid));
      return savable.filter((s) => s !== from && r.has(s) && kind.get(s) === 'Surface');
    },
  };
}

export function* subsetsOfSize<T>(items: T[], k: number, start = 0, chosen: T[] = []): Generator<T[]> {
  if (chosen.length === k) {
    yield [...chosen];
    return;
  }
  for (let i = start; i <= items.length - (k - chosen.length); i++) {
    chosen.push(items[i]);
    yield* subsetsOfSize(items, k, i + 1, chosen);
    chosen.pop();
  }
}

// ---------- §8 accuracy ----------

export interface RefAccuracy {
  predicted: string[];
  observed: string[];
  truePositives: string[];
  falsePositives: string[];
  falseNegatives: string[];
  contained: string[];
  unexplained: string[];
  precision: number | null;
  recall: number | null;
}

/**
 * `view` is the incident now. Observed names must be registered names (the caller resolves
 * aliases); the source never counts. Unexplained: observed although the graph and the stops give
 * it no arrival at or before the observed time (its earliest), or no arrival at all.
 */
export function referenceAccuracy(view: RefView, source: string, registered: Map<string, RefNode>, observations: RefObservation[]): RefAccuracy {
  const sorted = (s: Iterable<string>) => [...new Set(s)].sort(codePoint);
  const predicted = sorted(view.consumers.map((c) => c.name));
  const observed = sorted(observations.map((o) => o.name).filter((n) => n !== source && registered.has(n)));
  const inRadius = new Set(predicted);
  const seen = new Set(observed);
  const truePositives = predicted.filter((n) => seen.has(n));
  const contained = predicted.filter((n) => !seen.has(n) && view.byName.get(n)!.arrival === null);
  const falsePositives = predicted.filter((n) => !seen.has(n) && view.byName.get(n)!.arrival !== null);
  const falseNegatives = observed.filter((n) => !inRadius.has(n));
  const unexplained = observed.filter((n) => {
    const arrival = view.byName.get(n)?.arrival ?? null;
    if (arrival === null) return true;
    const times = observations.filter((o) => o.name === n && o.at !== undefined).map((o) => o.at!);
    return times.length > 0 && arrival > Math.min(...times);
  });
  const ratio = (a: number, b: number) => (a + b === 0 ? null : a / (a + b));
  return {
    predicted,
    observed,
    truePositives,
    falsePositives,
    falseNegatives,
    contained,
    unexplained,
    precision: ratio(truePositives.length, falsePositives.length),
    recall: ratio(truePositives.length, falseNegatives.length),
  };
}
