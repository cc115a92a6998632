// One random incident, end to end over HTTP, checked against the independent reference at several
// asOf times: a random graph, a source with or without broken classes, decisions (full, partial,
// on the source, effective before or after arrival, cleared, one by one and in bulk),
// observations with times, pages, accuracy, the containment plan, and sometimes applying it.
import { expect } from 'vitest';
import { compareAccuracy, compareIncident, comparePaging, comparePlan, compareRadius, refLog } from './incident-compare.js';
import { referenceAccuracy, referencePlan } from './incident-reference-plan.js';
import { decisionsAt, incidentAt, referenceRadius, type Kind, type RefDecision, type RefFilter, type RefNode, type RefObservation, type RefRadius, type RefView } from './incident-reference.js';
import { manifestsOf, randomGraph, sleep, type Api } from './incident-scenarios.js';
import { rng } from './graphs.js';

export interface RandomStats {
  consumers: number;
  held: number;
  lateStops: number;
  partialStops: number;
  sourceStops: number;
  clears: number;
  bulk: number;
  observed: number;
  unexplained: number;
  contained: number;
  plansCompared: number;
  bigPlans: number;
  unprotectable: number;
  applied: number;
  pagesChecked: number;
}

export const emptyStats = (): RandomStats => ({
  consumers: 0, held: 0, lateStops: 0, partialStops: 0, sourceStops: 0, clears: 0, bulk: 0, observed: 0,
  unexplained: 0, contained: 0, plansCompared: 0, bigPlans: 0, unprotectable: 0, applied: 0, pagesChecked: 0,
});

const HOUR = 3_600_000;

export async function randomIncident(api: Api, seed: number, tag: string, stats: RandomStats, options: { maxNodes?: number } = {}): Promise<void> {
  const random = rng(seed * 7 + 3);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const n = 3 + Math.floor(random() * ((options.maxNodes ?? 16) - 2));
  const spec = randomGraph(seed, tag, n, 0.08 + random() * 0.25);
  const nodes = new Map(spec.nodes.map((x) => [x.name, x]));
  await api.ok('POST', '/api/v1/graph/apply', manifestsOf(spec, random));

  // the source: usually an Agent, sometimes with what broke named
  const agents = spec.nodes.filter((x) => x.kind === 'Agent');
  const source = random() < 0.85 ? pick(agents) : pick(spec.nodes);
  const broken = source.actionClasses && random() < 0.45 ? source.actionClasses.filter(() => random() < 0.6) : [];
  const t0 = Date.now();
  // recent outputs leave much still travelling (pending Surfaces, plans to make); old ones have arrived
  const age = pick([10 * 60_000, 10 * 60_000, 24 * HOUR, 3 * 24 * HOUR]);
  const outputAt = t0 - Math.floor(random() * age);
  const detectedAt = outputAt + Math.floor(random() * (t0 - outputAt));
  const open = {
    title: `random ${seed}`,
    source: source.name,
    failureMode: 'hallucination',
    ...(random() < 0.9 ? { outputAt: new Date(outputAt).toISOString(), detectedAt: new Date(detectedAt).toISOString() } : {}),
    ...(broken.length > 0 ? { actionClasses: broken } : {}),
  };
  const incident = await api.ok('POST', '/api/v1/incidents', open);
  const id: string = incident.id;
  const realOutputAt = Date.parse(incident.outputAt);
  if (open.outputAt) expect(realOutputAt, `seed ${seed}: outputAt`).toBe(outputAt);
  else expect(Date.parse(incident.outputAt), `seed ${seed}: outputAt defaults to detectedAt`).toBe(Date.parse(incident.detectedAt));
  const radius = referenceRadius(spec.nodes, spec.edges, source.name, broken.length > 0 ? [...broken].sort() : null);
  const label = `seed ${seed} (${tag}, source ${source.name}${broken.length ? ` broken ${broken.join(',')}` : ''})`;
  compareRadius(incident.consumers, radius, label);
  await compareEdges(api, id, radius, label);
  stats.consumers += radius.consumers.length;

  const ref = { source: source.name, actionClasses: broken.length ? broken : null, outputAt: realOutputAt };
  const log: RefDecision[] = [];
  const observations: RefObservation[] = [];
  const baseArrival = (name: string) => (name === source.name ? realOutputAt : realOutputAt + radius.consumers.find((c) => c.name === name)!.arrivalSeconds * 1000);

  const decide = async (count: number) => {
    for (let i = 0; i < count; i++) await oneDecision();
  };
  const oneDecision = async () => {
    const names = [source.name, ...radius.consumers.map((c) => c.name)];
    const now = Date.now();
    const inForce = decisionsAt(log, Infinity);
    const effective = () => {
      if (random() < 0.2) return undefined;
      // now and then a stop that takes effect a little in the future (at most 5 minutes is allowed)
      if (random() < 0.07) return now + Math.floor(random() * 4 * 60_000);
      const target = random() < 0.15 ? 0 : (random() - 0.5) * 4 * HOUR;
      return Math.min(now - 1000, Math.round(baseArrival(name) + target));
    };
    const name = random() < 0.15 ? source.name : pick(names);
    const node = nodes.get(name)!;
    const current = inForce.inForce.get(name);
    const isSource = name === source.name;
    let action: string = isSource ? 'stop' : pick(['stop', 'stop', 'stop', 'correct', 'notify']);
    if (current && random() < 0.3) action = 'clear';
    const body: Record<string, unknown> = { action, note: `n${seed}` };
    const eff = effective();
    if (eff !== undefined && action !== 'clear') body.effectiveAt = new Date(eff).toISOString();
    if (action === 'stop' && node.actionClasses && random() < 0.45) body.actionClasses = node.actionClasses.filter(() => random() < 0.5).concat(node.actionClasses[0]);
    if (random() < 0.5) body.expectedVersion = inForce.versions.get(name) ?? 0;
    // sometimes the same action for several names at once, in one bulk write
    const bulk = !isSource && action !== 'clear' && !body.actionClasses && random() < 0.3;
    let entries: any[];
    let targets = [name];
    if (bulk) {
      targets = [...new Set([name, ...radius.consumers.filter(() => random() < 0.25).map((c) => c.name)])];
      const { expectedVersion: _v, ...rest } = body;
      const r = await api.ok('POST', `/api/v1/incidents/${id}/decisions`, { ...rest, names: targets, ...(random() < 0.5 ? { expectedVersions: Object.fromEntries(targets.map((t) => [t, inForce.versions.get(t) ?? 0])) } : {}) });
      entries = r.decisions;
      stats.bulk++;
      const seqs = entries.map((e) => e.seq);
      expect(seqs, `${label}: one bulk write, contiguous seqs`).toEqual(seqs.map((_, k) => seqs[0] + k));
      expect(new Set(entries.map((e) => e.at)).size, `${label}: one bulk write, one time`).toBe(1);
    } else {
      const r = await api.ok('PUT', `/api/v1/incidents/${id}/decisions/${name}`, body);
      entries = [r.entry];
      expect(r.decision === null, `${label}: clear answers no decision`).toBe(action === 'clear');
    }
    expect(entries.map((e) => e.name), label).toEqual(targets);
    for (const e of entries) {
      expect(e.action, label).toBe(action);
      expect(e.version, `${label}: version +1 per change of ${e.name}`).toBe((inForce.versions.get(e.name) ?? 0) + 1);
      expect(e.previousAction, label).toBe(inForce.inForce.get(e.name)?.action ?? null);
      if (action !== 'clear') expect(Date.parse(e.effectiveAt), `${label}: effectiveAt defaults to at`).toBe(body.effectiveAt ? Date.parse(body.effectiveAt as string) : Date.parse(e.at));
      if (body.actionClasses) expect([...e.actionClasses].sort(), label).toEqual([...new Set(body.actionClasses as string[])].sort());
    }
    log.push(...refLog(entries));
    if (action === 'stop' && body.actionClasses) stats.partialStops++;
    if (action === 'stop' && isSource) stats.sourceStops++;
    if (action === 'clear') stats.clears++;
  };
  const observe = async () => {
    const outside = spec.nodes.filter((x) => x.name !== source.name && !radius.consumers.some((c) => c.name === x.name));
    const chosen = radius.consumers.filter(() => random() < 0.2).map((c) => c.name);
    if (outside.length > 0 && random() < 0.2) chosen.push(pick(outside).name);
    if (random() < 0.05) chosen.push(source.name);
    const fresh = [...new Set(chosen)].filter((x) => !observations.some((o) => o.name === x));
    if (fresh.length === 0) return;
    const now = Date.now();
    const at = (x: string) => {
      const base = x === source.name || !radius.consumers.some((c) => c.name === x) ? now - HOUR : baseArrival(x);
      return Math.min(now - 1000, Math.round(base + (random() - 0.3) * 2 * HOUR));
    };
    const list = fresh.map((x) => ({ name: x, at: at(x) }));
    await api.ok('POST', `/api/v1/incidents/${id}/observations`, { reached: list.map((o) => ({ name: o.name, at: new Date(o.at).toISOString() })) });
    const recordedAt = Date.now();
    observations.push(...list.map((o) => ({ ...o, recordedAt })));
  };

  const asOfPast = realOutputAt + Math.floor(random() * (t0 - 1000 - realOutputAt));
  await sleep(3);
  await decide(Math.floor(random() * 5));
  if (random() < 0.6) await observe();
  await sleep(4);
  const asOfMid = Date.now();
  await sleep(4);
  await decide(Math.floor(random() * 6));
  if (random() < 0.3) await observe();
  await sleep(4);
  const asOfEnd = Date.now();

  const viewAt = (asOf: number) => incidentAt(radius, ref, log, observations, asOf);
  const consistent = (view: RefView) => [...view.observed].every((o) => !view.byName.has(o) || (view.byName.get(o)!.arrival !== null && view.byName.get(o)!.arrival! <= view.asOf));
  const check = async (asOf: number | undefined, what: string): Promise<RefView> => {
    const body = await api.ok('GET', `/api/v1/incidents/${id}${asOf === undefined ? '' : `?asOf=${new Date(asOf).toISOString()}`}`);
    const view = viewAt(Date.parse(body.summary.asOf));
    compareIncident(body, view, `${label} at ${what}`, consistent(view));
    const header = await api.ok('GET', `/api/v1/incidents/${id}?consumers=false&asOf=${body.summary.asOf}`);
    expect(header.consumers, `${label}: consumers=false has no consumers`).toBeUndefined();
    expect(header.summary, `${label}: the header's summary`).toEqual(body.summary);
    return view;
  };
  await check(asOfPast, 'asOfPast');
  await check(asOfMid, 'asOfMid');
  const end = await check(asOfEnd, 'asOfEnd');
  await check(undefined, 'now');
  // the list reads no radius, but counts the same decisions
  const listed = (await api.ok('GET', '/api/v1/incidents')).incidents.find((x: any) => x.id === id);
  const { total, stop, correct, notify, undecided } = end.summary;
  expect(listed.progress, `${label}: the list's progress`).toMatchObject({ total, stop, correct, notify, undecided });
  stats.held += end.consumers.filter((c) => c.arrival === null).length;
  stats.lateStops += end.consumers.filter((c) => c.decision?.action === 'stop' && c.reached !== false).length;
  stats.observed += end.observed.size;

  // pages: a few random filters and sorts, with small limits so that cursors matter
  for (let k = 0; k < 3; k++) {
    const filter = randomFilter(random, spec.nodes, tag);
    const sort = pick(['arrival', 'depth', 'name'] as const);
    await comparePaging(api, id, end, nodes, filter, sort, k === 0 ? undefined : 1 + Math.floor(random() * 5), label);
    stats.pagesChecked++;
  }

  // accuracy, now
  const acc = await api.ok('GET', `/api/v1/incidents/${id}/accuracy`);
  const refAcc = referenceAccuracy(viewAt(Date.now()), source.name, nodes, observations);
  compareAccuracy(acc, refAcc, label);
  stats.unexplained += refAcc.unexplained.length;
  stats.contained += refAcc.contained.length;

  if (consistent(end)) await planAndApply(api, id, radius, ref, log, observations, end, random, label, stats);
}

/** The plan at end.asOf against the reference; then, when `apply` (default: at random), applied and checked. */
export async function planAndApply(
  api: Api,
  id: string,
  radius: RefRadius,
  ref: { source: string; actionClasses: string[] | null; outputAt: number },
  log: RefDecision[],
  observations: RefObservation[],
  end: RefView,
  random: () => number,
  label: string,
  stats: RandomStats,
  apply?: boolean,
): Promise<void> {
  const plan = await api.ok('GET', `/api/v1/incidents/${id}/containment?asOf=${new Date(end.asOf).toISOString()}`);
  const refPlan = referencePlan(radius, end);
  comparePlan(plan, refPlan, `${label} plan at asOfEnd`);
  expect(plan.source.name, label).toBe(ref.source);
  if (ref.actionClasses) {
    // §6 "stop the source's broken action classes ... It ends exposed for every consumer": under §5
    // that means pausing the broken classes and every other class on the source's carrying edges,
    // or a full stop (null) when one of them is unclassified
    const out = radius.edges.filter((e) => e.from === ref.source);
    const expected = out.some((e) => !e.actionClasses?.length) ? null : [...new Set([...ref.actionClasses, ...out.flatMap((e) => e.actionClasses ?? [])])].sort();
    expect(plan.source.actionClasses && [...plan.source.actionClasses].sort(), `${label}: the source step pauses what ends exposure`).toEqual(expected);
  }
  stats.plansCompared++;
  if ((refPlan.minimum ?? 0) >= 2) stats.bigPlans++;
  if (refPlan.unprotectable.length > 0) stats.unprotectable++;
  if (!(apply ?? random() < 0.4)) return;

  const includeSource = random() < 0.5;
  const r = await api.ok('POST', `/api/v1/incidents/${id}/containment/apply`, { includeSource, note: 'plan' });
  stats.applied++;
  const applied = refLog(r.applied);
  log.push(...applied);
  const asOf = Date.parse(r.plan.asOf);
  const before = incidentAt(radius, ref, log.filter((d) => !applied.includes(d)), observations, asOf);
  const savable = referencePlan(radius, before).savable;
  const after = await api.ok('GET', `/api/v1/incidents/${id}`);
  const view = incidentAt(radius, ref, log, observations, Date.parse(after.summary.asOf));
  compareIncident(after, view, `${label} after apply`, true);
  for (const s of savable) expect(after.consumers.find((c: any) => c.name === s).arrival, `${label}: savable ${s} after apply`).toBeNull();
  expectOneBulk(r.applied, `${label}: applying the plan (includeSource ${includeSource})`);
  if (includeSource) expect(after.summary.exposed, `${label}: after the source step, nothing is exposed (§6 "It ends exposed for every consumer")`).toBe(0);
}

function randomFilter(random: () => number, nodes: RefNode[], tag: string): RefFilter {
  const f: RefFilter = {};
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  if (random() < 0.3) f.reached = pick(['true', 'false', 'observed', 'estimated'] as const);
  if (random() < 0.25) f.exposed = random() < 0.5;
  if (random() < 0.2) f.needsDecision = random() < 0.5;
  if (random() < 0.25) f.kind = pick(['Agent', 'System', 'Surface'] as Kind[]);
  if (random() < 0.25) f.decided = pick(['true', 'false', 'stop', 'correct', 'notify'] as const);
  if (random() < 0.15) f.q = pick([pick(nodes).name.slice(tag.length + 1, tag.length + 3), 'RISK', 'bot', '-']);
  return f;
}

async function compareEdges(api: Api, id: string, radius: RefRadius, label: string): Promise<void> {
  const got: any[] = [];
  let cursor: string | null = null;
  do {
    const page = await api.ok('GET', `/api/v1/incidents/${id}/edges?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    got.push(...page.edges);
    cursor = page.nextCursor;
  } while (cursor !== null);
  const key = (e: { from: string; to: string }) => `${e.from}>${e.to}`;
  const carrying = radius.edges.map(key).sort();
  const idle = new Set(radius.idleEdges.map(key));
  const keys = got.map(key);
  expect(new Set(keys).size, `${label}: each edge once`).toBe(keys.length);
  // every edge that carries the output; an edge of the source's other classes may be listed too
  expect(keys.filter((k) => !idle.has(k)).sort(), `${label}: the radius's edges`).toEqual(carrying);
  for (const e of got) {
    const want = [...radius.edges, ...radius.idleEdges].find((x) => key(x) === key(e))!;
    expect({ gate: e.gate, delaySeconds: e.delaySeconds, actionClasses: e.actionClasses }, `${label}: edge ${key(e)}`).toEqual({ gate: want.gate, delaySeconds: want.delaySeconds, actionClasses: want.actionClasses });
  }
}

/** §6 "Applying the plan writes the source stop (when asked) and the stops as one bulk decision." */
export function expectOneBulk(entries: any[], label: string): void {
  const seqs = entries.map((e) => e.seq);
  expect(seqs, `${label}: contiguous seqs`).toEqual(seqs.map((_, k) => seqs[0] + k));
  expect(new Set(entries.map((e) => e.at)).size, `${label}: one write, one time`).toBeLessThanOrEqual(1);
  expect(new Set(entries.map((e) => e.batch ?? seqs[0])).size, `${label}: one history batch`).toBeLessThanOrEqual(1);
}
