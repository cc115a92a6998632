// An incident's append-only log folded into what is in force: decisions per name, observations,
// status changes, communications. Reading "as of" a time ignores entries recorded after it.
import type { Communication, Decision, HistoryEntry, LogEntry, Observation, StatusChange } from '../../graph-schema/index.js';
import { conflict } from '../errors.js';

export interface LogState {
  lastSeq: number;
  /** Decisions in force (cleared names absent). */
  decisions: Map<string, Decision>;
  /** The latest version per name (clears count), for expectedVersion checks. */
  versions: Map<string, number>;
  history: HistoryEntry[];
  statusHistory: StatusChange[];
  observations: Observation[];
  communications: Communication[];
}

export function emptyLogState(): LogState {
  return { lastSeq: 0, decisions: new Map(), versions: new Map(), history: [], statusHistory: [], observations: [], communications: [] };
}

/** The decision an entry puts in force, or null for a clear. */
export function decisionOf(h: HistoryEntry): Decision | null {
  if (h.action === 'clear') return null;
  const d: Decision = { name: h.name, action: h.action, version: h.version, by: h.by, at: h.at, effectiveAt: h.effectiveAt };
  if (h.note !== undefined) d.note = h.note;
  if (h.actionClasses !== undefined) d.actionClasses = h.actionClasses;
  return d;
}

/** Folds entries (in seq order) into a state, in place; entries recorded after `asOfMs` are skipped. */
export function foldLog(state: LogState, entries: readonly LogEntry[], asOfMs = Infinity): LogState {
  for (const e of entries) {
    if (e.seq <= state.lastSeq) continue;
    switch (e.type) {
      case 'decision': {
        if (Date.parse(e.entry.at) > asOfMs) continue;
        // the history shows each entry's link in the chain (the hash is the log entry's)
        const h = e.hash !== undefined && e.entry.hash === undefined ? { ...e.entry, hash: e.hash } : e.entry;
        state.history.push(h);
        state.versions.set(h.name, h.version);
        const d = decisionOf(h);
        if (d) state.decisions.set(h.name, d);
        else state.decisions.delete(h.name);
        break;
      }
      case 'status':
        if (Date.parse(e.change.at) > asOfMs) continue;
        state.statusHistory.push(e.change);
        break;
      case 'observations':
        state.observations.push(...e.list.filter((o) => !(Date.parse(o.recordedAt) > asOfMs)));
        break;
      case 'communication':
        if (Date.parse(e.communication.recordedAt) > asOfMs) continue;
        state.communications.push(e.communication);
        break;
    }
    state.lastSeq = e.seq;
  }
  return state;
}

/** Observed reached names (matched ones), with the earliest observed time where one is given. */
export function observedNames(observations: readonly Observation[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const o of observations) {
    if (o.matched === false) continue;
    const at = o.at !== undefined ? Date.parse(o.at) : NaN;
    const before = seen.get(o.name);
    if (before === undefined || (!Number.isNaN(at) && (Number.isNaN(before) || at < before))) seen.set(o.name, at);
  }
  return seen;
}

/** One decision as a store is asked to write it (the service has checked it against the radius). */
export interface DecisionInput {
  name: string;
  action: HistoryEntry['action'];
  note?: string;
  /** Refuse unless the name's decision is at this version (0: never decided). */
  expectedVersion?: number;
  effectiveAt: string;
  actionClasses?: string[];
  by: string;
  at: string;
}

export interface VersionConflict {
  name: string;
  expected: number;
  current: HistoryEntry | undefined;
}

/**
 * The history entries a batch of decisions appends after `latest` (the last entry per name), or
 * every version conflict. Both stores call it inside their write, so the check and the write are one.
 */
export function planDecisions(
  inputs: readonly DecisionInput[],
  latest: ReadonlyMap<string, HistoryEntry>,
  firstSeq: number,
): { entries: HistoryEntry[]; conflicts: VersionConflict[] } {
  const conflicts: VersionConflict[] = [];
  const entries: HistoryEntry[] = [];
  inputs.forEach((input, i) => {
    const current = latest.get(input.name);
    const version = current?.version ?? 0;
    if (input.expectedVersion !== undefined && input.expectedVersion !== version) {
      conflicts.push({ name: input.name, expected: input.expectedVersion, current });
      return;
    }
    const entry: HistoryEntry = {
      seq: firstSeq + i,
      name: input.name,
      action: input.action,
      previousAction: current && current.action !== 'clear' ? current.action : null,
      version: version + 1,
      by: input.by,
      at: input.at,
      effectiveAt: input.effectiveAt,
    };
    if (inputs.length > 1) entry.batch = firstSeq;
    if (input.note !== undefined) entry.note = input.note;
    if (input.actionClasses !== undefined) entry.actionClasses = input.actionClasses;
    entries.push(entry);
  });
  return { entries, conflicts };
}

/** One 409 naming every conflict, and who decided first where known. */
export function conflictError(conflicts: readonly VersionConflict[]) {
  const details = conflicts.map((c) => ({
    path: `expectedVersions.${c.name}`,
    message: c.current
      ? `'${c.name}' is at version ${c.current.version} (${c.current.action} by ${c.current.by} at ${c.current.at}), not ${c.expected}`
      : `'${c.name}' is undecided (version 0), not ${c.expected}`,
  }));
  const first = conflicts[0];
  const message =
    conflicts.length === 1
      ? `The decision on '${first.name}' changed first${first.current ? ` (${first.current.action} by ${first.current.by})` : ''}: nothing was written`
      : `${conflicts.length} decisions changed first: nothing was written`;
  return conflict(message, details);
}
