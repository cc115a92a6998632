// The incident as the page holds it. Decisions arriving (ours or live from others) are applied
// here and the remaining exposure is recomputed with the contract's rule, so the screen never
// waits for a round trip; a refresh from the server replaces everything.
import type { Action, Decision, Incident, IncidentConsumer, NodeKind, Progress } from '../../graph-schema/index.js';

export const ACTIONS = ['stop', 'correct', 'notify'] as const satisfies readonly Action[];
// Compile-time check that the list above names every Action of graph-schema.
type _AllActions = Exclude<Action, (typeof ACTIONS)[number]> extends never ? true : never;
export const allActionsListed: _AllActions = true;

export const KINDS = ['Agent', 'System', 'Surface'] as const satisfies readonly NodeKind[];
type _AllKinds = Exclude<NodeKind, (typeof KINDS)[number]> extends never ? true : never;
export const allKindsListed: _AllKinds = true;

export const ACTION_LABEL: Record<Action, string> = { stop: 'Stop', correct: 'Correct', notify: 'Notify' };
export const ACTION_KEY: Record<Action, string> = { stop: 's', correct: 'c', notify: 'n' };

/** Arrival order: fastest first, unknown arrival last, then nearer first, then by name. */
export function byArrival(a: IncidentConsumer, b: IncidentConsumer): number {
  const ta = a.arrivalSeconds ?? Infinity;
  const tb = b.arrivalSeconds ?? Infinity;
  return ta - tb || a.depth - b.depth || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export class IncidentModel {
  incident!: Incident;
  readonly consumers = new Map<string, IncidentConsumer>();
  private out = new Map<string, string[]>();
  /** Consumer names in arrival order (for `j`, and the table's default sort). */
  arrivalOrder: string[] = [];
  /** Names whose state changed since the last `takeChanged()`; everything after a reset. */
  private changed = new Set<string>();
  private all = true;

  constructor(incident: Incident) {
    this.reset(incident);
  }

  get id(): string {
    return this.incident.id;
  }

  /** A fresh copy from the server: the authority. */
  reset(incident: Incident): void {
    this.incident = incident;
    this.consumers.clear();
    for (const c of incident.consumers) this.consumers.set(c.name, c);
    this.out.clear();
    for (const e of incident.blastRadius.edges) {
      let list = this.out.get(e.from);
      if (!list) this.out.set(e.from, (list = []));
      list.push(e.to);
    }
    this.arrivalOrder = [...incident.consumers].sort(byArrival).map((c) => c.name);
    this.all = true;
    this.changed.clear();
  }

  /** Applies a decision unless we already hold a newer one. Returns whether anything changed. */
  applyDecision(d: Decision): boolean {
    const c = this.consumers.get(d.name);
    if (!c) return false;
    if (c.decision && c.decision.version >= d.version) return false;
    const wasStop = c.decision?.action === 'stop';
    c.decision = d;
    this.changed.add(d.name);
    if (wasStop !== (d.action === 'stop')) this.recomputeExposure();
    this.recomputeProgress();
    return true;
  }

  /** The contract's remaining exposure: not stopped, and reachable from the source without crossing a stop. */
  recomputeExposure(): void {
    const source = this.incident.source;
    const seen = new Set<string>([source]);
    const queue = [source];
    for (let i = 0; i < queue.length; i++) {
      for (const v of this.out.get(queue[i]) ?? []) {
        if (seen.has(v)) continue;
        seen.add(v);
        const c = this.consumers.get(v);
        if (!c || c.decision?.action === 'stop') continue;
        queue.push(v);
      }
    }
    const remaining: Incident['remainingExposure'] = [];
    for (const c of this.incident.consumers) {
      const exposed = c.decision?.action !== 'stop' && seen.has(c.name);
      if (exposed !== c.exposed) {
        c.exposed = exposed;
        this.changed.add(c.name);
      }
      if (exposed) remaining.push({ name: c.name, kind: c.kind, depth: c.depth });
    }
    this.incident.remainingExposure = remaining;
  }

  recomputeProgress(): void {
    const p: Progress = { total: 0, stop: 0, correct: 0, notify: 0, undecided: 0, surfacesExposed: 0 };
    for (const c of this.incident.consumers) {
      p.total++;
      if (c.decision) p[c.decision.action]++;
      else p.undecided++;
      if (c.exposed && c.kind === 'Surface') p.surfacesExposed++;
    }
    this.incident.progress = p;
  }

  get progress(): Progress {
    return this.incident.progress;
  }

  get decided(): number {
    return this.progress.total - this.progress.undecided;
  }

  /** The exposed surface the bad output reaches first (the commander's deadline). */
  firstExposedSurface(): IncidentConsumer | undefined {
    let best: IncidentConsumer | undefined;
    for (const c of this.incident.consumers) {
      if (c.kind !== 'Surface' || !c.exposed) continue;
      if (!best || byArrival(c, best) < 0) best = c;
    }
    return best;
  }

  /** The next undecided consumer after `current` in arrival order (wrapping), optionally among `allowed` only. */
  nextUndecided(current: string | undefined, allowed?: (c: IncidentConsumer) => boolean, step = 1): IncidentConsumer | undefined {
    const order = this.arrivalOrder;
    const n = order.length;
    if (n === 0) return undefined;
    const at = current === undefined ? -1 : order.indexOf(current);
    const start = at === -1 ? (step > 0 ? -1 : n) : at;
    for (let k = 1; k <= n; k++) {
      const i = (((start + step * k) % n) + n) % n;
      const c = this.consumers.get(order[i])!;
      if (!c.decision && (!allowed || allowed(c))) return c;
    }
    return undefined;
  }

  /** Which names to repaint: null means all of them. */
  takeChanged(): Set<string> | null {
    const out = this.all ? null : new Set(this.changed);
    this.all = false;
    this.changed.clear();
    return out;
  }
}
