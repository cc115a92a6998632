// Which panel shows: the checked ones (bulk), the plan, the source, the current consumer, or the
// first steps; a failed write's message is put back beside the control after every repaint.
import { actor } from '../../actor.js';
import { h } from '../../ui/dom.js';
import type { Flows, PageCtx } from './flows.js';
import { bulkPanel } from './panel-bulk.js';
import { consumerPanel } from './panel-consumer.js';
import { planPanel } from './panel-plan.js';
import { sourcePanel } from './panel-source.js';
import { startPanel } from './panel-start.js';

function body(c: PageCtx, f: Flows): { el: HTMLElement; errorKey: string } {
  const { store } = c;
  if (!store.header) return { el: h('div.panel-body', h('p.loading', 'Loading…')), errorKey: '' };
  if (store.checked.size) {
    const checked = [...store.checked].map((n) => store.byName.get(n)).filter((x) => !!x);
    return {
      el: bulkPanel({
        checked, me: actor(), draft: c.drafts.get('*bulk'), pending: c.busy, confirm: c.bulkConfirm,
        onDraft: (t) => c.drafts.set('*bulk', t), onAsk: (a) => f.askBulk(a), onConfirm: (ok) => void f.confirmBulk(ok),
        onUncheck: () => {
          store.checked.clear();
          c.bulkConfirm = null;
          c.table.refresh();
          c.renderPanel();
        },
      }),
      errorKey: '*bulk',
    };
  }
  if (c.panelMode === 'plan') {
    if (!c.plan) return { el: h('div.panel-body', { id: 'plan-panel' }, h('h2', 'Containment plan'), h('div.action-error')), errorKey: '*plan' };
    return {
      el: planPanel({ plan: c.plan, stopped: (n) => store.byName.get(n)?.decision?.action === 'stop', applying: c.busy, onApply: (src) => void f.applyPlan(src), onSelect: (n) => c.setCurrent(n, { center: true }), onClose: () => f.closePlan() }),
      errorKey: '*plan',
    };
  }
  if (c.panelMode === 'source' || store.current === store.source) {
    return {
      el: sourcePanel({ header: store.header, step: c.sourceStep, draft: c.drafts.get('*source'), pending: c.busy, onDraft: (t) => c.drafts.set('*source', t), onDecide: (ch) => void f.decideSource(ch), onClose: () => { c.panelMode = 'auto'; c.setCurrent(undefined); } }),
      errorKey: '*source',
    };
  }
  const cur = store.current ? store.byName.get(store.current) : undefined;
  if (cur) {
    return {
      el: consumerPanel({
        consumer: cur, draft: c.drafts.get(cur.name), pending: c.pending.get(cur.name) ?? null,
        confirm: c.confirm?.name === cur.name ? c.confirm : undefined, conflict: c.conflicts.get(cur.name),
        onDecide: (a) => f.decide(a, cur.name), onPausePartly: (classes) => f.pausePartly(cur.name, classes), onConfirm: (ok) => (ok && c.confirm ? f.decide(c.confirm.action, cur.name, true) : ((c.confirm = undefined), c.renderPanel())),
        onDraft: (t) => c.drafts.set(cur.name, t), onSelect: (n) => (n === store.source ? f.openSource() : c.setCurrent(n, { center: true })),
        onNext: () => f.walk(1), onClose: () => c.setCurrent(undefined),
      }),
      errorKey: cur.name,
    };
  }
  if (store.current && !store.complete) return { el: h('div.panel-body', h('p.loading', `Loading ${store.current}…`)), errorKey: '' };
  return {
    el: startPanel({ header: store.header, step: c.sourceStep, pending: c.busy, onSourceStep: (s) => void f.decideSource({ action: 'stop', actionClasses: s.actionClasses ?? undefined }), onOpenSource: () => f.openSource(), onWalk: () => f.walk(1), onPlan: () => void f.showPlan() }),
    errorKey: '*source',
  };
}

export function renderPanel(c: PageCtx, f: Flows): void {
  const active = document.activeElement;
  const keepNote = active instanceof HTMLTextAreaElement && c.sk.panel.contains(active) ? active.id : '';
  const { el, errorKey } = body(c, f);
  c.sk.panel.replaceChildren(el);
  c.sk.panel.classList.toggle('has-subject', !!(c.store.current || c.store.checked.size || c.panelMode !== 'auto'));
  const err = c.errors.get(errorKey);
  if (err) el.querySelector('.action-error')?.replaceChildren(err);
  if (keepNote) {
    const t = document.getElementById(keepNote) as HTMLTextAreaElement | null;
    t?.focus();
    t?.setSelectionRange(t.value.length, t.value.length);
  }
}
