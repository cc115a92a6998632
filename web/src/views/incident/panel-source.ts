// The source as a decision, and the first step offered: pause the source's broken action classes
// (with the primitive and runbook of each, so "stop" says how), not the whole agent; or stop it
// in full; or clear a stop (a note is required: re-enabling is a decision too).
import type { Decision, IncidentHeader, SourceStep } from '../../../../graph-schema/index.js';
import { h, relativeTime } from '../../ui/dom.js';
import { zonedTime } from './words.js';

export interface SourceChoice {
  action: 'stop' | 'clear';
  /** undefined: in full */
  actionClasses?: string[];
  note?: string;
}

export function sourceStatus(d: Decision | null, big = true): HTMLElement {
  const b = big ? '.big' : '';
  if (!d) return h(`span.tag${b}.st-exposed`, { id: big ? undefined : 'source-state', dataset: { state: 'running' } }, '▲ RUNNING — still producing bad outputs');
  return d.actionClasses?.length
    ? h(`span.tag${b}.stop`, { id: big ? undefined : 'source-state', dataset: { state: 'partial' } }, `■ PARTLY STOPPED: ${d.actionClasses.join(', ')} paused`)
    : h(`span.tag${b}.stop`, { id: big ? undefined : 'source-state', dataset: { state: 'stopped' } }, '■ STOPPED in full');
}

/** "Pause customer-communication on policy-agent: route replies to the human queue (runbook)". */
export function stepText(step: SourceStep): HTMLElement {
  const what = step.actionClasses?.length ? `Pause ${step.actionClasses.join(', ')} on ${step.name}` : `Stop ${step.name}`;
  return h(
    'div.source-step',
    h('p.step-head', step.done ? h('s', what) : h('strong', what), step.done ? h('span.tag.stop', ' ✓ done') : null),
    step.primitives.length
      ? h(
          'ul.primitives',
          ...step.primitives.map((p) => h('li', h('span.mono', p.actionClass), ': ', p.primitive, p.runbook ? h('span', ' · ', h('a', { href: p.runbook, target: '_blank', rel: 'noopener' }, 'runbook')) : null)),
        )
      : null,
    step.missingPrimitives.length ? h('p.warn.small', `No containment primitive registered for ${step.missingPrimitives.join(', ')}: ask the owner how to pause it.`) : null,
    h('p.dim.small', step.reason),
  );
}

export interface SourcePanelProps {
  header: IncidentHeader;
  step: SourceStep | undefined;
  draft: string;
  pending: boolean;
  onDraft(text: string): void;
  onDecide(choice: SourceChoice): void;
  onClose(): void;
}

export function sourcePanel(p: SourcePanelProps): HTMLElement {
  const i = p.header;
  const d = i.summary.source;
  const broken = new Set(i.actionClasses ?? i.sourceActionClasses);
  const boxes = i.sourceActionClasses.map((cls) => {
    const box = h('input', { type: 'checkbox', value: cls, checked: d?.actionClasses ? d.actionClasses.includes(cls) : broken.has(cls) });
    const prim = p.step?.primitives.find((x) => x.actionClass === cls);
    return h('label.class-choice', box, ' ', h('span.mono', cls), broken.has(cls) && i.actionClasses ? h('span.tag.exposed', 'broken') : null, prim ? h('span.dim.small', ` — ${prim.primitive}`) : null);
  });
  const note = h('textarea', { id: 'source-note', rows: 2, 'aria-label': 'Note for the source decision', placeholder: 'Note (required to clear a stop): who paused it, how…' });
  note.value = p.draft;
  note.addEventListener('input', () => p.onDraft(note.value));
  const chosen = (): string[] => boxes.map((l) => l.querySelector('input')!).filter((b) => b.checked).map((b) => b.value);
  const partial = i.sourceActionClasses.length
    ? h('button.primary', { type: 'button', id: 'source-stop-partial', disabled: p.pending }, 'Pause the checked classes')
    : null;
  partial?.addEventListener('click', () => {
    const classes = chosen();
    p.onDecide({ action: 'stop', actionClasses: classes.length && classes.length < i.sourceActionClasses.length ? classes : undefined, note: note.value.trim() || undefined });
  });
  const full = h(`button${partial ? '' : '.primary'}`, { type: 'button', id: 'source-stop', disabled: p.pending }, `Stop ${i.source} in full`);
  full.addEventListener('click', () => p.onDecide({ action: 'stop', note: note.value.trim() || undefined }));
  const clear = d ? h('button', { type: 'button', id: 'source-clear', disabled: p.pending, title: 'Re-enable: needs a note' }, 'Clear the stop (re-enable)') : null;
  clear?.addEventListener('click', () => p.onDecide({ action: 'clear', note: note.value.trim() || undefined }));
  const close = h('button.panel-close', { type: 'button', title: 'Close (Esc)', 'aria-label': 'Close' }, '×');
  close.addEventListener('click', p.onClose);
  return h(
    'div.panel-body',
    { id: 'source-panel', dataset: { source: i.source } },
    close,
    h('div.panel-kind', h(`span.kind-badge.${i.sourceKind.toLowerCase()}`, i.sourceKind), ' the source'),
    h('h2.panel-title.mono', i.source),
    h('div.panel-state', sourceStatus(d)),
    d ? h('div.panel-decision', `${d.actionClasses ? 'Partly stopped' : 'Stopped'} by ${d.by} ${relativeTime(d.at)}, effective ${zonedTime(d.effectiveAt)}`, d.note ? h('blockquote', d.note) : null) : null,
    // the controls first, in view; how each class is paused (and the plan's reasoning) below
    boxes.length ? h('fieldset.classes', h('legend', 'Action classes to pause'), ...boxes) : h('p.dim.small', 'No action classes are registered for this source: it can only be stopped in full.'),
    h('div.panel-actions', partial, full, clear),
    note,
    h('div.action-error', { id: 'source-error' }),
    p.step ? stepText(p.step) : null,
    h('p', h('a', { href: `#/registry/${encodeURIComponent(i.source)}` }, 'Open the source in the registry')),
  );
}
