// The side panel for one consumer: its state in time (reached, arriving, held, exposed) in words,
// who owns it, how the output gets there, and the decisions with a note kept as a draft; clear
// takes it back to undecided; changing a colleague's fresh decision asks first.
import type { Action, Decision, DecisionAction, IncidentConsumer } from '../../../../graph-schema/index.js';
import { h, relativeTime } from '../../ui/dom.js';
import { consumerState, countdown, zonedTime } from './words.js';

export const ACTIONS: Action[] = ['stop', 'correct', 'notify'];
export const ACTION_LABEL: Record<DecisionAction, string> = { stop: 'Stop', correct: 'Correct', notify: 'Notify', clear: 'Clear' };
export const ACTION_KEY: Record<Action, string> = { stop: 's', correct: 'c', notify: 'n' };
export const ACTION_MEANS: Record<Action, string> = {
  stop: 'pause it: the bad output stops here',
  correct: 'fix the data it stored or acted on',
  notify: 'tell the people who saw it',
};

export interface ConsumerPanelProps {
  consumer: IncidentConsumer;
  draft: string;
  pending: DecisionAction | null;
  /** Waiting for "yes, replace it": the colleague's fresh decision and what we would do. */
  confirm?: { action: DecisionAction; decision: Decision };
  conflict?: string;
  onDecide(action: DecisionAction): void;
  /** An Agent's partial stop: pause only these of its action classes. */
  onPausePartly?(actionClasses: string[]): void;
  onConfirm(ok: boolean): void;
  onDraft(text: string): void;
  onSelect(name: string): void;
  onNext(): void;
  onClose(): void;
}

/** A live "in 11m 20s": the page's ticker rewrites every [data-countdown] once a second. */
export function liveCountdown(iso: string): HTMLElement {
  return h('span.countdown', { dataset: { countdown: iso } }, countdown(iso));
}

export function consumerPanel(p: ConsumerPanelProps): HTMLElement {
  const c = p.consumer;
  const st = consumerState(c);
  const note = h('textarea', { id: 'decision-note', rows: 3, 'aria-label': `Note for ${c.name}`, placeholder: 'Note: what you did, who you called… Esc, then S / C / N saves it with the decision.' });
  note.value = p.draft;
  note.addEventListener('input', () => p.onDraft(note.value));
  note.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      note.blur();
      e.stopPropagation();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      p.onDecide(c.suggestedAction);
    }
  });

  const buttons = ACTIONS.map((a) => {
    const current = c.decision?.action === a;
    const b = h(
      `button.action.action-${a}${a === c.suggestedAction ? '.suggested' : ''}${current ? '.current' : ''}`,
      { type: 'button', dataset: { action: a }, disabled: p.pending !== null, 'aria-pressed': String(current), title: `${ACTION_LABEL[a]}: ${ACTION_MEANS[a]} (key ${ACTION_KEY[a].toUpperCase()})` },
      h('span.action-label', p.pending === a ? 'Saving…' : ACTION_LABEL[a]),
      h('kbd', ACTION_KEY[a].toUpperCase()),
      current ? h('span.action-hint', '✓ current') : a === c.suggestedAction ? h('span.action-hint', 'suggested') : null,
    );
    b.addEventListener('click', () => p.onDecide(a));
    return b;
  });
  const partial = partialStop(p);
  const clear = c.decision ? h('button.small', { type: 'button', id: 'clear-decision', dataset: { action: 'clear' }, disabled: p.pending !== null, title: 'Back to undecided (kept in the history)' }, p.pending === 'clear' ? 'Clearing…' : 'Clear decision') : null;
  clear?.addEventListener('click', () => p.onDecide('clear'));

  const confirm = p.confirm
    ? (() => {
        const yes = h('button.primary.small', { type: 'button', id: 'confirm-replace' }, `Yes, ${ACTION_LABEL[p.confirm.action].toLowerCase()}`);
        const no = h('button.small', { type: 'button', id: 'confirm-keep' }, 'Keep theirs');
        yes.addEventListener('click', () => p.onConfirm(true));
        no.addEventListener('click', () => p.onConfirm(false));
        const d = p.confirm.decision;
        return h('div.panel-confirm', { role: 'alertdialog', 'aria-label': 'Confirm the change' }, h('strong', `${d.by} decided “${d.action}” ${relativeTime(d.at)}.`), ` Replace it with “${p.confirm.action}”?`, h('div.panel-actions', yes, no));
      })()
    : null;

  const path = h(
    'ol.path',
    { 'aria-label': 'Path of the output' },
    ...c.path.map((name, i) => {
      const b = h('button.link.mono', { type: 'button' }, name);
      b.addEventListener('click', () => p.onSelect(name));
      return h(`li${i === 0 ? '.path-source' : ''}${name === c.name ? '.path-self' : ''}`, b);
    }),
  );

  const arrival = c.arrival
    ? h('span', zonedTime(c.arrival), ' (', Date.parse(c.arrival) > Date.now() ? liveCountdown(c.arrival) : relativeTime(c.arrival), ')', c.reached === 'observed' ? ' · observed' : c.reached ? ' · estimated' : '')
    : h('span', c.held ? 'never, while the stop holds' : 'unknown');

  const close = h('button.panel-close', { type: 'button', title: 'Close (Esc)', 'aria-label': 'Close' }, '×');
  close.addEventListener('click', p.onClose);
  const next = h('button.small', { type: 'button', id: 'next-undecided' }, 'Next to decide ', h('kbd', 'J'));
  next.addEventListener('click', p.onNext);

  return h(
    'div.panel-body',
    { dataset: { name: c.name } },
    close,
    h('div.panel-kind', h(`span.kind-badge.${c.kind.toLowerCase()}`, c.kind), ` depth ${c.depth}`, c.audience ? ` · audience: ${c.audience}` : ''),
    h('h2.panel-title.mono', c.name),
    c.title ? h('div.panel-subtitle', c.title) : null,
    h(
      'div.panel-state',
      h(`span.tag.big.state.st-${st.key}`, `${st.symbol} ${st.label}`),
      st.exposed && st.key !== 'exposed' ? h('span.tag.big.st-exposed', '▲ EXPOSED TO NEW OUTPUTS') : null,
      c.decision ? h(`span.tag.${c.decision.action}.big`, c.decision.action.toUpperCase() + (c.decision.actionClasses ? ' (partial)' : '')) : h('span.tag.undecided.big', c.needsDecision ? '? NEEDS A DECISION' : 'UNDECIDED'),
    ),
    h('p.state-detail', st.detail),
    c.decision ? h('div.panel-decision', `${ACTION_LABEL[c.decision.action]} by ${c.decision.by}, ${relativeTime(c.decision.at)} (${zonedTime(c.decision.at)})`, c.decision.note ? h('blockquote', c.decision.note) : null) : null,
    p.conflict ? h('div.panel-conflict', { role: 'alert' }, p.conflict) : null,
    h(
      'div.decide',
      confirm,
      h('div.decide-buttons', ...buttons),
      partial,
      note,
      h('div.action-error', { id: 'decide-error' }),
      h('div.decide-foot', clear ?? h('span.dim.small', 'Ctrl+Enter saves the suggested action.'), next),
    ),
    h(
      'dl.facts',
      h('dt', 'Arrival'), h('dd', arrival),
      h('dt', 'Owner'), h('dd', c.owner),
      h('dt', 'Contact'), h('dd', c.contact ? (c.contact.includes('@') ? h('a', { href: `mailto:${c.contact}` }, c.contact) : c.contact) : h('span.dim', 'none registered — ask the owner')),
      h('dt', 'Suggested'), h('dd', h(`span.tag.${c.suggestedAction}`, c.suggestedAction), h('span.dim', ` — ${ACTION_MEANS[c.suggestedAction]}`)),
      h('dt', 'Path'), h('dd', path),
    ),
  );
}

/** For an Agent that declares action classes: pause some of them without taking it offline. */
function partialStop(p: ConsumerPanelProps): HTMLElement | null {
  const c = p.consumer;
  if (c.kind !== 'Agent' || !c.actionClasses?.length || !p.onPausePartly) return null;
  const paused = new Set(c.decision?.action === 'stop' ? (c.decision.actionClasses ?? []) : []);
  const boxes = c.actionClasses.map((cls) => h('label.check', h('input', { type: 'checkbox', value: cls, checked: paused.has(cls) }), ` ${cls}`));
  const button = h('button.small', { type: 'button', id: 'pause-partly', disabled: p.pending !== null }, 'Pause the checked classes');
  button.addEventListener('click', () => {
    const chosen = boxes.map((b) => b.querySelector('input') as HTMLInputElement).filter((i) => i.checked).map((i) => i.value);
    p.onPausePartly!(chosen);
  });
  return h('details.partial-stop', { id: 'partial-stop', open: paused.size > 0 }, h('summary', 'Pause only some action classes…'), h('fieldset.classes', h('legend', 'Action classes to pause'), ...boxes), button);
}
