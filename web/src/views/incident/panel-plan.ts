// The containment plan in time: the button first (always in view), then counts with the names
// behind each, expandable: the source step, the stops among consumers the output has not reached
// yet, the pending surfaces they save, those no stop can save, and the reached ones to notify.
import type { ContainmentPlan } from '../../../../graph-schema/index.js';
import { h } from '../../ui/dom.js';
import { plural } from '../common.js';
import { stepText } from './panel-source.js';

export interface PlanPanelProps {
  plan: ContainmentPlan;
  /** Names already stopped (the plan may be partly applied). */
  stopped: (name: string) => boolean;
  applying: boolean;
  onApply(includeSource: boolean): void;
  onSelect(name: string): void;
  onClose(): void;
}

function names(list: string[], onSelect: (n: string) => void, label: string, id: string, open = false): HTMLElement | null {
  if (!list.length) return null;
  const shown = list.slice(0, 500);
  return h(
    'details.plan-list',
    { id, open },
    h('summary', h('strong', list.length.toLocaleString()), ` ${label}`),
    h(
      'ul.name-list',
      ...shown.map((n) => {
        const b = h('button.link.mono', { type: 'button' }, n);
        b.addEventListener('click', () => onSelect(n));
        return h('li', b);
      }),
      list.length > shown.length ? h('li.dim', `…and ${(list.length - shown.length).toLocaleString()} more (filter the table)`) : null,
    ),
  );
}

export function planPanel(p: PlanPanelProps): HTMLElement {
  const pl = p.plan;
  const todo = pl.stops.filter((s) => !p.stopped(s.name));
  const includeSource = h('input', { type: 'checkbox', id: 'plan-include-source', checked: !pl.source.done });
  const sourceChoice = pl.source.done ? null : h('label.chip', includeSource, ` also ${pl.source.actionClasses?.length ? `pause ${pl.source.actionClasses.join(', ')} on` : 'stop'} ${pl.source.name}`);
  const nothing = todo.length === 0 && pl.source.done;
  const apply = h('button.primary.big', { type: 'button', id: 'apply-plan', disabled: nothing || p.applying }, p.applying ? 'Applying…' : nothing ? 'Plan already applied' : `Apply: stop ${plural(todo.length, 'consumer')}`);
  apply.addEventListener('click', () => p.onApply(!pl.source.done && includeSource.checked));
  const close = h('button.panel-close', { type: 'button', title: 'Close the plan (Esc)', 'aria-label': 'Close the plan' }, '×');
  close.addEventListener('click', p.onClose);
  const saved = pl.pendingSurfaces.length - pl.unprotectable.length;
  const headline = pl.pendingSurfaces.length === 0
    ? 'No surface is still to be reached: nothing to hold back. Notify those already reached.'
    : `${plural(pl.stops.length, 'stop')} keep${pl.stops.length === 1 ? 's' : ''} ${plural(saved, 'pending surface')} from the output${pl.unprotectable.length ? `; ${plural(pl.unprotectable.length, 'surface')} cannot be saved` : ''}.`;
  return h(
    'div.panel-body.plan',
    { id: 'plan-panel' },
    close,
    h('h2', 'Containment plan'),
    h('p.plan-summary', headline),
    h('div.plan-apply', sourceChoice, apply),
    h('div.action-error', { id: 'plan-error' }),
    h('h3', '1. The source'),
    stepText(pl.source),
    h('h3', '2. Stops ahead of the output'),
    pl.stops.length
      ? h(
          'details.plan-list',
          { id: 'plan-stops', open: pl.stops.length <= 6 },
          h('summary', h('strong', pl.stops.length.toLocaleString()), ` consumer${pl.stops.length === 1 ? '' : 's'} to stop, not reached yet`),
          h(
            'ol.plan-steps',
            ...pl.stops.slice(0, 300).map((s) => {
              const b = h('button.link.mono.strong', { type: 'button' }, s.name);
              b.addEventListener('click', () => p.onSelect(s.name));
              return h('li', { dataset: { name: s.name } }, h('div', p.stopped(s.name) ? h('span.tag.stop', '■ stopped') : h('span.tag.plan', '◇ stop'), ' ', b, h('span.dim', ` (${s.kind})`)), s.protects.length ? h('div.small.dim', `saves ${plural(s.protects.length, 'surface')}`) : null);
            }),
          ),
        )
      : h('p.dim', 'No stop among the consumers can hold anything back.'),
    names(pl.pendingSurfaces, p.onSelect, 'surfaces still to be reached', 'plan-pending'),
    pl.unprotectable.length ? h('div.panel-conflict', names(pl.unprotectable, p.onSelect, 'cannot be saved (something already reached feeds them): notify them now', 'plan-unprotectable', true)) : null,
    h('h3', '3. Tell who already has it'),
    names(pl.toNotify, p.onSelect, 'surfaces already reached: notify', 'plan-notify') ?? h('p.dim', 'No surface is reached yet.'),
    h('p.dim.small', 'Planned stops are drawn with a dashed cyan ring on the graph.'),
  );
}
