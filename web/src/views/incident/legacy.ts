// Until the incident engine v2 is served: the v1 answer (the whole incident with its radius)
// read as the v2 header, consumers and edges, so the page works against either server.
// Delete this file once every server speaks v2.
import type { FeedsEdge, IncidentConsumer, IncidentHeader, IncidentSummaryCounts, Progress } from '../../../../graph-schema/index.js';

interface V1Consumer extends Omit<IncidentConsumer, 'version' | 'arrival' | 'reached' | 'held' | 'needsDecision' | 'lateStop'> {
  estimatedArrival?: string;
}
export interface V1Incident extends Omit<IncidentHeader, 'summary' | 'asOf' | 'sourceActionClasses' | 'clocks' | 'lastSeq' | 'size' | 'outputAt' | 'actionClasses' | 'sourceKind'> {
  blastRadius: { sourceKind: IncidentHeader['sourceKind']; edges: FeedsEdge[] };
  consumers: V1Consumer[];
  progress: Progress;
  outputAt?: string;
}

export function isV1(x: unknown): x is V1Incident {
  return !!x && typeof x === 'object' && 'blastRadius' in x;
}

export function v1Consumers(inc: V1Incident, now = Date.now()): IncidentConsumer[] {
  return inc.consumers.map((c) => {
    const arrival = c.exposed ? (c.estimatedArrival ?? null) : null;
    const reached = arrival !== null && Date.parse(arrival) <= now ? ('estimated' as const) : false;
    const { estimatedArrival: _e, ...rest } = c;
    return { ...rest, version: c.decision?.version ?? 0, arrival, reached, held: !c.exposed, needsDecision: !c.decision && (c.exposed || !!reached), lateStop: false };
  });
}

export function summarise(consumers: IncidentConsumer[], source: IncidentSummaryCounts['source'], now = Date.now()): IncidentSummaryCounts {
  const s: IncidentSummaryCounts = {
    asOf: new Date(now).toISOString(), total: 0, undecided: 0, stop: 0, correct: 0, notify: 0, exposed: 0, reached: 0, observed: 0, held: 0,
    needsDecision: 0, surfacesExposed: 0, surfacesReached: 0, surfacesPending: 0, firstSurfaceArrival: null, nextSurfaceArrival: null, source,
  };
  for (const c of consumers) {
    s.total++;
    if (c.decision) s[c.decision.action]++;
    else s.undecided++;
    if (c.exposed) s.exposed++;
    if (c.reached) s.reached++;
    if (c.reached === 'observed') s.observed++;
    if (c.held) s.held++;
    if (c.needsDecision) s.needsDecision++;
    if (c.kind !== 'Surface') continue;
    if (c.exposed) s.surfacesExposed++;
    if (c.reached) s.surfacesReached++;
    if (c.arrival) {
      if (!s.firstSurfaceArrival || c.arrival < s.firstSurfaceArrival) s.firstSurfaceArrival = c.arrival;
      if (!c.reached) {
        s.surfacesPending++;
        if (!s.nextSurfaceArrival || c.arrival < s.nextSurfaceArrival) s.nextSurfaceArrival = c.arrival;
      }
    }
  }
  return s;
}

export function v1Header(inc: V1Incident, consumers: IncidentConsumer[]): IncidentHeader {
  const { blastRadius, consumers: _c, remainingExposure: _r, ...rest } = inc as V1Incident & { remainingExposure?: unknown };
  return {
    ...rest,
    sourceKind: blastRadius.sourceKind,
    outputAt: inc.outputAt ?? inc.detectedAt,
    actionClasses: null,
    asOf: new Date().toISOString(),
    sourceActionClasses: [],
    summary: summarise(consumers, null),
    clocks: [],
    lastSeq: 0,
    size: { consumers: consumers.length, surfaces: consumers.filter((c) => c.kind === 'Surface').length, edges: blastRadius.edges.length },
  };
}
