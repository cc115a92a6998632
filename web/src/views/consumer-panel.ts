// The side panel for one consumer: who owns it, how the bad output gets there and when,
// and the three decisions with a note. The typed note is a draft kept per consumer until saved.
import type { Action, IncidentConsumer } from '../../../graph-schema/index.js';
import { formatSeconds } from '../../../graph-schema/duration.js';
import { ACTION_KEY, ACTION_LABEL, ACTIONS } from '../model.js';
import { clockTime, h, relativeTime } from '../ui/dom.js';

export interface PanelProps {
  consumer: IncidentConsumer;
  draft: string;
  pending: Action | null;
  conflict?: string;
  onDecide(action: Action): void;
  onDraft(text: string): void;
  onSelect(name: string): void;
  onNext(): void;
  onClose(): void;
}

const ACTION_MEANS: Record<Action, string> = {
  stop: 'pause it: the bad output stops here',
  correct: 'fix the data it stored or acted on',
  notify: 'tell the people who saw it',
};

export function consumerPanel(p: PanelProps): HTMLElement {
  const c = p.consumer;
  const note = h('textarea', {
    id: 'decision-note',
    rows: 3,
    placeholder: 'Note (optional): what you did, who you called… Esc, then S / C / N saves it with the decision.',
  });
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
      { type: 'button', dataset: { action: a }, disabled: p.pending !== null, title: `${ACTION_LABEL[a]}: ${ACTION_MEANS[a]} (key ${ACTION_KEY[a].toUpperCase()})` },
      h('span.action-label', p.pending === a ? 'Saving…' : ACTION_LABEL[a]),
      h('kbd', ACTION_KEY[a].toUpperCase()),
      a === c.suggestedAction ? h('span.action-hint', 'suggested') : current ? h('span.action-hint', 'current') : null,
    );
    b.addEventListener('click', () => p.onDecide(a));
    return b;
  });

  const path = h(
    'ol.path',
    ...c.path.map((name, i) => {
      const chip = h(`li${i === 0 ? '.path-source' : ''}${name === c.name ? '.path-self' : ''}`, h('button.link.mono', { type: 'button' }, name));
      chip.querySelector('button')!.addEventListener('click', () => p.onSelect(name));
      return chip;
    }),
  );

  const arrival =
    c.arrivalSeconds === null
      ? 'unknown'
      : `${c.arrivalSeconds === 0 ? 'at once' : `${formatSeconds(c.arrivalSeconds)} after the output`}${c.estimatedArrival ? ` · ${clockTime(c.estimatedArrival)} (${relativeTime(c.estimatedArrival)})` : ''}`;

  const close = h('button.panel-close', { type: 'button', title: 'Close (Esc)', 'aria-label': 'Close' }, '×');
  close.addEventListener('click', p.onClose);
  const next = h('button', { type: 'button', id: 'next-undecided' }, 'Next undecided ', h('kbd', 'J'));
  next.addEventListener('click', p.onNext);

  return h(
    'div.panel-body',
    { dataset: { name: c.name } },
    close,
    h('div.panel-kind', h(`span.kind-badge.${c.kind.toLowerCase()}`, c.kind), ` depth ${c.depth}`),
    h('h2.panel-title.mono', c.name),
    c.title ? h('div.panel-subtitle', c.title) : null,
    h(
      'div.panel-state',
      c.exposed
        ? h('span.tag.exposed.big', c.exposure === 'gated' ? 'EXPOSED — behind a gate' : 'EXPOSED')
        : h('span.tag.safe.big', 'SAFE — cut off by a stop'),
      c.decision ? h(`span.tag.${c.decision.action}.big`, c.decision.action.toUpperCase()) : h('span.tag.undecided.big', 'UNDECIDED'),
    ),
    c.decision
      ? h('div.panel-decision', `${ACTION_LABEL[c.decision.action]} by ${c.decision.by}, ${relativeTime(c.decision.at)}`, c.decision.note ? h('blockquote', c.decision.note) : null)
      : null,
    p.conflict ? h('div.panel-conflict', p.conflict) : null,
    h(
      'dl.facts',
      h('dt', 'Owner'), h('dd', c.owner),
      h('dt', 'Contact'), h('dd', c.contact ? (c.contact.includes('@') ? h('a', { href: `mailto:${c.contact}` }, c.contact) : c.contact) : h('span.dim', 'none registered — ask the owner')),
      h('dt', 'Arrives'), h('dd', arrival),
      h('dt', 'Suggested'), h('dd', h(`span.tag.${c.suggestedAction}`, c.suggestedAction), h('span.dim', ` — ${ACTION_MEANS[c.suggestedAction]}`)),
      h('dt', 'Path'), h('dd', path),
    ),
    h('div.decide', h('div.decide-buttons', ...buttons), note, h('div.decide-foot', h('span.dim.small', 'Ctrl+Enter in the note saves the suggested action.'), next)),
  );
}
