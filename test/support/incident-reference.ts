// An independent, deliberately plain reading of CONTRACT.md §4–§6 and §8, written from the
// contract text alone (it imports nothing from server/): the blast radius with broken action
// classes, arrival by repeated relaxation, reached / exposed / needsDecision, the summary counts,
// and the containment plan's minimum cut by brute force. Slow on purpose: clarity over speed.

export type Kind = 'Agent' | 'System' | 'Surface';
export type Gate = 'none' | 'human-review' | 'automated-check';
export type Action = 'stop' | 'correct' | 'notify';

export interface RefNode {
  name: string;
  kind: Kind;
  owner: string;
  title?: string;
  /** Agents: declared action classes. */
  actionClasses?: string[];
  containment?: { actionClass: string; primitive: string; runbook?: string }[];
}

export interface RefEdge {
  from: string;
  to: string;
  gate: Gate;
  delaySeconds?: number;
  actionClasses?: string[];
}

/** One decision as it was written: `at` when recorded, `effectiveAt` when it took effect. */
export interface RefDecision {
  name: string;
  action: Action | 'clear';
  at: number;
  effectiveAt: number;
  actionClasses?: string[];
}

export interface RefObservation {
  name: string;
  /** When it was observed (the body's `at`); absent when the body had none. */
  at?: number;
  /** When the observation was recorded by the server (asOf reads only those recorded by then). */
  recordedAt: number;
}

export interface RefIncident {
  source: string;
  /** What broke at the source; null: all of it. */
  actionClasses: string[] | null;
  outputAt: number;
}

export const codePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const SUGGESTED: Record<Kind, Action> = { Agent: 'stop', System: 'correct', Surface: 'notify' };

// ---------- §4 the blast radius ----------

export interface RefConsumer {
  name: string;
  kind: Kind;
  depth: number;
  path: string[];
  exposure: 'direct' | 'gated';
  suggestedAction: Action;
  arrivalSeconds: number;
}

export interface RefRadius {
  source: string;
  consumers: RefConsumer[];
  /** The edges that carry the bad output, among the source and its consumers. */
  edges: RefEdge[];
  /** Edges among the radius's nodes that carry nothing: the source's out-edges of other classes. */
  idleEdges: RefEdge[];
}

/** "only the source's out-edges that carry one of them, or are unclassified, carry the bad output" */
export function carries(e: RefEdge, source: string, broken: string[] | null): boolean {
  if (e.from !== source || broken === null || e.actionClasses === undefined) return true;
  return e.actionClasses.some((c) => broken.includes(c));
}

export function referenceRadius(nodes: RefNode[], edges: RefEdge[], source: string, broken: string[] | null): RefRadius {
  const kind = new Map(nodes.map((n) => [n.name, n.kind]));
  const live = edges.filter((e) => carries(e, source, broken));
  // depth: fewest edges, breadth first
  const depth = new Map<string, number>([[source, 0]]);
  for (let d = 0, changed = true; changed; d++) {
    changed = false;
    for (const e of live) {
      if (depth.get(e.from) === d && !depth.has(e.to)) {
        depth.set(e.to, d + 1);
        changed = true;
      }
    }
  }
  const reach = (ok: (e: RefEdge) => boolean) => {
    const seen = new Set([source]);
    for (let changed = true; changed; ) {
      changed = false;
      for (const e of live) if (ok(e) && seen.has(e.from) && !seen.has(e.to)) changed = seen.add(e.to) !== undefined;
    }
    return seen;
  };
  const direct = reach((e) => e.gate === 'none');
  // arrivalSeconds: the fastest sum of delays, by repeated relaxation
  const fastest = new Map<string, number>([[source, 0]]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of live) {
      const t = fastest.get(e.from);
      if (t === undefined) continue;
      const c = t + (e.delaySeconds ?? 0);
      if (c < (fastest.get(e.to) ?? Infinity)) {
        fastest.set(e.to, c);
        changed = true;
      }
    }
  }
  const pathOf = (name: string): string[] => {
    if (name === source) return [source];
    const d = depth.get(name)!;
    const preds = live.filter((e) => e.to === name && depth.get(e.from) === d - 1).map((e) => e.from).sort(codePoint);
    return [...pathOf(preds[0]), name];
  };
  const consumers = [...depth.keys()]
    .filter((n) => n !== source)
    .map((name) => ({
      name,
      kind: kind.get(name)!,
      depth: depth.get(name)!,
      path: pathOf(name),
      exposure: (direct.has(name) ? 'direct' : 'gated') as 'direct' | 'gated',
      suggestedAction: SUGGESTED[kind.get(name)!],
      arrivalSeconds: fastest.get(name)!,
    }))
    .sort((a, b) => a.depth - b.depth || codePoint(a.name, b.name));
  const inRadius = (n: string) => depth.has(n);
  const among = edges.filter((e) => inRadius(e.from) && inRadius(e.to));
  return { source, consumers, edges: among.filter((e) => carries(e, source, broken)), idleEdges: among.filter((e) => !carries(e, source, broken)) };
}

// ---------- §5 decisions in force, arrival, exposure ----------

export interface InForce {
  action: Action;
  at: number;
  effectiveAt: number;
  actionClasses?: string[];
  version: number;
}

/** The decision in force per name at asOf (decisions recorded after it ignored), and versions. */
export function decisionsAt(log: RefDecision[], asOf: number): { inForce: Map<string, InForce>; versions: Map<string, number> } {
  const inForce = new Map<string, InForce>();
  const versions = new Map<string, number>();
  for (const d of log) {
    if (d.at > asOf) continue;
    const version = (versions.get(d.name) ?? 0) + 1;
    versions.set(d.name, version);
    if (d.action === 'clear') inForce.delete(d.name);
    else inForce.set(d.name, { action: d.action, at: d.at, effectiveAt: d.effectiveAt, version, ...(d.actionClasses ? { actionClasses: d.actionClasses } : {}) });
  }
  return { inForce, versions };
}

const fullStop = (d: InForce | undefined) => d?.action === 'stop' && d.actionClasses === undefined;

/** "A stop blocks an edge u -> v when u is stopped in full, or partially with every one of the edge's actionClasses paused." */
export function stopBlocks(d: InForce | undefined, e: RefEdge): boolean {
  if (d?.action !== 'stop') return false;
  if (d.actionClasses === undefined) return true;
  if (e.actionClasses === undefined) return false;
  return e.actionClasses.every((c) => d.actionClasses!.includes(c));
}

/**
 * Arrival (epoch ms, or null) per node, source included. The output reaches v at arrival(u) +
 * delay unless u's stop blocks the edge and took effect at or before arrival(u); a node stopped in
 * full at or before its arrival is held: no arrival, relays nothing.
 */
export function arrivals(radius: RefRadius, inForce: Map<string, InForce>, outputAt: number): Map<string, number | null> {
  const tentative = new Map<string, number>([[radius.source, outputAt]]);
  const relaysFrom = (u: string, t: number) => u === radius.source || !(fullStop(inForce.get(u)) && inForce.get(u)!.effectiveAt <= t);
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of radius.edges) {
      const t = tentative.get(e.from);
      if (t === undefined || e.to === radius.source || !relaysFrom(e.from, t)) continue;
      const stop = inForce.get(e.from);
      if (stopBlocks(stop, e) && stop!.effectiveAt <= t) continue;
      const c = t + (e.delaySeconds ?? 0) * 1000;
      if (c < (tentative.get(e.to) ?? Infinity)) {
        tentative.set(e.to, c);
        changed = true;
      }
    }
  }
  const out = new Map<string, number | null>([[radius.source, outputAt]]);
  for (const c of radius.consumers) {
    const t = tentative.get(c.name);
    out.set(c.name, t === undefined || !relaysFrom(c.name, t) ? null : t);
  }
  return out;
}

/** Exposed: not stopped in full, and a path from the source over edges no stop blocks, whatever the times. */
export function exposedSet(radius: RefRadius, inForce: Map<string, InForce>): Set<string> {
  const seen = new Set([radius.source]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of radius.edges) {
      if (!seen.has(e.from) || seen.has(e.to) || stopBlocks(inForce.get(e.from), e)) continue;
      seen.add(e.to);
      changed = true;
    }
  }
  return new Set(radius.consumers.map((c) => c.name).filter((n) => seen.has(n) && !fullStop(inForce.get(n))));
}

// ---------- §5 the incident at asOf ----------

export type Reached = 'observed' | 'estimated' | false;

export interface RefConsumerState extends RefConsumer {
  arrival: number | null;
  reached: Reached;
  exposed: boolean;
  decision: InForce | null;
  version: number;
  needsDecision: boolean;
}

export interface RefSummary {
  total: number;
  undecided: number;
  stop: number;
  correct: number;
  notify: number;
  exposed: number;
  reached: number;
  needsDecision: number;
  surfacesExposed: number;
  surfacesReached: number;
  firstSurfaceArrival: number | null;
}

export interface RefView {
  asOf: number;
  consumers: RefConsumerState[];
  byName: Map<string, RefConsumerState>;
  summary: RefSummary;
  source: InForce | null;
  inForce: Map<string, InForce>;
  arrival: Map<string, number | null>;
  observed: Set<string>;
}

export function incidentAt(radius: RefRadius, incident: RefIncident, log: RefDecision[], observations: RefObservation[], asOf: number): RefView {
  const { inForce, versions } = decisionsAt(log, asOf);
  const arrival = arrivals(radius, inForce, incident.outputAt);
  const exposed = exposedSet(radius, inForce);
  const observed = new Set(observations.filter((o) => o.recordedAt <= asOf && o.name !== radius.source).map((o) => o.name));
  const consumers = radius.consumers.map((c) => {
    const t = arrival.get(c.name)!;
    const reached: Reached = observed.has(c.name) ? 'observed' : t !== null && t <= asOf ? 'estimated' : false;
    const decision = inForce.get(c.name) ?? null;
    return {
      ...c,
      arrival: t,
      reached,
      exposed: exposed.has(c.name),
      decision,
      version: versions.get(c.name) ?? 0,
      needsDecision: (reached !== false || exposed.has(c.name)) && decision === null,
    };
  });
  const count = (p: (c: RefConsumerState) => boolean) => consumers.filter(p).length;
  const surfaces = consumers.filter((c) => c.kind === 'Surface');
  const surfaceTimes = surfaces.map((c) => c.arrival).filter((t): t is number => t !== null);
  const summary: RefSummary = {
    total: consumers.length,
    undecided: count((c) => c.decision === null),
    stop: count((c) => c.decision?.action === 'stop'),
    correct: count((c) => c.decision?.action === 'correct'),
    notify: count((c) => c.decision?.action === 'notify'),
    exposed: count((c) => c.exposed),
    reached: count((c) => c.reached !== false),
    needsDecision: count((c) => c.needsDecision),
    surfacesExposed: surfaces.filter((c) => c.exposed).length,
    surfacesReached: surfaces.filter((c) => c.reached !== false).length,
    firstSurfaceArrival: surfaceTimes.length > 0 ? Math.min(...surfaceTimes) : null,
  };
  return { asOf, consumers, byName: new Map(consumers.map((c) => [c.name, c])), summary, source: inForce.get(radius.source) ?? null, inForce, arrival, observed };
}

// ---------- consumers pages: filters and sorts ----------

export interface RefFilter {
  reached?: 'true' | 'false' | 'observed' | 'estimated';
  exposed?: boolean;
  needsDecision?: boolean;
  kind?: Kind;
  decided?: 'true' | 'false' | Action;
  q?: string;
}

export function filterConsumers(view: RefView, nodes: Map<string, RefNode>, f: RefFilter): RefConsumerState[] {
  return view.consumers.filter((c) => {
    if (f.reached === 'true' && c.reached === false) return false;
    if (f.reached === 'false' && c.reached !== false) return false;
    if ((f.reached === 'observed' || f.reached === 'estimated') && c.reached !== f.reached) return false;
    if (f.exposed !== undefined && c.exposed !== f.exposed) return false;
    if (f.needsDecision !== undefined && c.needsDecision !== f.needsDecision) return false;
    if (f.kind !== undefined && c.kind !== f.kind) return false;
    if (f.decided === 'true' && c.decision === null) return false;
    if (f.decided === 'false' && c.decision !== null) return false;
    if (f.decided !== undefined && f.decided !== 'true' && f.decided !== 'false' && c.decision?.action !== f.decided) return false;
    if (f.q !== undefined) {
      const n = nodes.get(c.name)!;
      const q = f.q.toLowerCase();
      if (![n.name, n.title ?? '', n.owner].some((s) => s.toLowerCase().includes(q))) return false;
    }
    return true;
  });
}

/** arrival: earliest first, never-arriving last, ties by depth then name; depth; name (code points). */
export function sortConsumers(list: RefConsumerState[], sort: 'arrival' | 'depth' | 'name'): RefConsumerState[] {
  const byDepth = (a: RefConsumerState, b: RefConsumerState) => a.depth - b.depth || codePoint(a.name, b.name);
  const a = [...list];
  if (sort === 'name') return a.sort((x, y) => codePoint(x.name, y.name));
  if (sort === 'depth') return a.sort(byDepth);
  return a.sort((x, y) => {
    if (x.arrival === null || y.arrival === null) return x.arrival === y.arrival ? byDepth(x, y) : x.arrival === null ? 1 : -1;
    return x.arrival - y.arrival || byDepth(x, y);
  });
}
