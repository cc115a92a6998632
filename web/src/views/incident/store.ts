// The incident as the page holds it: the header (summary, clocks, the source's decision), the
// consumers as they arrive page by page, the edges when the graph needs them, and which consumer
// is current and which are checked. The server is the authority on reach and exposure: a
// decision that can change them (a stop, the source) is followed by a fresh read; a correct or
// notify is applied here at once.
import type { Decision, FeedsEdge, HistoryEntry, IncidentConsumer, IncidentHeader, IncidentSummaryCounts } from '../../../../graph-schema/index.js';

/** Arrival order: earliest arrival first, never-arriving last, then nearer first, then by name. */
export function byArrival(a: IncidentConsumer, b: IncidentConsumer): number {
  const ta = a.arrival ? Date.parse(a.arrival) : Infinity;
  const tb = b.arrival ? Date.parse(b.arrival) : Infinity;
  return ta - tb || (a.arrivalSeconds ?? Infinity) - (b.arrivalSeconds ?? Infinity) || a.depth - b.depth || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export class IncidentStore {
  header!: IncidentHeader;
  readonly byName = new Map<string, IncidentConsumer>();
  /** In arrival order. */
  list: IncidentConsumer[] = [];
  /** Every consumer is here (all pages read). */
  complete = false;
  edges: FeedsEdge[] | null = null;
  current: string | undefined;
  readonly checked = new Set<string>();
  private changed = new Set<string>();
  private all = true;

  constructor(readonly id: string) {}

  get summary(): IncidentSummaryCounts {
    return this.header.summary;
  }

  get source(): string {
    return this.header.source;
  }

  setHeader(h: IncidentHeader): void {
    this.header = h;
  }

  setSummary(s: IncidentSummaryCounts): void {
    this.header = { ...this.header, summary: s, progress: { ...this.header.progress, total: s.total, stop: s.stop, correct: s.correct, notify: s.notify, undecided: s.undecided, surfacesExposed: s.surfacesExposed } };
  }

  /** A fresh, complete list from the server. */
  setConsumers(list: IncidentConsumer[], complete = true): void {
    this.byName.clear();
    for (const c of list) this.byName.set(c.name, c);
    this.list = [...list].sort(byArrival);
    this.complete = complete;
    for (const n of [...this.checked]) if (!this.byName.has(n)) this.checked.delete(n);
    this.all = true;
  }

  /** One more page (already in arrival order from the server). */
  addPage(page: IncidentConsumer[]): void {
    for (const c of page) {
      if (this.byName.has(c.name)) continue;
      this.byName.set(c.name, c);
      this.list.push(c);
    }
    this.all = true;
  }

  sortList(): void {
    this.list.sort(byArrival);
    this.all = true;
  }

  /** A decision now in force (null: cleared), as a write or a live event reports it. */
  setDecision(name: string, decision: Decision | null, version: number): boolean {
    const c = this.byName.get(name);
    if (!c || c.version >= version) return false;
    // the counts move at once; the server's summary follows with the next read
    const s = { ...this.summary };
    if (c.decision) s[c.decision.action]--;
    else s.undecided++;
    if (c.needsDecision) s.needsDecision--;
    c.decision = decision;
    c.version = version;
    c.needsDecision = !decision && (!!c.reached || c.exposed);
    if (decision) s[decision.action]++;
    else s.undecided--;
    if (c.needsDecision) s.needsDecision++;
    s.undecided = s.total - s.stop - s.correct - s.notify;
    this.setSummary(s);
    this.changed.add(name);
    return true;
  }

  /** A history entry (ours or someone else's). Returns whether reach or exposure may have changed. */
  applyEntry(e: HistoryEntry): { changed: boolean; structural: boolean } {
    const decision: Decision | null = e.action === 'clear' ? null : { name: e.name, action: e.action, note: e.note, version: e.version, by: e.by, at: e.at, effectiveAt: e.effectiveAt, actionClasses: e.actionClasses };
    const structural = e.name === this.source || e.action === 'stop' || e.previousAction === 'stop';
    if (e.name === this.source) {
      this.setSummary({ ...this.summary, source: decision });
      return { changed: true, structural };
    }
    return { changed: this.setDecision(e.name, decision, e.version), structural };
  }

  /** The next consumer needing a decision after `from` in arrival order (wrapping), among `allowed`. */
  next(from: string | undefined, step: 1 | -1, allowed?: (c: IncidentConsumer) => boolean): IncidentConsumer | undefined {
    const order = this.list;
    const n = order.length;
    if (!n) return undefined;
    const at = from === undefined ? -1 : order.findIndex((c) => c.name === from);
    const start = at === -1 ? (step > 0 ? -1 : n) : at;
    for (let k = 1; k <= n; k++) {
      const c = order[(((start + step * k) % n) + n) % n];
      if (c.needsDecision && (!allowed || allowed(c))) return c;
    }
    return undefined;
  }

  /** Names to repaint since the last call: null means everything. */
  takeChanged(): Set<string> | null {
    const out = this.all ? null : new Set(this.changed);
    this.all = false;
    this.changed.clear();
    return out;
  }
}
