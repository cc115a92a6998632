// Drift between the registered graph and what traces show, independent of any incident: run it
// on any window of trace data (e.g. a day of OTLP) to keep the registry honest.
//
// - missingEdges: observed hops that are not registered edges, with how many times each was seen
//   (a hop seen once may be noise, one seen a thousand times is a real dependency). Self-hops are
//   ignored. Hops whose endpoints are not registered nodes are missing edges too.
// - unseenEdges: registered edges whose two endpoints both appear in the traces (as an end of some
//   hop) but which were never observed: candidates for stale edges. An edge touching a node the
//   traces never show says nothing (that node simply was not traced) and is not listed.
// Both lists are sorted by from, then to (code-point order).
import { byName } from '../../graph-schema/rules.js';
import type { DependencyGraph } from './graph.js';

export type { DriftReport } from '../../graph-schema/index.js';
import type { DriftReport, Hop } from '../../graph-schema/index.js';

export function detectDrift(hops: Hop[], graph: DependencyGraph): DriftReport {
  const counts = new Map<string, { from: string; to: string; count: number }>();
  const seen = new Set<string>();
  const traced = new Set<string>();
  for (const { from, to } of hops) {
    if (from === to) continue;
    traced.add(from);
    traced.add(to);
    const key = `${from}\u0000${to}`;
    seen.add(key);
    const registered = graph.hasNode(from) && graph.hasNode(to) && graph.hasDirectedEdge(from, to);
    if (registered) continue;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { from, to, count: 1 });
  }
  const unseenEdges: { from: string; to: string }[] = [];
  graph.forEachDirectedEdge((_key, _attrs, from, to) => {
    if (traced.has(from) && traced.has(to) && !seen.has(`${from}\u0000${to}`)) unseenEdges.push({ from, to });
  });
  const order = (a: { from: string; to: string }, b: { from: string; to: string }) => byName(a.from, b.from) || byName(a.to, b.to);
  return { missingEdges: [...counts.values()].sort(order), unseenEdges: unseenEdges.sort(order) };
}
