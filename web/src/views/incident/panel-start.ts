// Nothing chosen yet: the first step offered is the source's (pause its broken action classes),
// then the plan and the walk through what needs a decision.
import type { IncidentHeader, SourceStep } from '../../../../graph-schema/index.js';
import { h } from '../../ui/dom.js';
import { plural } from '../common.js';
import { emptyRadius } from './header.js';
import { stepText } from './panel-source.js';

export interface StartPanelProps {
  header: IncidentHeader;
  step: SourceStep | undefined;
  pending: boolean;
  onSourceStep(step: SourceStep): void;
  onOpenSource(): void;
  onWalk(): void;
  onPlan(): void;
}

export function startPanel(p: StartPanelProps): HTMLElement {
  const s = p.header.summary;
  const step = p.step;
  let first: HTMLElement | null = null;
  if (step && !step.done) {
    const go = h('button.primary.big', { type: 'button', id: 'source-step', disabled: p.pending }, step.actionClasses?.length ? `Pause ${step.actionClasses.join(', ')} now` : `Stop ${step.name} now`);
    go.addEventListener('click', () => p.onSourceStep(step));
    const more = h('button.link', { type: 'button' }, 'choose classes, add a note…');
    more.addEventListener('click', p.onOpenSource);
    first = h('section.first-step', { id: 'first-step' }, h('h2', '1. Stop new bad outputs'), stepText(step), h('div.panel-actions', go, more), h('div.action-error', { id: 'source-error' }));
  } else if (!step && !s.source) {
    const open = h('button.primary', { type: 'button', id: 'source-step' }, `Decide ${p.header.source}`);
    open.addEventListener('click', p.onOpenSource);
    first = h('section.first-step', { id: 'first-step' }, h('h2', '1. Stop new bad outputs'), h('p', `${p.header.source} is still running: every consumer stays exposed to new bad outputs.`), open);
  }
  const walk = h('button.big', { type: 'button', id: 'start-walk', disabled: s.needsDecision === 0 }, s.needsDecision ? `Walk the ${plural(s.needsDecision, 'consumer')} to decide ` : 'Nothing left to decide ', h('kbd', 'J'));
  walk.addEventListener('click', p.onWalk);
  const plan = h('button', { type: 'button', id: 'start-plan' }, 'Containment plan ', h('kbd', 'P'));
  plan.addEventListener('click', p.onPlan);
  return h(
    'div.panel-body.start',
    emptyRadius(p.header),
    first,
    h('h2', first ? '2. Hold back what is travelling' : 'Where to start'),
    h('p.dim', 'The plan: the fewest stops, among consumers not reached yet, that keep every savable surface from the output.'),
    plan,
    h('h2', first ? '3. Decide each consumer' : 'Then'),
    h('p.dim', 'Earliest arrival first; S stop, C correct, N notify; in the table, check many and decide them at once.'),
    walk,
  );
}
