// One node's direct producers and consumers on a graphology graph, for the registry explorer:
// graphology-traversal's breadth-first walk, cut at depth 1 each way. A plain traversal is the
// job here (no radius, no exposure), so the CSR index of blast-radius.ts is not needed. The
// lists are bounded by `limit` (by name); the totals are the exact degrees.
import { bfsFromNode } from 'graphology-traversal';
import { byName, type Neighbour, type Neighbourhood } from '../../graph-schema/index.js';
import { notFound } from '../errors.js';
import type { DependencyGraph, NodeAttributes } from './graph.js';

export const NEIGHBOURS_LIMIT = 200;

export function neighboursOf(graph: DependencyGraph, name: string, limit = NEIGHBOURS_LIMIT): Neighbourhood {
  if (!graph.hasNode(name)) throw notFound('node', name);
  const side = (mode: 'inbound' | 'outbound'): Neighbour[] => {
    const found: Neighbour[] = [];
    bfsFromNode(
      graph,
      name,
      (key, attrs: NodeAttributes, depth) => {
        if (depth === 0) return false;
        const edge = graph.getEdgeAttributes(mode === 'inbound' ? graph.edge(key, name)! : graph.edge(name, key)!);
        found.push({ name: key, kind: attrs.kind, owner: attrs.owner, ...(attrs.title !== undefined ? { title: attrs.title } : {}), gate: edge.gate, channel: edge.channel, mode: edge.mode });
        return true; // no further than one hop
      },
      { mode },
    );
    return found.sort((a, b) => byName(a.name, b.name)).slice(0, limit);
  };
  return {
    name,
    kind: graph.getNodeAttribute(name, 'kind'),
    upstream: side('inbound'),
    downstream: side('outbound'),
    upstreamTotal: graph.inDegree(name),
    downstreamTotal: graph.outDegree(name),
  };
}
