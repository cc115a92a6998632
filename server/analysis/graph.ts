// The dependency graph as graphology sees it. Edges point the way outputs travel: from producer
// to consumer, keyed "from->to" (there is at most one edge per ordered pair).
import Graph from 'graphology';
import { edgeKey, edgesInto, type FeedsEdge, type NodeDocument, type NodeKind } from '../../graph-schema/index.js';

export interface NodeAttributes {
  kind: NodeKind;
  owner: string;
  title?: string;
  contact?: string;
  aliases?: string[];
  /** An Agent's declared action classes (what a partial stop or an incident's broken classes may name). */
  actionClasses?: string[];
  /** Surfaces: who sees it. */
  audience?: string;
  /** The reporting regimes the node's exposure triggers. */
  regimes?: string[];
}
export type EdgeAttributes = Omit<FeedsEdge, 'from' | 'to'>;
export type DependencyGraph = Graph<NodeAttributes, EdgeAttributes>;

export function nodeAttributes(doc: NodeDocument): NodeAttributes {
  const attrs: NodeAttributes = { kind: doc.kind, owner: doc.metadata.owner };
  if (doc.metadata.title !== undefined) attrs.title = doc.metadata.title;
  if (doc.metadata.contact !== undefined) attrs.contact = doc.metadata.contact;
  if (doc.spec.aliases !== undefined) attrs.aliases = doc.spec.aliases;
  if (doc.spec.actionClasses !== undefined) attrs.actionClasses = doc.spec.actionClasses;
  // audience and regimes arrive with the playbook's manifest fields; read loosely until then
  const spec = doc.spec as { audience?: string; regimes?: string[] };
  if (doc.kind === 'Surface') attrs.audience = spec.audience ?? 'customer';
  if (spec.regimes !== undefined && spec.regimes.length > 0) attrs.regimes = spec.regimes;
  return attrs;
}

export function emptyGraph(): DependencyGraph {
  return new Graph<NodeAttributes, EdgeAttributes>({ type: 'directed', multi: false, allowSelfLoops: false });
}

export function addEdge(graph: DependencyGraph, edge: FeedsEdge): void {
  const { from, to, ...attrs } = edge;
  graph.addDirectedEdgeWithKey(edgeKey(from, to), from, to, attrs);
}

/** Builds the graph from documents. Edges whose producer is missing are skipped (cannot happen for a stored graph). */
export function buildGraph(docs: Iterable<NodeDocument>): DependencyGraph {
  const graph = emptyGraph();
  const list = [...docs];
  for (const doc of list) graph.addNode(doc.metadata.name, nodeAttributes(doc));
  for (const doc of list) {
    for (const edge of edgesInto(doc)) if (graph.hasNode(edge.from)) addEdge(graph, edge);
  }
  return graph;
}
