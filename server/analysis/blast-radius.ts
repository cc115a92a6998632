// The blast radius of CONTRACT.md §3, as a pure function of the graph. Both stores call it: the
// embedded store on its indexed graph, the neo4j store on the radius subgraph it fetched in one
// query, so the two answer alike by construction.
import { SUGGESTED_ACTION, type BlastRadius, type Consumer } from '../../graph-schema/index.js';
import type { DependencyGraph } from './graph.js';
import { indexFromGraph, type GraphIndex } from './graph-index.js';
import { edgesOf, KIND_CODE, type RadiusGraph } from './radius-graph.js';
import { IdHeap } from './min-heap.js';
import { invalid } from '../errors.js';

export interface BlastRadiusOptions {
  revision: number;
  maxDepth?: number;
  /** What broke at the source: only its out-edges carrying one of these, or unclassified, carry the output. */
  actionClasses?: string[] | null;
}

export function blastRadius(graph: DependencyGraph, source: string, options: BlastRadiusOptions): BlastRadius {
  return blastRadiusOf(indexFromGraph(graph), source, options);
}

/**
 * Breadth-first from the source. Each consumer's path goes through the predecessor with the
 * smallest name among those one layer closer, so "one shortest path" is the same answer
 * whatever order the edges were stored in. Edges come grouped by producer, in the order of
 * the consumers list (source first), each group sorted by consumer name.
 */
export function blastRadiusOf(index: GraphIndex, source: string, options: BlastRadiusOptions): BlastRadius {
  return blastRadiusModel(index, source, options).radius;
}

/** A radius and its arrays for the incident engine; `withEdges: false` leaves `radius.edges` empty (an incident never lists them whole). */
export interface RadiusModel {
  radius: BlastRadius;
  graph: RadiusGraph;
}

export function blastRadiusModel(index: GraphIndex, source: string, options: BlastRadiusOptions & { withEdges?: boolean }): RadiusModel {
  const { names, rank, outStart, outTo } = index;
  const s = index.ids.get(source);
  if (s === undefined) throw new Error(`${source} is not in the graph`);
  const n = names.length;
  const blocked = sourceEdgesNotCarrying(index, s, options.actionClasses ?? null);
  const depth = new Int32Array(n).fill(-1);
  const parent = new Int32Array(n).fill(-1);
  depth[s] = 0;
  const reached: number[] = []; // by depth, then name
  let frontier = [s];
  for (let d = 0; frontier.length > 0; d++) {
    const next: number[] = [];
    for (const u of frontier) {
      for (let k = outStart[u]; k < outStart[u + 1]; k++) {
        if (blocked[k]) continue;
        const v = outTo[k];
        if (depth[v] < 0) {
          depth[v] = d + 1;
          parent[v] = u;
          next.push(v);
        } else if (depth[v] === d + 1 && rank[u] < rank[parent[v]]) {
          parent[v] = u;
        }
      }
    }
    next.sort((a, b) => rank[a] - rank[b]);
    for (const v of next) reached.push(v);
    frontier = next;
  }

  const direct = reachableWithoutGatesOf(index, s, blocked);
  const arrival = fastestArrivalOf(index, s, blocked);
  const maxDepth = options.maxDepth;
  const kept = maxDepth === undefined ? reached : reached.filter((v) => depth[v] <= maxDepth);

  const paths: (string[] | undefined)[] = new Array(n);
  paths[s] = [source];
  const consumers: Consumer[] = kept.map((v) => {
    const name = names[v];
    const path = [...paths[parent[v]]!, name]; // parents come first: the list is in depth order
    paths[v] = path;
    const attrs = index.attrs[v];
    const consumer: Consumer = {
      name,
      kind: attrs.kind,
      depth: depth[v],
      path,
      exposure: direct[v] ? 'direct' : 'gated',
      suggestedAction: SUGGESTED_ACTION[attrs.kind],
      owner: attrs.owner,
      arrivalSeconds: Number.isFinite(arrival[v]) ? arrival[v] : null,
    };
    if (attrs.title !== undefined) consumer.title = attrs.title;
    if (attrs.contact !== undefined) consumer.contact = attrs.contact;
    if (attrs.actionClasses !== undefined) consumer.actionClasses = attrs.actionClasses;
    if (attrs.audience !== undefined) consumer.audience = attrs.audience;
    if (attrs.regimes !== undefined) consumer.regimes = attrs.regimes;
    return consumer;
  });

  // the radius's own arrays (local ids: the source 0, consumer i at i + 1), edges in producer order
  const local = new Int32Array(n).fill(-1);
  local[s] = 0;
  kept.forEach((v, i) => (local[v] = i + 1));
  const members = [s, ...kept];
  const outStartL = new Int32Array(members.length + 1);
  let m = 0;
  members.forEach((u, i) => {
    for (let k = outStart[u]; k < outStart[u + 1]; k++) if (local[outTo[k]] >= 0 && !blocked[k]) m++;
    outStartL[i + 1] = m;
  });
  const outToL = new Int32Array(m);
  const outDelayMs = new Float64Array(m);
  const outDelaySeconds = new Float64Array(m);
  const outClassesL = new Int32Array(m);
  const outGateL = new Uint8Array(m);
  const outChannelL = new Uint8Array(m);
  const outModeL = new Uint8Array(m);
  let slot = 0;
  for (const u of members) {
    for (let k = outStart[u]; k < outStart[u + 1]; k++) {
      if (local[outTo[k]] < 0 || blocked[k]) continue;
      outToL[slot] = local[outTo[k]];
      const d = index.outDelay[k];
      outDelaySeconds[slot] = d;
      outDelayMs[slot] = Number.isNaN(d) ? 0 : d * 1000;
      outClassesL[slot] = index.outClasses[k];
      outGateL[slot] = index.outGate[k];
      outChannelL[slot] = index.outChannel[k];
      outModeL[slot] = index.outMode[k];
      slot++;
    }
  }
  const radius: BlastRadius = {
    source,
    sourceKind: index.attrs[s].kind,
    revision: options.revision,
    actionClasses: options.actionClasses ?? null,
    maxDepth: maxDepth ?? null,
    truncated: kept.length < reached.length,
    cut: reached.length - kept.length,
    consumers,
    edges: [],
  };
  const names_ = members.map((v) => names[v]);
  const ids_ = new Map<string, number>();
  names_.forEach((name, i) => ids_.set(name, i));
  const graph: RadiusGraph = {
    radius,
    n: members.length,
    names: names_,
    ids: ids_,
    kind: Uint8Array.from(members, (v) => KIND_CODE[index.attrs[v].kind]),
    outStart: outStartL,
    outTo: outToL,
    outDelayMs,
    outClasses: outClassesL,
    classSets: index.classSets,
    outGate: outGateL,
    outChannel: outChannelL,
    outMode: outModeL,
    outDelaySeconds,
    declared: members.map((v) => index.attrs[v].actionClasses),
  };
  if (options.withEdges !== false) radius.edges = edgesOf(graph);
  return { radius, graph };
}

/**
 * Edges that do not carry the broken action classes (CONTRACT.md §4): the source's out-edges that
 * are classified and name none of them. Flags per edge slot; all zero without action classes.
 * Throws `invalid` when a class is not one the source declares.
 */
export function sourceEdgesNotCarrying(index: GraphIndex, s: number, actionClasses: string[] | null): Uint8Array {
  const blocked = new Uint8Array(index.outTo.length);
  if (actionClasses === null) return blocked;
  const declared = new Set(index.attrs[s].actionClasses ?? []);
  const unknown = actionClasses.filter((c) => !declared.has(c));
  if (unknown.length > 0 || actionClasses.length === 0) {
    throw invalid(
      actionClasses.length === 0
        ? 'actionClasses must name at least one action class'
        : `${index.names[s]} declares no action class ${unknown.map((c) => `'${c}'`).join(', ')}; it declares: ${[...declared].join(', ') || 'none'}`,
      [{ path: 'actionClasses', message: actionClasses.length === 0 ? 'empty' : `not declared by ${index.names[s]}: ${unknown.join(', ')}` }],
      'unknown_action_class',
    );
  }
  const broken = new Set(actionClasses);
  for (let k = index.outStart[s]; k < index.outStart[s + 1]; k++) {
    const set = index.outClasses[k];
    if (set >= 0 && !index.classSets[set].some((c) => broken.has(c))) blocked[k] = 1;
  }
  return blocked;
}

/** Which nodes the source reaches over edges with gate "none" only: their exposure is direct. */
function reachableWithoutGatesOf(index: GraphIndex, s: number, blocked: Uint8Array): Uint8Array {
  const seen = new Uint8Array(index.names.length);
  const stack = [s];
  while (stack.length > 0) {
    const u = stack.pop()!;
    for (let k = index.outStart[u]; k < index.outStart[u + 1]; k++) {
      const v = index.outTo[k];
      if (index.outGate[k] === 0 && !blocked[k] && !seen[v]) {
        seen[v] = 1;
        stack.push(v);
      }
    }
  }
  return seen;
}

/** Dijkstra over declared delays (an edge without one counts as immediate); Infinity where unreached. */
function fastestArrivalOf(index: GraphIndex, s: number, blocked: Uint8Array): Float64Array {
  const best = new Float64Array(index.names.length).fill(Infinity);
  best[s] = 0;
  const heap = new IdHeap(index.names.length + 16);
  heap.push(0, s);
  while (heap.size > 0) {
    const u = heap.pop();
    const t = heap.lastKey;
    if (t > best[u]) continue;
    for (let k = index.outStart[u]; k < index.outStart[u + 1]; k++) {
      if (blocked[k]) continue;
      const delay = index.outDelay[k];
      const tv = t + (Number.isNaN(delay) ? 0 : delay);
      const v = index.outTo[k];
      if (tv < best[v]) {
        best[v] = tv;
        heap.push(tv, v);
      }
    }
  }
  return best;
}

/** Nodes the source reaches over ungated edges, by name (the source itself excluded). */
export function reachableWithoutGates(graph: DependencyGraph, source: string): Set<string> {
  const index = indexFromGraph(graph);
  const s = index.ids.get(source)!;
  const seen = reachableWithoutGatesOf(index, s, new Uint8Array(index.outTo.length));
  seen[s] = 0;
  return new Set(index.names.filter((_, id) => seen[id]));
}

/** Fastest arrival in seconds per reached node, by name (the source itself excluded). */
export function fastestArrival(graph: DependencyGraph, source: string): Map<string, number> {
  const index = indexFromGraph(graph);
  const s = index.ids.get(source)!;
  const best = fastestArrivalOf(index, s, new Uint8Array(index.outTo.length));
  const out = new Map<string, number>();
  best.forEach((t, id) => id !== s && Number.isFinite(t) && out.set(index.names[id], t));
  return out;
}
