// The containment plan: the fewest not-yet-stopped Agents and Systems whose stopping leaves no
// Surface reachable from the source. A minimum vertex cut, found as a maximum flow on the split
// graph (each node v becomes v_in -> v_out with capacity 1 when it may be stopped, else infinite).
import type { ContainmentPlan, NodeKind } from '../../graph-schema/index.js';
import type { BlastRadius } from '../../graph-schema/index.js';
import { radiusAdjacency, remainingExposure } from './exposure.js';

const INF = Number.MAX_SAFE_INTEGER;

export function containmentPlan(incidentId: string, radius: BlastRadius, stopped: ReadonlySet<string>): ContainmentPlan {
  const adjacency = radiusAdjacency(radius);
  const kinds = new Map<string, NodeKind>(radius.consumers.map((c) => [c.name, c.kind]));
  kinds.set(radius.source, radius.sourceKind);
  const exposed = remainingExposure(radius, stopped, adjacency);
  const exposedSurfaces = [...exposed].filter((n) => kinds.get(n) === 'Surface').sort();

  // Surfaces fed by the source through Surfaces alone cannot be protected by stopping anything.
  const unprotectable = new Set<string>();
  const stack = [radius.source];
  while (stack.length > 0) {
    for (const v of adjacency.get(stack.pop()!) ?? []) {
      if (kinds.get(v) === 'Surface' && exposed.has(v) && !unprotectable.has(v)) {
        unprotectable.add(v);
        stack.push(v);
      }
    }
  }

  // Only the exposed part of the radius matters: stopped nodes are gone already.
  const nodes = [radius.source, ...[...exposed].sort()];
  const index = new Map(nodes.map((n, i) => [n, i]));
  const n = nodes.length;
  const sink = 2 * n;
  const flow = new FlowNetwork(2 * n + 1);
  const cuttable = (name: string) => name !== radius.source && kinds.get(name) !== 'Surface';
  nodes.forEach((name, i) => {
    flow.addEdge(2 * i, 2 * i + 1, cuttable(name) ? 1 : INF);
    for (const v of adjacency.get(name) ?? []) {
      const j = index.get(v);
      if (j !== undefined) flow.addEdge(2 * i + 1, 2 * j, INF);
    }
    if (kinds.get(name) === 'Surface' && !unprotectable.has(name)) flow.addEdge(2 * i + 1, sink, INF);
  });
  flow.maxFlow(1, sink); // from the source's out-side

  // Cut nodes: in-side reachable in the residual graph, out-side not.
  const reachable = flow.residualReachable(1);
  const stops = nodes.filter((name, i) => cuttable(name) && reachable[2 * i] && !reachable[2 * i + 1]);
  const stopSet = new Set(stops);

  return {
    incident: incidentId,
    stops: stops.map((name) => {
      // A surface the source reaches through surfaces alone stays exposed whatever is stopped.
      const protects = surfacesBehind(name, adjacency, kinds, stopSet, exposed).filter((s) => !unprotectable.has(s));
      const kind = kinds.get(name)!;
      return {
        name,
        kind,
        action: 'stop' as const,
        protects,
        reason:
          protects.length > 0
            ? `Every remaining path to ${listNames(protects)} passes through ${name} or another stop in this plan`
            : `Needed to close a path to an exposed surface`,
      };
    }),
    exposedSurfacesBefore: exposedSurfaces,
    feasible: unprotectable.size === 0,
    unprotectable: [...unprotectable].sort(),
  };
}

function surfacesBehind(
  start: string,
  adjacency: Map<string, string[]>,
  kinds: Map<string, NodeKind>,
  stops: Set<string>,
  exposed: Set<string>,
): string[] {
  const seen = new Set<string>([start]);
  const stack = [start];
  const surfaces: string[] = [];
  while (stack.length > 0) {
    for (const v of adjacency.get(stack.pop()!) ?? []) {
      if (seen.has(v) || stops.has(v) || !exposed.has(v)) continue;
      seen.add(v);
      if (kinds.get(v) === 'Surface') surfaces.push(v);
      stack.push(v);
    }
  }
  return surfaces.sort();
}

function listNames(names: string[]): string {
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more surfaces`;
}

/** Dinic's algorithm on an adjacency-array network; unit capacities make it fast. */
class FlowNetwork {
  private head: number[];
  private to: number[] = [];
  private cap: number[] = [];
  private next: number[] = [];

  constructor(private size: number) {
    this.head = new Array(size).fill(-1);
  }

  addEdge(u: number, v: number, capacity: number): void {
    this.push(u, v, capacity);
    this.push(v, u, 0);
  }

  private push(u: number, v: number, capacity: number): void {
    this.to.push(v);
    this.cap.push(capacity);
    this.next.push(this.head[u]);
    this.head[u] = this.to.length - 1;
  }

  maxFlow(s: number, t: number): number {
    let total = 0;
    const level = new Int32Array(this.size);
    const iter = new Int32Array(this.size);
    for (;;) {
      level.fill(-1);
      level[s] = 0;
      const queue = [s];
      for (let qi = 0; qi < queue.length; qi++) {
        const u = queue[qi];
        for (let e = this.head[u]; e !== -1; e = this.next[e]) {
          if (this.cap[e] > 0 && level[this.to[e]] < 0) {
            level[this.to[e]] = level[u] + 1;
            queue.push(this.to[e]);
          }
        }
      }
      if (level[t] < 0) return total;
      for (let i = 0; i < this.size; i++) iter[i] = this.head[i];
      for (;;) {
        const pushed = this.augment(s, t, INF, level, iter);
        if (pushed === 0) break;
        total += pushed;
      }
    }
  }

  /** One blocking-flow augmentation, iterative so deep radii cannot overflow the stack. */
  private augment(s: number, t: number, limit: number, level: Int32Array, iter: Int32Array): number {
    const pathEdges: number[] = [];
    let u = s;
    for (;;) {
      if (u === t) {
        let f = limit;
        for (const e of pathEdges) f = Math.min(f, this.cap[e]);
        for (const e of pathEdges) {
          this.cap[e] -= f;
          this.cap[e ^ 1] += f;
        }
        return f;
      }
      let e = iter[u];
      while (e !== -1 && !(this.cap[e] > 0 && level[this.to[e]] === level[u] + 1)) e = this.next[e];
      iter[u] = e;
      if (e === -1) {
        if (pathEdges.length === 0) return 0;
        level[u] = -1; // dead end: never try it again in this phase
        const back = pathEdges.pop()!;
        u = this.to[back ^ 1];
        continue;
      }
      pathEdges.push(e);
      u = this.to[e];
    }
  }

  residualReachable(s: number): boolean[] {
    const seen = new Array<boolean>(this.size).fill(false);
    seen[s] = true;
    const stack = [s];
    while (stack.length > 0) {
      const u = stack.pop()!;
      for (let e = this.head[u]; e !== -1; e = this.next[e]) {
        if (this.cap[e] > 0 && !seen[this.to[e]]) {
          seen[this.to[e]] = true;
          stack.push(this.to[e]);
        }
      }
    }
    return seen;
  }
}
