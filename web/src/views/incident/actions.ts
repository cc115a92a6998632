// Writes: one decision (PUT with the version we saw), many as one atomic bulk decision (POST),
// the undo of either (a `clear` carrying the new versions), and the containment plan applied.
// Each answers the summary, which the header shows at once.
import type { Decision, DecisionAction, HistoryEntry, IncidentSummaryCounts } from '../../../../graph-schema/index.js';
import { api } from '../../api.js';
import { summarise } from './legacy.js';
import type { IncidentStore } from './store.js';

export interface Written {
  entries: HistoryEntry[];
  summary: IncidentSummaryCounts;
  /** Reach or exposure may have changed: read the consumers again. */
  structural: boolean;
}

export interface DecideOptions {
  note?: string;
  actionClasses?: string[];
}

function applyAll(store: IncidentStore, entries: HistoryEntry[], summary: IncidentSummaryCounts | undefined): Written {
  let structural = false;
  for (const e of entries) structural = store.applyEntry(e).structural || structural;
  const s = summary ?? summarise(store.list, store.summary.source);
  store.setSummary(s);
  return { entries, summary: s, structural };
}

/** A v1 server answers a PUT with the decision alone: read it as the entry it stands for. */
function v1Entry(d: Decision, action: DecisionAction, previous: Decision | null): HistoryEntry {
  return { seq: 0, name: d.name, action, previousAction: previous?.action ?? null, note: d.note, version: d.version, by: d.by, at: d.at, effectiveAt: d.effectiveAt ?? d.at, actionClasses: d.actionClasses };
}

export async function decideOne(store: IncidentStore, name: string, action: DecisionAction, o: DecideOptions = {}): Promise<Written> {
  const isSource = name === store.source;
  const c = store.byName.get(name);
  const previous = isSource ? store.summary.source : (c?.decision ?? null);
  const expectedVersion = isSource ? (store.summary.source?.version ?? undefined) : (c?.version ?? 0);
  const res = (await api.decideV2(store.id, name, { action, note: o.note || undefined, expectedVersion, actionClasses: o.actionClasses })) as unknown;
  if (res && typeof res === 'object' && 'entry' in res) {
    const r = res as { entry: HistoryEntry; summary: IncidentSummaryCounts };
    return applyAll(store, [r.entry], r.summary);
  }
  return applyAll(store, [v1Entry(res as Decision, action, previous)], undefined);
}

export async function decideMany(store: IncidentStore, names: string[], action: DecisionAction, o: DecideOptions & { legacy?: boolean } = {}): Promise<Written> {
  const expectedVersions: Record<string, number> = {};
  for (const n of names) expectedVersions[n] = store.byName.get(n)?.version ?? 0;
  if (o.legacy) {
    // a v1 server has no bulk write: one by one (not atomic; only the demo runs this)
    const entries: HistoryEntry[] = [];
    for (const n of names) entries.push(...(await decideOne(store, n, action, o)).entries);
    return { entries, summary: store.summary, structural: entries.some((e) => e.action === 'stop' || e.previousAction === 'stop') };
  }
  const r = await api.decideMany(store.id, { names, action, note: o.note || undefined, actionClasses: o.actionClasses, expectedVersions });
  return applyAll(store, r.decisions, r.summary);
}

/** Takes what `written` did back: a clear of each, at the version it wrote (a stop's clear needs a note). */
export async function undo(store: IncidentStore, written: Written, legacy: boolean): Promise<Written> {
  const names = written.entries.map((e) => e.name);
  const note = 'undo: decided by mistake';
  if (names.length === 1 || legacy) {
    const all: HistoryEntry[] = [];
    let last: Written | undefined;
    for (const n of names) {
      last = await decideOne(store, n, 'clear', { note });
      all.push(...last.entries);
    }
    return { entries: all, summary: last?.summary ?? store.summary, structural: written.structural };
  }
  return decideMany(store, names, 'clear', { note });
}

export async function applyPlan(store: IncidentStore, includeSource: boolean, legacy: boolean): Promise<Written> {
  const r = legacy
    ? ((await api.applyContainment(store.id, 'containment plan')) as unknown as { applied: Decision[] })
    : await api.applyContainmentV2(store.id, { note: 'containment plan', includeSource });
  const entries = (r.applied as (HistoryEntry | Decision)[]).map((d) => ('seq' in d ? d : v1Entry(d, 'stop', null)));
  const w = applyAll(store, entries, 'summary' in r ? (r as { summary: IncidentSummaryCounts }).summary : undefined);
  return { ...w, structural: true };
}

/** Someone else decided it in the last few minutes: changing it deserves a second look. */
export const FRESH_MS = 5 * 60_000;
export function freshDecisionByOther(d: Decision | null | undefined, me: string, now = Date.now()): Decision | null {
  if (!d || d.by === me) return null;
  return now - Date.parse(d.at) < FRESH_MS ? d : null;
}
