// Remaining exposure (CONTRACT.md §3): consumers not stopped and still reachable from the source
// along a path on which no consumer is stopped. A stopped consumer holds the bad output back.
import type {
  BlastRadius,
  Decision,
  HistoryEntry,
  Incident,
  IncidentConsumer,
  IncidentRecord,
  Progress,
  StatusChange,
} from '../../graph-schema/index.js';
import { currentDecisions } from '../store/types.js';

/** Out-neighbours per node, from the radius's own edge list (an incident never rereads the registry). */
export function radiusAdjacency(radius: BlastRadius): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of radius.edges) {
    let list = out.get(e.from);
    if (!list) out.set(e.from, (list = []));
    list.push(e.to);
  }
  return out;
}

export function remainingExposure(radius: BlastRadius, stopped: ReadonlySet<string>, adjacency = radiusAdjacency(radius)): Set<string> {
  const reached = new Set<string>();
  const stack = [radius.source];
  while (stack.length > 0) {
    const u = stack.pop()!;
    for (const v of adjacency.get(u) ?? []) {
      if (v === radius.source || stopped.has(v) || reached.has(v)) continue;
      reached.add(v);
      stack.push(v);
    }
  }
  return reached;
}

export function stoppedNames(decisions: ReadonlyMap<string, Decision>): Set<string> {
  const stopped = new Set<string>();
  for (const [name, d] of decisions) if (d.action === 'stop') stopped.add(name);
  return stopped;
}

/** Everything the commander sees of an incident, derived from the frozen radius and the decision history. */
export function incidentView(record: IncidentRecord, history: HistoryEntry[], statusHistory: StatusChange[]): Incident {
  const decisions = currentDecisions(history);
  const exposed = remainingExposure(record.blastRadius, stoppedNames(decisions));
  const detected = Date.parse(record.detectedAt);
  const progress: Progress = { total: 0, stop: 0, correct: 0, notify: 0, undecided: 0, surfacesExposed: 0 };
  const consumers: IncidentConsumer[] = record.blastRadius.consumers.map((c) => {
    const decision = decisions.get(c.name) ?? null;
    progress.total++;
    if (decision) progress[decision.action]++;
    else progress.undecided++;
    if (c.kind === 'Surface' && exposed.has(c.name)) progress.surfacesExposed++;
    return {
      ...c,
      decision,
      estimatedArrival: c.arrivalSeconds === null ? null : new Date(detected + c.arrivalSeconds * 1000).toISOString(),
      exposed: exposed.has(c.name),
    };
  });
  return {
    ...record,
    consumers,
    remainingExposure: consumers.filter((c) => c.exposed).map((c) => ({ name: c.name, kind: c.kind, depth: c.depth })),
    progress,
    statusHistory,
  };
}

/** Undecided consumers in the order the bad output reaches them: what to act on first. */
export function undecidedByArrival(incident: Incident): IncidentConsumer[] {
  return incident.consumers
    .filter((c) => c.decision === null)
    .sort(
      (a, b) =>
        (a.arrivalSeconds ?? Infinity) - (b.arrivalSeconds ?? Infinity) ||
        a.depth - b.depth ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
}
