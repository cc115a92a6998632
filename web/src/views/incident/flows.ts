// What the commander does, end to end: decide one (asking first before replacing a colleague's
// fresh decision), decide the checked ones as one bulk write, undo from the toast, decide the
// source, show and apply the plan, change the status; and what arrives live from others.
import type { ContainmentPlan, Decision, DecisionAction, HistoryEntry, IncidentStatus, SourceStep } from '../../../../graph-schema/index.js';
import { actor } from '../../actor.js';
import { api, ApiError } from '../../api.js';
import { toast } from '../../ui/banner.js';
import { plural } from '../common.js';
import { applyPlan, decideMany, decideOne, freshDecisionByOther, undo, type Written } from './actions.js';
import type { IncidentGraph } from './graph-view.js';
import { undoToast, writeError } from './notices.js';
import type { SourceChoice } from './panel-source.js';
import type { Skeleton } from './skeleton.js';
import type { IncidentStore } from './store.js';
import type { ConsumerTable } from './table.js';
import type { Drafts, Tab, ViewState } from './url-state.js';
import { matches } from './filters.js';

export interface PageCtx {
  store: IncidentStore;
  view: ViewState;
  drafts: Drafts;
  plan: ContainmentPlan | undefined;
  sourceStep: SourceStep | undefined;
  panelMode: 'auto' | 'plan' | 'source';
  pending: Map<string, DecisionAction>;
  conflicts: Map<string, string>;
  /** Failed writes, by the panel they belong to (a name, '*source', '*bulk', '*plan'). */
  errors: Map<string, HTMLElement>;
  confirm: { name: string; action: DecisionAction; decision: Decision } | undefined;
  bulkConfirm: DecisionAction | null;
  busy: boolean;
  graph: IncidentGraph;
  table: ConsumerTable;
  sk: Skeleton;
  refresh(): void;
  renderPanel(): void;
  reloadAll(): Promise<void>;
  setCurrent(name: string | undefined, o?: { center?: boolean; focus?: boolean }): void;
  setView(t: Tab): void;
}

const SAVED: Record<DecisionAction, string> = { stop: 'stopped', correct: 'marked correct', notify: 'marked notify', clear: 'cleared' };

export class Flows {
  constructor(private c: PageCtx) {}

  private async after(w: Written): Promise<void> {
    if (w.structural) await this.c.reloadAll();
    else this.c.refresh();
  }

  private offerUndo(text: string, w: Written): void {
    undoToast(text, async () => {
      try {
        const back = await undo(this.c.store, w);
        await this.after({ ...back, structural: back.structural || w.structural });
        toast('Undone.', 'ok', 2000);
      } catch (err) {
        toast(`Nothing was undone: ${err instanceof Error ? err.message : String(err)}`, 'warn', 6000);
        await this.c.reloadAll();
      }
    });
  }

  /** s / c / n / clear: on the checked ones when there are any, else on the current consumer. */
  decide(action: DecisionAction, name = this.c.store.current, confirmed = false): void {
    const { store } = this.c;
    if (store.checked.size && name === store.current) {
      this.askBulk(action);
      return;
    }
    if (!name) {
      toast('Choose a consumer first: click one, or press J for the next one to decide.', 'warn');
      return;
    }
    if (name === store.source) {
      if (action === 'stop' || action === 'clear') void this.decideSource({ action, note: this.c.drafts.get('*source') || undefined });
      else this.openSource();
      return;
    }
    const c = store.byName.get(name);
    if (!c || this.c.pending.has(name)) return;
    const fresh = freshDecisionByOther(c.decision, actor());
    if (fresh && !confirmed && fresh.action !== action) {
      this.c.confirm = { name, action, decision: fresh };
      this.c.renderPanel();
      return;
    }
    void this.decideNow(name, action);
  }

  /** A partial stop of an Agent: only the checked action classes are paused. */
  pausePartly(name: string, actionClasses: string[]): void {
    if (actionClasses.length === 0) {
      toast('Check at least one action class to pause, or stop it in full.', 'warn');
      return;
    }
    if (this.c.pending.has(name)) return;
    void this.decideNow(name, 'stop', actionClasses);
  }

  private async decideNow(name: string, action: DecisionAction, actionClasses?: string[]): Promise<void> {
    const { store, drafts } = this.c;
    const note = drafts.get(name).trim();
    const c = store.byName.get(name);
    if (action === 'clear' && c?.decision?.action === 'stop' && !note) {
      this.c.errors.set(name, writeError(`${name} is still stopped`, new Error('Clearing a stop re-enables it: write a note saying why, then clear again.')));
      this.c.renderPanel();
      return;
    }
    this.c.confirm = undefined;
    this.c.pending.set(name, action);
    this.c.conflicts.delete(name);
    this.c.errors.delete(name);
    this.c.renderPanel();
    try {
      const w = await decideOne(store, name, action, { note: note || undefined, ...(actionClasses ? { actionClasses } : {}) });
      this.c.pending.delete(name);
      drafts.delete(name);
      await this.after(w);
      if (action === 'clear') toast(`${name}: back to undecided`, 'ok', 2500);
      else this.offerUndo(actionClasses ? `${actionClasses.join(', ')} paused on ${name}` : `${name} ${SAVED[action]}`, w);
    } catch (err) {
      this.c.pending.delete(name);
      if (err instanceof ApiError && err.status === 409) {
        await this.c.reloadAll();
        const now = store.byName.get(name)?.decision;
        this.c.conflicts.set(name, `Not saved: someone else changed ${name} while you were deciding${now ? `: it is now “${now.action}” by ${now.by}` : ''}. Your note is kept; review and decide again.`);
      } else this.c.errors.set(name, writeError(`your decision on ${name}`, err));
      this.c.renderPanel();
    }
  }

  askBulk(action: DecisionAction): void {
    this.c.bulkConfirm = action;
    this.c.renderPanel();
    (document.getElementById('bulk-confirm') as HTMLButtonElement | null)?.focus();
  }

  async confirmBulk(ok: boolean): Promise<void> {
    const action = this.c.bulkConfirm;
    if (!ok || !action) {
      this.c.bulkConfirm = null;
      this.c.renderPanel();
      return;
    }
    const { store, drafts } = this.c;
    const names = [...store.checked];
    const note = drafts.get('*bulk').trim();
    this.c.busy = true;
    this.c.errors.delete('*bulk');
    this.c.renderPanel();
    try {
      const w = await decideMany(store, names, action, { note: note || undefined });
      drafts.delete('*bulk');
      store.checked.clear();
      this.c.bulkConfirm = null;
      this.c.busy = false;
      await this.after(w);
      this.offerUndo(`${plural(names.length, 'consumer')} ${SAVED[action]}`, w);
    } catch (err) {
      this.c.busy = false;
      this.c.bulkConfirm = null;
      const what = err instanceof ApiError && err.status === 409 ? `${plural(err.details.length || 1, 'of them was', 'of them were')} changed by someone else meanwhile; the latest state is shown` : `${plural(names.length, 'decision')}`;
      this.c.errors.set('*bulk', writeError(what, err));
      if (err instanceof ApiError && err.status === 409) await this.c.reloadAll();
      this.c.renderPanel();
    }
  }

  openSource(): void {
    this.c.panelMode = 'source';
    this.c.store.checked.clear();
    this.c.renderPanel();
  }

  async decideSource(choice: SourceChoice): Promise<void> {
    const { store } = this.c;
    if (choice.action === 'clear' && !choice.note) {
      this.c.errors.set('*source', writeError('the source is still stopped', new Error('Re-enabling the source needs a note: write why it is safe again.')));
      this.c.panelMode = 'source';
      this.c.renderPanel();
      return;
    }
    this.c.busy = true;
    this.c.errors.delete('*source');
    this.c.renderPanel();
    try {
      const w = await decideOne(store, store.source, choice.action, { note: choice.note, actionClasses: choice.actionClasses });
      this.c.drafts.delete('*source');
      this.c.busy = false;
      await this.c.reloadAll();
      void this.loadSourceStep();
      if (choice.action === 'stop') this.offerUndo(choice.actionClasses ? `${choice.actionClasses.join(', ')} paused on ${store.source}` : `${store.source} stopped`, { ...w, structural: true });
      else toast(`${store.source} re-enabled`, 'ok');
    } catch (err) {
      this.c.busy = false;
      this.c.errors.set('*source', writeError(choice.action === 'stop' ? `the stop of ${store.source}` : `the re-enable of ${store.source}`, err));
      this.c.renderPanel();
    }
  }

  /** The plan's first step, for the start panel (in the background). */
  async loadSourceStep(): Promise<void> {
    try {
      const plan = await api.containment(this.c.store.id);
      this.c.sourceStep = plan.source;
      this.c.renderPanel();
    } catch {
      /* the start panel offers the source without the primitives */
    }
  }

  async showPlan(): Promise<void> {
    this.c.sk.planButton.disabled = true;
    try {
      this.c.plan = await api.containment(this.c.store.id);
      if (this.c.plan.source) this.c.sourceStep = this.c.plan.source;
      this.c.panelMode = 'plan';
      this.c.store.checked.clear();
      this.c.errors.delete('*plan');
      this.c.graph.mark('plan', this.c.plan.stops.map((s) => s.name));
    } catch (err) {
      this.c.plan = undefined;
      this.c.panelMode = 'plan';
      this.c.errors.set('*plan', writeError('nothing to apply: the plan could not be computed', err));
    } finally {
      this.c.sk.planButton.disabled = false;
    }
    this.c.renderPanel();
  }

  closePlan(): void {
    this.c.plan = undefined;
    this.c.panelMode = 'auto';
    this.c.graph.mark('plan', []);
    this.c.renderPanel();
  }

  async applyPlan(includeSource: boolean): Promise<void> {
    this.c.busy = true;
    this.c.renderPanel();
    try {
      const w = await applyPlan(this.c.store, includeSource);
      this.c.busy = false;
      await this.c.reloadAll();
      this.closePlan();
      toast(`Plan applied: ${plural(w.entries.length, 'stop')}. ${plural(this.c.store.summary.surfacesPending, 'surface')} still to be reached.`, 'ok', 5000);
    } catch (err) {
      this.c.busy = false;
      this.c.errors.set('*plan', writeError('the containment plan was not applied', err));
      if (err instanceof ApiError && err.status === 409) await this.showPlan();
      this.c.renderPanel();
    }
  }

  async setStatus(status: IncidentStatus): Promise<void> {
    const slot = document.getElementById('status-error');
    try {
      await api.setStatus(this.c.store.id, status);
      await this.refreshHeader();
      toast(`Incident marked ${status}`, 'ok');
    } catch (err) {
      slot?.replaceChildren(writeError(`the incident is still ${this.c.store.header.status}`, err));
    }
  }

  /** Re-reads the header (cheap); with `all`, the consumers too. */
  async refreshHeader(all = false): Promise<void> {
    if (all) return this.c.reloadAll();
    try {
      const head = await api.incidentHeader(this.c.store.id);
      this.c.store.setHeader(head);
      this.c.refresh();
    } catch {
      /* the next tick tries again; the connection banner covers a server that is away */
    }
  }

  private liveTimer = 0;
  onLiveEntry(e: HistoryEntry): void {
    const { store } = this.c;
    const r = store.applyEntry(e);
    if (!r.changed) return;
    if (e.by !== actor()) {
      toast(`${e.by}: ${e.name} ${SAVED[e.action]}`, 'info');
      this.c.graph.flash(e.name);
    }
    this.c.refresh();
    clearTimeout(this.liveTimer);
    // reach and exposure come from the server: one re-read per burst of decisions
    this.liveTimer = window.setTimeout(() => void this.refreshHeader(r.structural), r.structural ? 150 : 600);
  }

  walk(step: 1 | -1): void {
    const { store, view } = this.c;
    const now = Date.now();
    const next = store.next(store.current, step, (c) => matches(view.filters, c, now)) ?? store.next(store.current, step);
    if (!next) {
      toast(store.summary.needsDecision === 0 ? 'Nothing left to decide.' : store.complete ? 'Nothing to decide matches the filters.' : 'Still loading the consumers…', 'ok');
      return;
    }
    this.c.setCurrent(next.name, { center: true, focus: true });
  }
}
