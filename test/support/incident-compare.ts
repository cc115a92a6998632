// Compares what the server answers with the independent reference, field by field, naming the
// consumer and the case on every mismatch.
import { expect } from 'vitest';
import { codePoint, filterConsumers, sortConsumers, type RefDecision, type RefFilter, type RefNode, type RefRadius, type RefView } from './incident-reference.js';
import type { RefAccuracy, RefPlan } from './incident-reference-plan.js';
import type { Api } from './incident-scenarios.js';

const ms = (iso: string | null | undefined) => (iso === null || iso === undefined ? null : Date.parse(iso));
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** History entries as the reference's decision log. */
export function refLog(history: any[]): RefDecision[] {
  return history.map((h) => ({
    name: h.name,
    action: h.action,
    at: Date.parse(h.at),
    effectiveAt: Date.parse(h.effectiveAt),
    ...(h.actionClasses ? { actionClasses: [...h.actionClasses].sort() } : {}),
  }));
}

/** The radius fields of each incident consumer (§4), against the reference radius. */
export function compareRadius(consumers: any[], radius: RefRadius, label: string): void {
  expect(consumers.map((c) => c.name).sort(codePoint), `${label}: the radius's consumers`).toEqual(radius.consumers.map((c) => c.name).sort(codePoint));
  const byName = new Map(consumers.map((c) => [c.name, c]));
  for (const r of radius.consumers) {
    const c = byName.get(r.name);
    const got = { kind: c.kind, depth: c.depth, path: c.path, exposure: c.exposure, suggestedAction: c.suggestedAction, arrivalSeconds: c.arrivalSeconds };
    const want = { kind: r.kind, depth: r.depth, path: r.path, exposure: r.exposure, suggestedAction: r.suggestedAction, arrivalSeconds: r.arrivalSeconds };
    expect(got, `${label}: radius fields of ${r.name}`).toEqual(want);
  }
}

/** One consumer's incident fields (§5) as the reference sees it. */
function expectedConsumer(view: RefView, name: string) {
  const r = view.byName.get(name)!;
  return {
    arrival: iso(r.arrival),
    reached: r.reached,
    exposed: r.exposed,
    needsDecision: r.needsDecision,
    held: r.arrival === null,
    version: r.version,
    decision: r.decision ? { action: r.decision.action, effectiveAt: iso(r.decision.effectiveAt), actionClasses: r.decision.actionClasses, version: r.decision.version } : null,
  };
}

export function actualConsumer(c: any) {
  return {
    arrival: c.arrival === null ? null : new Date(c.arrival).toISOString(),
    reached: c.reached,
    exposed: c.exposed,
    needsDecision: c.needsDecision,
    held: c.held,
    version: c.version,
    decision: c.decision
      ? { action: c.decision.action, effectiveAt: new Date(c.decision.effectiveAt).toISOString(), actionClasses: c.decision.actionClasses ? [...c.decision.actionClasses].sort() : undefined, version: c.decision.version }
      : null,
  };
}

/**
 * The whole incident at asOf: every consumer, the summary, the source's decision and the
 * remaining exposure. `consistent`: every observation agrees with the arrivals (then the
 * extra counts whose reading of an early observation is the lead's design are checked too).
 */
export function compareIncident(incident: any, view: RefView, label: string, consistent: boolean): void {
  expect(ms(incident.summary.asOf), `${label}: summary.asOf`).toBe(view.asOf);
  expect(incident.consumers.length, `${label}: consumer count`).toBe(view.consumers.length);
  for (const c of incident.consumers) {
    expect(view.byName.has(c.name), `${label}: ${c.name} is a consumer`).toBe(true);
    expect(actualConsumer(c), `${label}: consumer ${c.name}`).toEqual(expectedConsumer(view, c.name));
  }
  compareSummary(incident.summary, view, label, consistent);
  // "The v1 progress object stays"
  const { total, stop, correct, notify, undecided, surfacesExposed } = view.summary;
  expect(incident.progress, `${label}: progress`).toEqual({ total, stop, correct, notify, undecided, surfacesExposed });
  expect(incident.remainingExposure.map((e: any) => e.name).sort(codePoint), `${label}: remainingExposure`).toEqual(
    view.consumers.filter((c) => c.exposed).map((c) => c.name).sort(codePoint),
  );
}

export function compareSummary(summary: any, view: RefView, label: string, consistent: boolean): void {
  const s = view.summary;
  const got = {
    total: summary.total,
    undecided: summary.undecided,
    stop: summary.stop,
    correct: summary.correct,
    notify: summary.notify,
    exposed: summary.exposed,
    reached: summary.reached,
    needsDecision: summary.needsDecision,
    surfacesExposed: summary.surfacesExposed,
    surfacesReached: summary.surfacesReached,
    firstSurfaceArrival: ms(summary.firstSurfaceArrival),
    source: summary.source ? { action: summary.source.action, effectiveAt: ms(summary.source.effectiveAt), actionClasses: summary.source.actionClasses ? [...summary.source.actionClasses].sort() : undefined } : null,
  };
  const src = view.source;
  expect(got, `${label}: summary`).toEqual({ ...s, source: src ? { action: src.action, effectiveAt: src.effectiveAt, actionClasses: src.actionClasses } : null });
  if (consistent) {
    const surfaces = view.consumers.filter((c) => c.kind === 'Surface');
    const later = surfaces.map((c) => c.arrival).filter((t): t is number => t !== null && t > view.asOf);
    expect(
      { observed: summary.observed, held: summary.held, surfacesPending: summary.surfacesPending, nextSurfaceArrival: ms(summary.nextSurfaceArrival) },
      `${label}: summary extras`,
    ).toEqual({
      observed: view.consumers.filter((c) => c.reached === 'observed').length,
      held: view.consumers.filter((c) => c.arrival === null).length,
      surfacesPending: surfaces.filter((c) => c.reached === false && c.arrival !== null).length,
      nextSurfaceArrival: later.length > 0 ? Math.min(...later) : null,
    });
  }
}

/** Pages through one filtered, sorted list and compares the concatenation with the reference's. */
export async function comparePaging(api: Api, id: string, view: RefView, nodes: Map<string, RefNode>, filter: RefFilter, sort: 'arrival' | 'depth' | 'name', limit: number | undefined, label: string): Promise<number> {
  const want = sortConsumers(filterConsumers(view, nodes, filter), sort).map((c) => c.name);
  const params = new URLSearchParams({ asOf: iso(view.asOf)!, sort });
  for (const [k, v] of Object.entries(filter)) params.set(k, String(v));
  if (limit !== undefined) params.set('limit', String(limit));
  const got: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q = new URLSearchParams(params);
    if (cursor) q.set('cursor', cursor);
    const page = await api.ok('GET', `/api/v1/incidents/${id}/consumers?${q}`);
    pages++;
    expect(page.total, `${label}: total (${q})`).toBe(want.length);
    expect(page.consumers.length, `${label}: page size (${q})`).toBeLessThanOrEqual(limit ?? 500);
    if (page.nextCursor !== null) expect(page.consumers.length, `${label}: a full page before a cursor`).toBe(limit ?? 500);
    for (const c of page.consumers) {
      got.push(c.name);
      expect(actualConsumer(c), `${label}: paged consumer ${c.name}`).toEqual(expectedConsumer(view, c.name));
    }
    cursor = page.nextCursor;
    if (pages > want.length + 2) throw new Error(`${label}: the cursor never ends`);
  } while (cursor !== null);
  expect(got, `${label}: ${JSON.stringify(filter)} sort=${sort} limit=${limit}`).toEqual(want);
  return want.length;
}

/** The plan against the reference: lists exactly, the cut of minimum size and sufficient. */
export function comparePlan(plan: any, ref: RefPlan, label: string): void {
  expect(
    { pendingSurfaces: plan.pendingSurfaces, unprotectable: plan.unprotectable, toNotify: plan.toNotify, feasible: plan.feasible },
    `${label}: plan lists`,
  ).toEqual({ pendingSurfaces: ref.pendingSurfaces, unprotectable: ref.unprotectable, toNotify: ref.toNotify, feasible: ref.unprotectable.length === 0 });
  const stops: string[] = plan.stops.map((s: any) => s.name);
  expect(new Set(stops).size, `${label}: stops named once`).toBe(stops.length);
  for (const s of stops) expect(ref.cuttable, `${label}: ${s} may be stopped (Agent or System, not the source, not stopped in full, not reached)`).toContain(s);
  expect(ref.leaks(stops), `${label}: savable Surfaces the plan's stops leave reachable`).toEqual([]);
  if (ref.minimum !== null) {
    expect(stops.length, `${label}: the plan's size against the true minimum cut (one optimum: ${ref.optimal[0]?.join(', ')})`).toBe(ref.minimum);
    expect(ref.optimal.map((o) => o.join(',')), label).toContain([...stops].sort(codePoint).join(','));
  }
  const covered = new Set<string>();
  for (const step of plan.stops) {
    expect(step.action, label).toBe('stop');
    expect(step.reason.trim().length, `${label}: a reason for ${step.name}`).toBeGreaterThan(0);
    expect(step.protects.length, `${label}: ${step.name} in a minimum plan saves something`).toBeGreaterThan(0);
    for (const s of step.protects) {
      expect(ref.savable, `${label}: ${step.name} protects only savable pending Surfaces`).toContain(s);
      covered.add(s);
    }
    // what it saves lies behind it on the paths the output can still take
    const behind = ref.behind(step.name, stops.filter((n) => n !== step.name));
    for (const s of step.protects) expect(behind, `${label}: ${s} lies behind ${step.name}`).toContain(s);
  }
  expect([...covered].sort(codePoint), `${label}: every savable Surface is protected by some stop`).toEqual(ref.savable);
}

export function compareAccuracy(acc: any, ref: RefAccuracy, label: string): void {
  expect(
    {
      predicted: acc.predicted,
      observed: acc.observed,
      truePositives: acc.truePositives,
      falsePositives: acc.falsePositives,
      falseNegatives: acc.falseNegatives,
      contained: acc.contained,
      unexplained: acc.unexplained.map((u: any) => u.name).sort(codePoint),
      precision: acc.precision,
      recall: acc.recall,
    },
    `${label}: accuracy`,
  ).toEqual({ ...ref });
}
