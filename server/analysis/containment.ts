// The containment plan in time (CONTRACT.md §6). First the source: stop its broken action classes
// (this ends exposure to future outputs). Then, for the output already travelling, the fewest
// Agents and Systems not yet reached whose full stop now keeps every pending Surface that can still
// be saved from being reached: a minimum vertex cut, found as a maximum flow on the split graph
// (each node v becomes v_in -> v_out, capacity 1 when it may be stopped, else infinite), between
// the source with every reached node on one side and the savable pending Surfaces on the other.
// Dinic's algorithm is written here rather than taken from a library: the split graph, the unit
// capacities and the residual read-out of the cut are this problem's own, and it is 80 lines.
import type { ContainmentPlan, ContainmentPrimitive, Decision, IncidentRecord, SourceStep } from '../../graph-schema/index.js';
import { byName } from '../../graph-schema/rules.js';
import { blocks, stopsOf, type Stops } from './incident-time.js';
import type { Facts } from './incident-view.js';
import { SURFACE, type RadiusGraph } from './radius-graph.js';

const INF = Number.MAX_SAFE_INTEGER;

export interface SourceInfo {
  record: IncidentRecord;
  /** The source's declared action classes and its manifest's containment registry. */
  declared: string[];
  containment: ContainmentPrimitive[];
}

export function containmentPlan(f: Facts, source: SourceInfo): ContainmentPlan {
  const { g, timeline, asOfMs } = f;
  const arrival = timeline.arrival;
  const stops = stopsOf(g, f.log.decisions);
  const reached = (id: number) => id === 0 || f.observed.has(g.names[id]) || (!Number.isNaN(arrival[id]) && arrival[id] <= asOfMs);
  const pending = (id: number) => !reached(id) && !Number.isNaN(arrival[id]);
  const live = liveEdges(g, arrival, stops);
  const cuttable = (id: number) => id !== 0 && g.kind[id] !== SURFACE && pending(id) && !stops.get(id)?.full;

  const pendingSurfaces: number[] = [];
  const toNotify: string[] = [];
  for (let id = 1; id < g.n; id++) {
    if (g.kind[id] !== SURFACE) continue;
    if (reached(id)) toNotify.push(g.names[id]);
    else if (pending(id)) pendingSurfaces.push(id);
  }

  // Pending Surfaces a reached node feeds over a live edge, directly or through other Surfaces
  // (or anything else no stop can cut): no stop saves them.
  const unprotectable = new Uint8Array(g.n);
  const stack: number[] = [];
  for (let u = 0; u < g.n; u++) if (reached(u)) stack.push(u);
  const seen = new Uint8Array(g.n);
  while (stack.length > 0) {
    const u = stack.pop()!;
    for (let k = g.outStart[u]; k < g.outStart[u + 1]; k++) {
      const v = g.outTo[k];
      if (!live[k] || !pending(v) || cuttable(v) || seen[v]) continue;
      seen[v] = 1;
      if (g.kind[v] === SURFACE) unprotectable[v] = 1;
      stack.push(v);
    }
  }

  // The flow network over nodes with an arrival: 2*id is v_in, 2*id+1 is v_out.
  const superSource = 2 * g.n;
  const sink = superSource + 1;
  const flow = new FlowNetwork(sink + 1);
  for (let u = 0; u < g.n; u++) {
    if (Number.isNaN(arrival[u])) continue;
    flow.addEdge(2 * u, 2 * u + 1, cuttable(u) ? 1 : INF);
    if (reached(u)) flow.addEdge(superSource, 2 * u, INF);
    for (let k = g.outStart[u]; k < g.outStart[u + 1]; k++) {
      if (live[k] && pending(g.outTo[k])) flow.addEdge(2 * u + 1, 2 * g.outTo[k], INF);
    }
  }
  for (const id of pendingSurfaces) if (!unprotectable[id]) flow.addEdge(2 * id + 1, sink, INF);
  flow.maxFlow(superSource, sink);
  const side = flow.residualReachable(superSource);
  const cut: number[] = [];
  for (let u = 1; u < g.n; u++) if (cuttable(u) && side[2 * u] && !side[2 * u + 1]) cut.push(u);
  const cutSet = new Set(cut);

  const savable = (id: number) => g.kind[id] === SURFACE && pending(id) && !unprotectable[id];
  const sortNames = (ids: Iterable<number>) => [...ids].map((id) => g.names[id]).sort(byName);
  const exposedSurfaces: string[] = [];
  for (let id = 1; id < g.n; id++) if (g.kind[id] === SURFACE && timeline.exposed[id]) exposedSurfaces.push(g.names[id]);

  return {
    incident: source.record.id,
    asOf: new Date(asOfMs).toISOString(),
    source: sourceStep(source, f.log.decisions.get(source.record.source), g),
    stops: cut
      .map((u) => {
        const protects = sortNames(behind(g, u, live, pending, cutSet, savable));
        return {
          name: g.names[u],
          kind: g.radius.consumers[u - 1].kind,
          action: 'stop' as const,
          protects,
          reason:
            protects.length > 0
              ? `Not reached yet; every path the travelling output can take to ${listNames(protects)} passes through ${g.names[u]} or another stop in this plan`
              : 'Not reached yet; needed to close a path to a pending surface',
        };
      })
      .sort((a, b) => byName(a.name, b.name)),
    pendingSurfaces: sortNames(pendingSurfaces),
    unprotectable: sortNames(pendingSurfaces.filter((id) => unprotectable[id])),
    toNotify: toNotify.sort(byName),
    exposedSurfacesBefore: exposedSurfaces.sort(byName),
    feasible: !pendingSurfaces.some((id) => unprotectable[id]),
  };
}

/** Edge slots the travelling output crosses: out of a node that has it, unless a stop held it there first. */
export function liveEdges(g: RadiusGraph, arrival: Float64Array, stops: Stops): Uint8Array {
  const live = new Uint8Array(g.outTo.length);
  for (let u = 0; u < g.n; u++) {
    const t = arrival[u];
    if (Number.isNaN(t)) continue;
    const stop = stops.get(u);
    for (let k = g.outStart[u]; k < g.outStart[u + 1]; k++) {
      if (stop !== undefined && stop.effectiveMs <= t && blocks(g, stop, k)) continue;
      if (!Number.isNaN(arrival[g.outTo[k]])) live[k] = 1;
    }
  }
  return live;
}

function behind(g: RadiusGraph, start: number, live: Uint8Array, pending: (id: number) => boolean, stops: Set<number>, savable: (id: number) => boolean): number[] {
  const seen = new Uint8Array(g.n);
  seen[start] = 1;
  const stack = [start];
  const out: number[] = [];
  while (stack.length > 0) {
    const u = stack.pop()!;
    for (let k = g.outStart[u]; k < g.outStart[u + 1]; k++) {
      const v = g.outTo[k];
      if (!live[k] || seen[v] || stops.has(v) || !pending(v)) continue;
      seen[v] = 1;
      if (savable(v)) out.push(v);
      stack.push(v);
    }
  }
  return out;
}

function sourceStep(info: SourceInfo, decision: Decision | undefined, g: RadiusGraph): SourceStep {
  const { record } = info;
  // The step must end exposure (CONTRACT.md §6), and a partial stop blocks an edge only when it
  // pauses every class the edge carries, an unclassified edge only in full (§5). So it pauses the
  // broken classes and every other class on the source's edges that carry the output, or stops
  // the source in full when one of those edges is unclassified.
  let unclassified = false;
  const needed = new Set(record.actionClasses ?? []);
  for (let k = g.outStart[0]; k < g.outStart[1]; k++) {
    if (g.outClasses[k] < 0) unclassified = true;
    else for (const c of g.classSets[g.outClasses[k]]) needed.add(c);
  }
  const classes = record.actionClasses && !unclassified ? [...needed].sort() : null;
  const widened = record.actionClasses !== null && (classes === null || classes.length > record.actionClasses.length);
  const wanted = classes ?? info.declared;
  const primitives = info.containment.filter((p) => wanted.includes(p.actionClass));
  const missingPrimitives = wanted.filter((c) => !info.containment.some((p) => p.actionClass === c));
  const done =
    decision?.action === 'stop' && (!decision.actionClasses || (classes !== null && classes.every((c) => decision.actionClasses!.includes(c))));
  const what = classes
    ? `pause ${classes.join(', ')} on ${record.source}${widened ? ` (the broken ${record.actionClasses!.join(', ')} travel with them on the same edges)` : ''}`
    : widened
      ? `stop ${record.source} in full (the broken ${record.actionClasses!.join(', ')} also leave it over unclassified edges, which only a full stop blocks)`
      : `stop ${record.source}`;
  return {
    name: record.source,
    kind: record.sourceKind,
    action: 'stop',
    actionClasses: classes,
    primitives,
    missingPrimitives,
    done,
    reason: done
      ? `Done: ${record.source} is stopped${decision?.actionClasses ? ` for ${decision.actionClasses.join(', ')}` : ''}; no new bad output leaves it`
      : `First ${what}: it goes on producing the bad output until stopped. This ends exposure to new outputs, but cannot recall what is already travelling`,
  };
}


function listNames(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more surfaces`;
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
