// Acting on many: what is checked, at a glance (reached, arriving, decided by others), one note,
// one confirmation, one atomic bulk decision.
import type { DecisionAction, IncidentConsumer } from '../../../../graph-schema/index.js';
import { h } from '../../ui/dom.js';
import { plural } from '../common.js';
import { ACTION_LABEL, ACTIONS, ACTION_KEY } from './panel-consumer.js';

export interface BulkPanelProps {
  checked: IncidentConsumer[];
  me: string;
  draft: string;
  pending: boolean;
  /** Set once a key or button asked for an action: the confirmation is showing. */
  confirm: DecisionAction | null;
  onDraft(text: string): void;
  onAsk(action: DecisionAction): void;
  onConfirm(ok: boolean): void;
  onUncheck(): void;
}

export function bulkPanel(p: BulkPanelProps): HTMLElement {
  const n = p.checked.length;
  let reached = 0;
  let decided = 0;
  let byOthers = 0;
  const kinds = new Map<string, number>();
  for (const c of p.checked) {
    if (c.reached) reached++;
    if (c.decision) {
      decided++;
      if (c.decision.by !== p.me) byOthers++;
    }
    kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  }
  const note = h('textarea', { id: 'bulk-note', rows: 3, 'aria-label': 'One note for every checked consumer', placeholder: 'One note for all of them: what was done, which template was sent…' });
  note.value = p.draft;
  note.addEventListener('input', () => p.onDraft(note.value));
  note.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      note.blur();
      e.stopPropagation();
    }
  });
  const buttons = [...ACTIONS, 'clear' as const].map((a) => {
    const b = h(`button.action.action-${a}`, { type: 'button', dataset: { bulk: a }, disabled: p.pending }, h('span.action-label', ACTION_LABEL[a]), a !== 'clear' ? h('kbd', ACTION_KEY[a].toUpperCase()) : null);
    b.addEventListener('click', () => p.onAsk(a));
    return b;
  });
  const uncheck = h('button.link', { type: 'button' }, 'uncheck all');
  uncheck.addEventListener('click', p.onUncheck);
  let confirm: HTMLElement | null = null;
  if (p.confirm) {
    const yes = h('button.primary', { type: 'button', id: 'bulk-confirm' }, p.pending ? 'Saving…' : `Yes: ${ACTION_LABEL[p.confirm].toLowerCase()} ${plural(n, 'consumer')}`);
    const no = h('button', { type: 'button', id: 'bulk-cancel' }, 'Cancel');
    yes.disabled = p.pending;
    yes.addEventListener('click', () => p.onConfirm(true));
    no.addEventListener('click', () => p.onConfirm(false));
    confirm = h(
      'div.panel-confirm',
      { role: 'alertdialog', 'aria-label': 'Confirm the bulk decision' },
      h('strong', `${ACTION_LABEL[p.confirm]} ${plural(n, 'consumer')}${note.value.trim() ? ' with your note' : ', without a note'}?`),
      byOthers ? h('p.warn', `${plural(byOthers, 'of them was', 'of them were')} decided by someone else: their decisions will be replaced.`) : null,
      h('div.panel-actions', yes, no),
    );
  }
  return h(
    'div.panel-body',
    { id: 'bulk-panel' },
    h('h2', `${plural(n, 'consumer')} checked`),
    h('p.dim', [...kinds].map(([k, v]) => `${v.toLocaleString()} ${k}${v === 1 ? '' : 's'}`).join(' · '), ` · ${reached.toLocaleString()} reached · ${decided.toLocaleString()} already decided `, uncheck),
    note,
    h('div.decide-buttons.four', ...buttons),
    confirm,
    h('div.action-error', { id: 'bulk-error' }),
    h('p.dim.small', 'One decision for all of them, saved at once or not at all; Undo in the message that follows takes it back.'),
  );
}
