// The blast radius of CONTRACT.md §3, as a pure function of the graph. The neo4j store fetches
// the radius subgraph in one query and calls this same function, so both stores answer alike.
import {
  SUGGESTED_ACTION,
  type BlastRadius,
  type Consumer,
  type RadiusEdge,
} from '../../graph-schema/index.js';
import type { DependencyGraph } from './graph.js';
import { MinHeap } from './min-heap.js';

export interface BlastRadiusOptions {
  revision: number;
  maxDepth?: number;
}

/** Code-point order: the same in every store and locale. */
export const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Breadth-first from the source. Each consumer's path goes through the predecessor with the
 * smallest name among those one layer closer, so "one shortest path" is the same answer
 * whatever order the edges were stored in.
 */
export function blastRadius(graph: DependencyGraph, source: string, options: BlastRadiusOptions): BlastRadius {
  const depth = new Map<string, number>([[source, 0]]);
  const parent = new Map<string, string>();
  let frontier = [source];
  for (let d = 0; frontier.length > 0; d++) {
    const next: string[] = [];
    for (const u of frontier) {
      graph.forEachOutNeighbor(u, (v) => {
        const dv = depth.get(v);
        if (dv === undefined) {
          depth.set(v, d + 1);
          parent.set(v, u);
          next.push(v);
        } else if (dv === d + 1 && u < parent.get(v)!) {
          parent.set(v, u);
        }
      });
    }
    frontier = next;
  }
  depth.delete(source); // also when a cycle leads back to it

  const direct = reachableWithoutGates(graph, source);
  const arrival = fastestArrival(graph, source);

  const all = [...depth.keys()].sort((a, b) => depth.get(a)! - depth.get(b)! || byName(a, b));
  const maxDepth = options.maxDepth;
  const kept = maxDepth === undefined ? all : all.filter((n) => depth.get(n)! <= maxDepth);

  const pathCache = new Map<string, string[]>([[source, [source]]]);
  const pathTo = (name: string): string[] => {
    let path = pathCache.get(name);
    if (!path) {
      path = [...pathTo(parent.get(name)!), name];
      pathCache.set(name, path);
    }
    return path;
  };

  const consumers: Consumer[] = kept.map((name) => {
    const attrs = graph.getNodeAttributes(name);
    const consumer: Consumer = {
      name,
      kind: attrs.kind,
      depth: depth.get(name)!,
      path: pathTo(name),
      exposure: direct.has(name) ? 'direct' : 'gated',
      suggestedAction: SUGGESTED_ACTION[attrs.kind],
      owner: attrs.owner,
      arrivalSeconds: arrival.get(name) ?? null,
    };
    if (attrs.title !== undefined) consumer.title = attrs.title;
    if (attrs.contact !== undefined) consumer.contact = attrs.contact;
    return consumer;
  });

  const inRadius = new Set(kept);
  inRadius.add(source);
  const edges: RadiusEdge[] = [];
  for (const from of [source, ...kept]) {
    graph.forEachOutEdge(from, (_key, attrs, _from, to) => {
      if (!inRadius.has(to)) return;
      const edge: RadiusEdge = { from, to, gate: attrs.gate, channel: attrs.channel, mode: attrs.mode };
      if (attrs.delaySeconds !== undefined) edge.delaySeconds = attrs.delaySeconds;
      edges.push(edge);
    });
  }
  edges.sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to));

  return {
    source,
    sourceKind: graph.getNodeAttributes(source).kind,
    revision: options.revision,
    maxDepth: maxDepth ?? null,
    truncated: kept.length < all.length,
    cut: all.length - kept.length,
    consumers,
    edges,
  };
}

/** Nodes the source reaches over edges with gate "none" only: their exposure is direct. */
export function reachableWithoutGates(graph: DependencyGraph, source: string): Set<string> {
  const seen = new Set<string>([source]);
  const stack = [source];
  while (stack.length > 0) {
    const u = stack.pop()!;
    graph.forEachOutEdge(u, (_key, attrs, _from, v) => {
      if (attrs.gate === 'none' && !seen.has(v)) {
        seen.add(v);
        stack.push(v);
      }
    });
  }
  seen.delete(source);
  return seen;
}

/** Dijkstra over declared delays (an edge without one counts as immediate). */
export function fastestArrival(graph: DependencyGraph, source: string): Map<string, number> {
  const best = new Map<string, number>([[source, 0]]);
  const heap = new MinHeap<string>();
  heap.push(0, source);
  while (heap.size > 0) {
    const [t, u] = heap.pop()!;
    if (t > best.get(u)!) continue;
    graph.forEachOutEdge(u, (_key, attrs, _from, v) => {
      const tv = t + (attrs.delaySeconds ?? 0);
      const known = best.get(v);
      if (known === undefined || tv < known) {
        best.set(v, tv);
        heap.push(tv, v);
      }
    });
  }
  best.delete(source);
  return best;
}
