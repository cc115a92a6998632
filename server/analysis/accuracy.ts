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
import type { Accuracy, BlastRadius, Decision, Observation, Unexplained } from '../../graph-schema/index.js';
import { byName } from '../../graph-schema/rules.js';

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
  /**
   * The incident's arrival per predicted name under its stops (ISO, or null where a stop held it),
   * and the stops in force. Without them nothing counts as contained and only unpredicted names
   * are unexplained.
   */
  arrival?: ReadonlyMap<string, string | null>;
  stops?: ReadonlyMap<string, Decision>;
}

const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort(byName);
const hopKey = (from: string, to: string) => `${from}\u0000${to}`;

export function computeAccuracy(input: AccuracyInput): Accuracy {
  const { incidentId, radius, source, observations, registeredEdges } = input;

  const predicted = sorted(radius.consumers.map((c) => c.name).filter((n) => n !== source));
  const observed = sorted(observations.map((o) => o.name).filter((n) => n !== source));
  const arrival = input.arrival ?? new Map<string, string | null>();
  const predictedSet = new Set(predicted);
  const observedSet = new Set(observed);

  const truePositives = predicted.filter((n) => observedSet.has(n));
  // held by a stop and never seen: the containment worked, not a graph error
  const contained = predicted.filter((n) => !observedSet.has(n) && arrival.get(n) === null);
  const containedSet = new Set(contained);
  const falsePositives = predicted.filter((n) => !observedSet.has(n) && !containedSet.has(n));
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

  const unexplained = explainless(input, observed, predictedSet, arrival, hops, registeredEdges);

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
    contained,
    unexplained,
    precision,
    recall,
    missingEdges,
    edges,
    unmatched: sorted(input.unmatched),
  };
}

/**
 * Observed names the graph and the stops cannot account for: no arrival at all, or only one later
 * than the observation. Each names what is in question: the observed hop the registry lacks, or
 * the stop on its path that should have held it.
 */
function explainless(
  input: AccuracyInput,
  observed: string[],
  predicted: Set<string>,
  arrival: ReadonlyMap<string, string | null>,
  hops: Map<string, { from: string; to: string }>,
  registeredEdges: (from: string, to: string) => boolean,
): Unexplained[] {
  const earliest = new Map<string, string>();
  for (const o of input.observations as Pick<Observation, 'name' | 'from' | 'at'>[]) {
    if (o.at === undefined) continue;
    const before = earliest.get(o.name);
    if (before === undefined || Date.parse(o.at) < Date.parse(before)) earliest.set(o.name, o.at);
  }
  const missingInto = new Map<string, { from: string; to: string }>();
  for (const h of hops.values()) if (!registeredEdges(h.from, h.to) && !missingInto.has(h.to)) missingInto.set(h.to, h);
  const paths = new Map(input.radius.consumers.map((c) => [c.name, c.path]));
  const out: Unexplained[] = [];
  for (const name of observed) {
    const at = earliest.get(name);
    const arr = predicted.has(name) ? (arrival.get(name) ?? (input.arrival ? null : undefined)) : null;
    if (arr === undefined) continue; // no time model given: a predicted name is explained by the graph
    const tooEarly = arr !== null && at !== undefined && Date.parse(arr) > Date.parse(at);
    if (arr !== null && !tooEarly) continue;
    const entry: Unexplained = { name, arrival: arr, reason: 'not-in-radius' };
    if (at !== undefined) entry.at = at;
    const edge = missingInto.get(name);
    const stop = arr === null && predicted.has(name) ? stopOnPath(paths.get(name) ?? [], input.stops) : undefined;
    if (edge) {
      entry.reason = 'missing-edge';
      entry.edge = edge;
    } else if (!predicted.has(name)) entry.reason = 'not-in-radius';
    else if (stop) {
      entry.reason = 'stop-not-held';
      entry.stop = { name: stop.name, effectiveAt: stop.effectiveAt, ...(stop.actionClasses ? { actionClasses: stop.actionClasses } : {}) };
    } else entry.reason = arr === null ? 'stop-not-held' : 'earlier-than-possible';
    out.push(entry);
  }
  return out;
}

/** The stop nearest to the end of a path (the node itself first): the one that should have held it. */
function stopOnPath(path: string[], stops: ReadonlyMap<string, Decision> | undefined): Decision | undefined {
  if (!stops) return undefined;
  for (let i = path.length - 1; i >= 0; i--) {
    const d = stops.get(path[i]);
    if (d?.action === 'stop') return d;
  }
  return [...stops.values()].find((d) => d.action === 'stop');
}
