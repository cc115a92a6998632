// Writes: one decision (PUT with the version we saw), many as one atomic bulk decision (POST),
// the undo of either (a `clear` carrying the new versions), and the containment plan applied.
// Each answers the summary, which the header shows at once.
import type { Decision, DecisionAction, HistoryEntry, IncidentSummaryCounts } from '../../../../graph-schema/index.js';
import { api } from '../../api.js';
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

function applyAll(store: IncidentStore, entries: HistoryEntry[], summary: IncidentSummaryCounts): Written {
  let structural = false;
  for (const e of entries) structural = store.applyEntry(e).structural || structural;
  store.setSummary(summary);
  return { entries, summary, structural };
}

export async function decideOne(store: IncidentStore, name: string, action: DecisionAction, o: DecideOptions = {}): Promise<Written> {
  const isSource = name === store.source;
  const expectedVersion = isSource ? (store.summary.source?.version ?? undefined) : (store.byName.get(name)?.version ?? 0);
  const r = await api.decide(store.id, name, { action, note: o.note || undefined, expectedVersion, actionClasses: o.actionClasses });
  return applyAll(store, [r.entry], r.summary);
}

export async function decideMany(store: IncidentStore, names: string[], action: DecisionAction, o: DecideOptions = {}): Promise<Written> {
  const expectedVersions: Record<string, number> = {};
  for (const n of names) expectedVersions[n] = store.byName.get(n)?.version ?? 0;
  const r = await api.decideMany(store.id, { names, action, note: o.note || undefined, actionClasses: o.actionClasses, expectedVersions });
  return applyAll(store, r.decisions, r.summary);
}

/** Takes what `written` did back: a clear of each, at the version it wrote (a stop's clear needs a note). */
export async function undo(store: IncidentStore, written: Written): Promise<Written> {
  const names = written.entries.map((e) => e.name);
  const note = 'undo: decided by mistake';
  if (names.length === 1) return decideOne(store, names[0], 'clear', { note });
  return decideMany(store, names, 'clear', { note });
}

export async function applyPlan(store: IncidentStore, includeSource: boolean): Promise<Written> {
  const r = await api.applyContainment(store.id, { note: 'containment plan', includeSource });
  return { ...applyAll(store, r.applied, r.summary), structural: true };
}

/** Someone else decided it in the last few minutes: changing it deserves a second look. */
export const FRESH_MS = 5 * 60_000;
export function freshDecisionByOther(d: Decision | null | undefined, me: string, now = Date.now()): Decision | null {
  if (!d || d.by === me) return null;
  return now - Date.parse(d.at) < FRESH_MS ? d : null;
}
