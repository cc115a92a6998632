// Predicted against observed propagation (CONTRACT.md §3 "Accuracy"), as a pure function.
//
// - predicted: the names of the incident's frozen consumers.
// - observed: the names of the observations, the source removed (it never counts as reached).
//   Only `name` makes a node reached: a node that appears only as some observation's `from` is not
//   counted, exactly as the contract reads ("the reached names").
// - truePositives / falsePositives / falseNegatives: predicted ∩ observed, predicted − observed,
//   observed − predicted. Every list is sorted by name in code-point order (`byName`).
// - precision = TP / (TP + FP), `null` when nothing was predicted;
//   recall    = TP / (TP + FN), `null` when nothing was observed. Unrounded.
// - missingEdges: every observed hop (an observation with a `from` other than its own name) that is
//   not a registered edge, deduplicated and sorted. Hops out of the source count like any other;
//   so does a hop into the source: it is an edge the registry lacks even if the source itself
//   never counts as reached.
// - edges: each edge of the frozen radius, sorted by from then to, labelled
//     `fired`      an observation shows the hop from → to;
//     `silent`     `to` was not reached although `from` was reached or is the source (the output
//                  was there and did not cross: a gate held, or the edge is stale);
//     `unobserved` otherwise (neither end shows anything; or `to` was reached, but not over it).
//   An edge back into the source is never `silent`: the source had the output all along.
// - unmatched: the names the caller could not resolve, deduplicated and sorted.
import type { Accuracy, BlastRadius, Observation } from '../../graph-schema/index.js';
import { byName } from './blast-radius.js';

export interface AccuracyInput {
  incidentId: string;
  radius: BlastRadius;
  source: string;
  /** Names already resolved to registered nodes where they match. */
  observations: Pick<Observation, 'name' | 'from'>[];
  /** True when `from -FEEDS-> to` is registered (in the graph the hops are judged against). */
  registeredEdges: (from: string, to: string) => boolean;
  /** Names seen in the observations that matched no registered node or alias. */
  unmatched: string[];
}

const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort(byName);
const hopKey = (from: string, to: string) => `${from}\u0000${to}`;

export function computeAccuracy(input: AccuracyInput): Accuracy {
  const { incidentId, radius, source, observations, registeredEdges } = input;

  const predicted = sorted(radius.consumers.map((c) => c.name).filter((n) => n !== source));
  const observed = sorted(observations.map((o) => o.name).filter((n) => n !== source));
  const predictedSet = new Set(predicted);
  const observedSet = new Set(observed);

  const truePositives = predicted.filter((n) => observedSet.has(n));
  const falsePositives = predicted.filter((n) => !observedSet.has(n));
  const falseNegatives = observed.filter((n) => !predictedSet.has(n));

  const tp = truePositives.length;
  const precision = predicted.length === 0 ? null : tp / (tp + falsePositives.length);
  const recall = observed.length === 0 ? null : tp / (tp + falseNegatives.length);

  const hops = new Map<string, { from: string; to: string }>();
  for (const o of observations) {
    if (o.from === undefined || o.from === '' || o.from === o.name) continue;
    hops.set(hopKey(o.from, o.name), { from: o.from, to: o.name });
  }
  const missingEdges = [...hops.values()]
    .filter((h) => !registeredEdges(h.from, h.to))
    .sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to));

  const hadOutput = (name: string) => name === source || observedSet.has(name);
  const edges: Accuracy['edges'] = [...radius.edges].sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to)).map((e) => ({
    from: e.from,
    to: e.to,
    gate: e.gate,
    status: hops.has(hopKey(e.from, e.to))
      ? 'fired'
      : !hadOutput(e.to) && hadOutput(e.from)
        ? 'silent'
        : 'unobserved',
  }));

  return {
    incident: incidentId,
    predicted,
    observed,
    truePositives,
    falsePositives,
    falseNegatives,
    precision,
    recall,
    missingEdges,
    edges,
    unmatched: sorted(input.unmatched),
  };
}
