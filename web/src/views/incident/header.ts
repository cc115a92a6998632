// The incident header: what happened and when (times with their zone), the source's state, and
// the numbers a commander acts on: to decide (needsDecision), reached, arriving next, still
// exposed; the regulatory clocks as countdowns. An empty radius is a warning, never "all green".
import type { Clock, IncidentHeader } from '../../../../graph-schema/index.js';
import { h } from '../../ui/dom.js';
import { plural, statusBadge } from '../common.js';
import { liveCountdown } from './panel-consumer.js';
import { sourceStatus } from './panel-source.js';
import { zonedTime } from './words.js';

export function statTile(id: string, value: number | string, label: string, tone: 'alarm' | 'calm' | 'plain' | 'warn', title?: string): HTMLElement {
  return h(`div.stat.${tone}`, { id, dataset: { value: String(value) }, title }, h('div.stat-value', typeof value === 'number' ? value.toLocaleString() : value), h('div.stat-label', label));
}

export function renderTitle(i: IncidentHeader): HTMLElement {
  return h('div.inc-title', statusBadge(i.status), h('h1', { id: 'incident-title' }, i.title));
}

export function renderMeta(i: IncidentHeader, onSource: () => void): HTMLElement {
  const src = h('button.link.mono.strong', { type: 'button', id: 'open-source', title: 'Decide the source' }, i.source);
  src.addEventListener('click', onSource);
  return h(
    'div.inc-meta',
    h('span.meta-source', 'source ', src, ' ', sourceStatus(i.summary.source, false)),
    i.actionClasses?.length ? h('span', 'broken: ', h('span.mono', i.actionClasses.join(', '))) : null,
    h('span', i.failureMode),
    i.outputRef ? h('span', 'output ', h('span.mono', i.outputRef)) : null,
    h('span', `output first produced ${zonedTime(i.outputAt)}`),
    h('span', `detected ${zonedTime(i.detectedAt)}`),
    h('span', `opened by ${i.openedBy} · revision ${i.revision}`),
  );
}

export function renderStats(i: IncidentHeader, loaded: number): HTMLElement {
  const s = i.summary;
  const next = s.nextSurfaceArrival;
  const tiles = [
    statTile('count-todo', s.needsDecision, 'to decide', s.needsDecision > 0 ? 'alarm' : s.total === 0 ? 'warn' : 'calm', 'Reached or still exposed, and undecided'),
    statTile('count-reached', s.reached, `reached · ${s.surfacesReached.toLocaleString()} surface${s.surfacesReached === 1 ? '' : 's'}`, s.reached > 0 ? 'alarm' : 'plain', 'Consumers the output has already reached (estimated from delays, or observed)'),
    h(
      `div.stat.wide.${next ? 'alarm' : 'plain'}`,
      { id: 'next-surface', dataset: { value: next ?? '' } },
      h('div.stat-value', next ? liveCountdown(next) : '—'),
      h('div.stat-label', next ? `next surface reached, ${zonedTime(next)} · ${plural(s.surfacesPending, 'surface')} to come` : 'no surface still to be reached'),
    ),
    statTile('count-exposed', s.exposed, 'exposed to new outputs', s.exposed > 0 ? 'alarm' : s.total === 0 ? 'warn' : 'calm', 'Future bad outputs still get here: not stopped in full and a path no stop blocks'),
    statTile('count-surfaces', s.surfacesExposed, s.surfacesExposed === 1 ? 'surface exposed' : 'surfaces exposed', s.surfacesExposed > 0 ? 'alarm' : s.total === 0 ? 'warn' : 'calm'),
    h(
      `div.stat.${s.total === 0 ? 'warn' : 'plain'}`,
      { id: 'count-decided', dataset: { value: String(s.total - s.undecided) }, title: loaded < s.total ? `${loaded.toLocaleString()} consumers loaded so far` : undefined },
      h('div.stat-value', `${(s.total - s.undecided).toLocaleString()} / `, h('span', { id: 'count-consumers', dataset: { value: String(s.total) } }, s.total.toLocaleString())),
      h('div.stat-label', `decided · ${s.total === 1 ? 'consumer' : 'consumers'}`),
    ),
  ];
  return h('div.stats', ...tiles);
}

function clockChip(c: Clock): HTMLElement {
  return h(
    `span.clock.clock-${c.status}`,
    { dataset: { regime: c.regime }, title: `${c.regime}: triggered by ${c.triggeredBy.join(', ')}` },
    h('strong', c.status === 'filed' ? '✓ ' : c.status === 'overdue' ? '⚠ ' : '◷ ', c.name),
    ' ',
    c.status === 'filed' ? 'filed' : c.status === 'overdue' ? h('span', 'OVERDUE since ', zonedTime(c.due)) : h('span', 'due ', zonedTime(c.due), ' (', liveCountdown(c.due), ')'),
  );
}

/** The reporting clocks, soonest first: overdue and the next two in the header, the rest a click away. */
export function renderClocks(clocks: Clock[]): HTMLElement | null {
  if (!clocks.length) return null;
  const rank = (c: Clock): number => (c.status === 'overdue' ? 0 : c.status === 'pending' ? 1 : 2);
  const sorted = [...clocks].sort((a, b) => rank(a) - rank(b) || (a.due < b.due ? -1 : 1));
  const shown = sorted.filter((c, i) => c.status === 'overdue' || i < 2);
  const rest = sorted.slice(shown.length);
  return h(
    'div.clocks',
    { id: 'clocks' },
    h('span.clocks-head', 'Reporting clocks'),
    ...shown.map(clockChip),
    rest.length ? h('details.clocks-more', h('summary', `+${rest.length} more`), h('div.clocks-rest', ...rest.map(clockChip))) : null,
    h('span.dim.small', 'Not legal advice.'),
  );
}

/** A radius with nobody in it: the registry may simply not know the consumers. */
export function emptyRadius(i: IncidentHeader): HTMLElement | null {
  if (i.summary.total > 0) return null;
  return h(
    'div.empty-radius',
    { id: 'empty-radius', role: 'status' },
    h('strong', '⚠ No consumers found — this does not mean nobody got the output.'),
    ' The registry may be incomplete: nothing registered consumes ',
    h('span.mono', i.source),
    i.actionClasses?.length ? ` through ${i.actionClasses.join(', ')}` : '',
    '. ',
    h('a', { href: `#/registry/${encodeURIComponent(i.source)}` }, 'Check the source’s node in the registry'),
    ' and ask its owner who reads its output.',
  );
}
