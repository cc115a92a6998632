// An incident as one instance knows it: its record, its log folded so far, and the arrival and
// exposure its stops give, kept until a stop changes. Every read first asks the store for the
// log's last seq (one cheap read), so any instance sees every other's writes.
import type { IncidentRecord, IncidentSummaryCounts, LogEntry } from '../../graph-schema/index.js';
import { emptyLogState, foldLog, type LogState } from '../analysis/incident-log.js';
import { factsOf, nextTimeline, stopsKey, summaryUntil, timelineOf, type Facts, type Timeline } from '../analysis/incident-view.js';
import { notFound } from '../errors.js';
import type { GraphStore } from '../store/types.js';
import type { CachedRadius, RadiusService } from './radius.js';

export interface IncidentState {
  record: IncidentRecord;
  entries: LogEntry[];
  log: LogState;
  timeline?: { key: string; value: Timeline };
  /** The last summary at the present, and the span of asOf it holds for (see summaryUntil). */
  summary?: { seq: number; timeline: Timeline; fromMs: number; untilMs: number; value: IncidentSummaryCounts };
  orders: Map<string, Int32Array>;
}

export interface Snapshot {
  record: IncidentRecord;
  radius: CachedRadius;
  facts: Facts;
  state: IncidentState;
  /** true when read as of a past time. */
  past: boolean;
}

const MAX_STATES = 64;

/** Adds entries to a state; those it holds already (a concurrent read fetched them too) are skipped. */
function fold(state: IncidentState, entries: readonly LogEntry[]): void {
  const fresh = entries.filter((e) => e.seq > state.log.lastSeq);
  state.entries.push(...fresh);
  foldLog(state.log, fresh);
  const status = state.log.statusHistory.at(-1)?.status;
  if (status) state.record = { ...state.record, status };
}

export class IncidentStates {
  private states = new Map<string, IncidentState>();

  constructor(
    private store: GraphStore,
    private radii: RadiusService,
  ) {}

  /**
   * The record with its log up to date, reading only what is new. `held`: the state this instance
   * holds is up to date as of a write it just made and absorbed, so the store is not asked again.
   */
  async current(id: string, held = false): Promise<IncidentState> {
    let state = this.states.get(id);
    if (state && held) return state;
    if (!state) {
      const record = await this.store.incident(id);
      if (!record) throw notFound('incident', id);
      state = { record, entries: [], log: emptyLogState(), orders: new Map() };
      if (this.states.size >= MAX_STATES) this.states.delete(this.states.keys().next().value!);
      this.states.set(id, state);
    }
    const last = await this.store.lastSeq(id);
    if (last > state.log.lastSeq) fold(state, await this.store.log(id, state.log.lastSeq));
    return state;
  }

  /**
   * Folds in entries this instance just wrote, when they follow on from what it holds: the read
   * after a write then needs no second trip for the log. Otherwise (another instance wrote in
   * between) nothing is done, and the next read fetches what is new as usual.
   */
  absorb(id: string, written: readonly LogEntry[]): boolean {
    const state = this.states.get(id);
    if (!state || written.length === 0 || written[0].seq !== state.log.lastSeq + 1) return false;
    for (let i = 1; i < written.length; i++) if (written[i].seq !== written[i - 1].seq + 1) return false;
    fold(state, written);
    return true;
  }

  /**
   * The summary of a snapshot. At the present it is remembered: a decision's answer and the reads
   * that follow (every open console rereads the header on each live event) share one count over
   * 100,000 consumers, until the log, the stops, or the next arrival changes it.
   */
  summaryOf(snap: Snapshot): IncidentSummaryCounts {
    const { state, facts } = snap;
    const cached = snap.past ? undefined : state.summary;
    if (cached && cached.seq === state.log.lastSeq && cached.timeline === facts.timeline && facts.asOfMs >= cached.fromMs && facts.asOfMs < cached.untilMs) {
      return { ...cached.value, asOf: new Date(facts.asOfMs).toISOString() };
    }
    const { summary, untilMs } = summaryUntil(facts, snap.record);
    if (!snap.past) state.summary = { seq: state.log.lastSeq, timeline: facts.timeline, fromMs: facts.asOfMs, untilMs, value: { ...summary } };
    return summary;
  }

  /** Everything a view needs at `asOfMs` (now when absent). */
  async snapshot(id: string, asOfMs?: number, held = false): Promise<Snapshot> {
    const state = await this.current(id, held);
    const { record } = state;
    const radius = await this.radii.get({ revision: record.revision, source: record.source, actionClasses: record.actionClasses });
    const outputAtMs = Date.parse(record.outputAt);
    const now = Date.now();
    if (asOfMs === undefined || asOfMs >= now) {
      const key = stopsKey(state.log.decisions);
      if (state.timeline?.key !== key) {
        const before = state.timeline?.value;
        state.timeline = { key, value: before ? nextTimeline(radius.graph, outputAtMs, before, state.log.decisions) : timelineOf(radius.graph, outputAtMs, state.log.decisions) };
        state.orders.clear();
      }
      return { record, radius, state, past: false, facts: factsOf(radius.graph, state.timeline.value, state.log, asOfMs ?? now) };
    }
    // as it stood then: the log folded up to asOf, and its own timeline
    const log = foldLog(emptyLogState(), state.entries, asOfMs);
    const status = log.statusHistory.at(-1)?.status ?? 'open';
    const past: IncidentState = { record: { ...record, status }, entries: state.entries, log, orders: new Map() };
    const timeline = timelineOf(radius.graph, outputAtMs, log.decisions);
    return { record: past.record, radius, state: past, past: true, facts: factsOf(radius.graph, timeline, log, asOfMs) };
  }
}
