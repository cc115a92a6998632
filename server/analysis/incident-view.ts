// What the commander sees of an incident at `asOf` (CONTRACT.md §5), as pure functions of the
// radius, the log folded as of then, and the arrival and exposure the stops give.
import type {
  Consumer,
  Decision,
  IncidentConsumer,
  IncidentRecord,
  IncidentSummaryCounts,
  Progress,
  Reached,
} from '../../graph-schema/index.js';
import { arrivalTimes, exposedNodes, isoOrNull, stopsOf, type StopInForce, type Stops } from './incident-time.js';
import { observedNames, type LogState } from './incident-log.js';
import { SURFACE, type RadiusGraph } from './radius-graph.js';

/** Arrival and exposure under the decisions in force: recomputed only when a stop changes. */
export interface Timeline {
  arrival: Float64Array;
  exposed: Uint8Array;
  /** The stops these were computed under. */
  stops: Stops;
}

export function timelineOf(g: RadiusGraph, outputAtMs: number, decisions: ReadonlyMap<string, Decision>): Timeline {
  const stops = stopsOf(g, decisions);
  return { arrival: arrivalTimes(g, outputAtMs, stops), exposed: exposedNodes(g, stops), stops };
}

const sameStop = (a: StopInForce, b: StopInForce) => a.full === b.full && a.effectiveMs === b.effectiveMs && a.classes.size === b.classes.size && [...a.classes].every((c) => b.classes.has(c));

/**
 * The timeline under `decisions`, reusing what `before` computed where the change cannot alter it.
 * Only new stops on nodes that had none are reused over; then, for each:
 * - a stop taking effect after the node's arrival (a late stop), or on a node the output never
 *   reaches, leaves every arrival as it was: a stop acts only when the output gets there, and the
 *   earliest arrival there came first;
 * - a stop on a node (not the source) that is not exposed leaves exposure as it was: no future
 *   output gets there to be blocked.
 * Anything else (a stop changed or lifted, a timely stop, a stop on an exposed node) recomputes
 * that part whole. A commander stopping consumers the output already reached pays one walk, not two.
 */
export function nextTimeline(g: RadiusGraph, outputAtMs: number, before: Timeline, decisions: ReadonlyMap<string, Decision>): Timeline {
  const stops = stopsOf(g, decisions);
  const added: [number, StopInForce][] = [];
  for (const [id, stop] of before.stops) {
    const now = stops.get(id);
    if (now === undefined || !sameStop(now, stop)) return timelineOf(g, outputAtMs, decisions);
  }
  for (const [id, stop] of stops) if (!before.stops.has(id)) added.push([id, stop]);
  const arrivalKept = added.every(([id, stop]) => id !== 0 && (Number.isNaN(before.arrival[id]) || stop.effectiveMs > before.arrival[id]));
  const exposureKept = added.every(([id]) => id !== 0 && before.exposed[id] === 0);
  return {
    arrival: arrivalKept ? before.arrival : arrivalTimes(g, outputAtMs, stops),
    exposed: exposureKept ? before.exposed : exposedNodes(g, stops),
    stops,
  };
}

/** A key that changes exactly when the stops in force change. */
export function stopsKey(decisions: ReadonlyMap<string, Decision>): string {
  const parts: string[] = [];
  for (const d of decisions.values()) if (d.action === 'stop') parts.push(`${d.name}@${d.effectiveAt}:${d.actionClasses?.join(',') ?? '*'}`);
  return parts.sort().join('|');
}

/** Per-consumer facts at asOf, as arrays by local id (index 0, the source, unused). */
export interface Facts {
  g: RadiusGraph;
  timeline: Timeline;
  log: LogState;
  asOfMs: number;
  observed: Map<string, number>;
  /** isoOrNull, remembered: arrivals repeat (many consumers share a time), and formatting dominates a long list. */
  iso: (ms: number) => string | null;
}

export function factsOf(g: RadiusGraph, timeline: Timeline, log: LogState, asOfMs: number): Facts {
  const memo = new Map<number, string | null>();
  const iso = (ms: number) => {
    let text = memo.get(ms);
    if (text === undefined) memo.set(ms, (text = isoOrNull(ms)));
    return text;
  };
  return { g, timeline, log, asOfMs, observed: observedNames(log.observations), iso };
}

export function reachedOf(f: Facts, id: number): Reached {
  if (f.observed.has(f.g.names[id])) return 'observed';
  const t = f.timeline.arrival[id];
  return !Number.isNaN(t) && t <= f.asOfMs ? 'estimated' : false;
}

/** The Consumer fields consumerAt copies: a field added to the schema fails the check below until it is copied too. */
type Copied = 'name' | 'kind' | 'depth' | 'path' | 'exposure' | 'suggestedAction' | 'owner' | 'arrivalSeconds' | 'title' | 'contact' | 'actionClasses' | 'audience' | 'regimes';
const allCopied: Exclude<keyof Consumer, Copied> extends never ? true : never = true;
void allCopied;

export function consumerAt(f: Facts, id: number): IncidentConsumer {
  const c = f.g.radius.consumers[id - 1];
  const decision = f.log.decisions.get(c.name) ?? null;
  const reached = reachedOf(f, id);
  const exposed = f.timeline.exposed[id] === 1;
  const arrival = f.iso(f.timeline.arrival[id]);
  // Built field by field, not by spreading `c`: a spread of objects whose optional fields differ
  // is ten times slower, and an incident lists 100,000 of these.
  const consumer: IncidentConsumer = {
    name: c.name,
    kind: c.kind,
    depth: c.depth,
    path: c.path,
    exposure: c.exposure,
    suggestedAction: c.suggestedAction,
    owner: c.owner,
    arrivalSeconds: c.arrivalSeconds,
  } as IncidentConsumer;
  if (c.title !== undefined) consumer.title = c.title;
  if (c.contact !== undefined) consumer.contact = c.contact;
  if (c.actionClasses !== undefined) consumer.actionClasses = c.actionClasses;
  if (c.audience !== undefined) consumer.audience = c.audience;
  if (c.regimes !== undefined) consumer.regimes = c.regimes;
  consumer.decision = decision;
  consumer.version = f.log.versions.get(c.name) ?? 0;
  consumer.arrival = arrival;
  consumer.reached = reached;
  consumer.held = arrival === null;
  consumer.exposed = exposed;
  consumer.needsDecision = (reached !== false || exposed) && decision === null;
  consumer.lateStop = decision?.action === 'stop' && reached !== false;
  return consumer;
}

export function summaryOf(f: Facts, record: IncidentRecord): IncidentSummaryCounts {
  return summaryUntil(f, record).summary;
}

/**
 * The summary, and until when it holds: the counts change with asOf only as it passes an
 * arrival, so the same counts answer any asOf before the next one (with the log and the stops
 * unchanged). `untilMs` is that next arrival (Infinity when none is still to come).
 */
export function summaryUntil(f: Facts, record: IncidentRecord): { summary: IncidentSummaryCounts; untilMs: number } {
  const { g, timeline, log, asOfMs } = f;
  const s: IncidentSummaryCounts = {
    asOf: new Date(asOfMs).toISOString(),
    total: g.n - 1,
    undecided: 0,
    stop: 0,
    correct: 0,
    notify: 0,
    exposed: 0,
    reached: 0,
    observed: 0,
    held: 0,
    needsDecision: 0,
    surfacesExposed: 0,
    surfacesReached: 0,
    surfacesPending: 0,
    firstSurfaceArrival: null,
    nextSurfaceArrival: null,
    source: log.decisions.get(record.source) ?? null,
  };
  let first = Infinity;
  let next = Infinity;
  let until = Infinity;
  for (let id = 1; id < g.n; id++) {
    const name = g.names[id];
    const decision = log.decisions.get(name);
    if (decision) s[decision.action]++;
    else s.undecided++;
    const t = timeline.arrival[id];
    if (t > asOfMs && t < until) until = t;
    const observed = f.observed.has(name);
    const reached = observed || (!Number.isNaN(t) && t <= asOfMs);
    const exposed = timeline.exposed[id] === 1;
    if (exposed) s.exposed++;
    if (reached) s.reached++;
    if (observed) s.observed++;
    if (Number.isNaN(t)) s.held++;
    if ((reached || exposed) && !decision) s.needsDecision++;
    if (g.kind[id] === SURFACE) {
      if (exposed) s.surfacesExposed++;
      if (reached) s.surfacesReached++;
      else if (!Number.isNaN(t)) s.surfacesPending++;
      if (t < first) first = t;
      if (t > asOfMs && t < next) next = t;
    }
  }
  s.firstSurfaceArrival = first === Infinity ? null : isoOrNull(first);
  s.nextSurfaceArrival = next === Infinity ? null : isoOrNull(next);
  return { summary: s, untilMs: until };
}

export function progressOf(s: IncidentSummaryCounts): Progress {
  return { total: s.total, stop: s.stop, correct: s.correct, notify: s.notify, undecided: s.undecided, surfacesExposed: s.surfacesExposed };
}
