// The keyboard: s / c / n decide (the checked ones, or the current one), j / k walk what needs a
// decision, space checks, e the note, / find, g / t the graph or table, p the plan, f fit, Esc
// closes. The table handles its own arrows and j / k when it has the focus.
import type { DecisionAction } from '../../../../graph-schema/index.js';
import { isTyping } from '../incident-list.js';
import type { Flows, PageCtx } from './flows.js';
import { bindSearch } from './search.js';

export function bindKeys(c: PageCtx, f: Flows): () => void {
  bindSearch(c, f);
  const onKey = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e) || !c.store.header) return;
    const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const tab = c.view.tab;
    if ((tab === 'history' || tab === 'accuracy' || tab === 'notify') && k !== 'g' && k !== 't') return;
    // a focused button or link keeps Enter and Space for itself
    const onControl = (e.target as HTMLElement | null)?.closest?.('button, a, summary');
    const acts: Record<string, DecisionAction> = { s: 'stop', c: 'correct', n: 'notify' };
    if (k in acts) f.decide(acts[k]);
    else if (k === 'j') f.walk(1);
    else if (k === 'k') f.walk(-1);
    else if (k === ' ' && !onControl && c.store.current && c.store.current !== c.store.source) {
      const n = c.store.current;
      if (c.store.checked.has(n)) c.store.checked.delete(n);
      else c.store.checked.add(n);
      c.table.refresh();
      c.renderPanel();
    } else if (k === 'Enter' && c.bulkConfirm && !onControl) void f.confirmBulk(true);
    else if (k === '/') c.sk.search.focus();
    else if (k === 'g') c.setView('graph');
    else if (k === 't') c.setView('table');
    else if (k === 'p') void f.showPlan();
    else if (k === 'f') c.graph.cy?.fit(undefined, 48);
    else if (k === 'e') (c.sk.panel.querySelector('textarea') as HTMLTextAreaElement | null)?.focus();
    else if (k === 'Escape') {
      if (c.bulkConfirm) void f.confirmBulk(false);
      else if (c.confirm) {
        c.confirm = undefined;
        c.renderPanel();
      } else if (c.panelMode === 'plan') f.closePlan();
      else if (c.panelMode === 'source') {
        c.panelMode = 'auto';
        c.renderPanel();
      } else c.setCurrent(undefined);
    } else return;
    e.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
