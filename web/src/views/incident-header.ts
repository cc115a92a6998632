// The incident header: what happened, and the numbers a commander needs at a glance.
import { formatSeconds } from '../../../graph-schema/duration.js';
import type { IncidentModel } from '../model.js';
import { clockTime, h, relativeTime } from '../ui/dom.js';
import { plural, progressBar, statusBadge } from './common.js';

export function statTile(id: string, value: number | string, label: string, tone: 'alarm' | 'calm' | 'plain', title?: string): HTMLElement {
  return h(`div.stat.${tone}`, { id, dataset: { value: String(value) }, title }, h('div.stat-value', typeof value === 'number' ? value.toLocaleString() : value), h('div.stat-label', label));
}

export function renderStats(model: IncidentModel): HTMLElement {
  const p = model.progress;
  const remaining = model.incident.remainingExposure.length;
  const first = model.firstExposedSurface();
  let firstText = 'none';
  let firstLabel = 'no surface exposed';
  let firstTitle = '';
  if (first) {
    firstText = first.name;
    firstLabel = first.arrivalSeconds === null ? 'first surface hit (time unknown)' : first.arrivalSeconds === 0 ? 'first surface hit at once' : `first surface hit within ${formatSeconds(first.arrivalSeconds)}`;
    if (first.estimatedArrival) firstTitle = `Estimated arrival ${clockTime(first.estimatedArrival)} (${relativeTime(first.estimatedArrival)})`;
  }
  return h(
    'div.stats',
    statTile('count-consumers', p.total, p.total === 1 ? 'consumer' : 'consumers', 'plain'),
    statTile('count-decided', p.total - p.undecided, `decided · ${p.undecided.toLocaleString()} to go`, p.undecided === 0 ? 'calm' : 'plain'),
    statTile('count-exposed', remaining, 'still exposed', remaining > 0 ? 'alarm' : 'calm', 'Consumers the bad output can still reach: not stopped, and no stop on the way'),
    statTile('count-surfaces', p.surfacesExposed, p.surfacesExposed === 1 ? 'surface exposed' : 'surfaces exposed', p.surfacesExposed > 0 ? 'alarm' : 'calm', 'Places where people outside the team can still see the bad output'),
    h(
      `div.stat.wide.${first ? 'alarm' : 'calm'}`,
      { id: 'first-surface', dataset: { value: first?.name ?? '' }, title: firstTitle },
      h('div.stat-value.mono', firstText),
      h('div.stat-label', firstLabel),
    ),
  );
}

export function renderTitle(model: IncidentModel): [HTMLElement, HTMLElement] {
  const i = model.incident;
  return [
    h('div.inc-title', statusBadge(i.status), h('h1', { id: 'incident-title' }, i.title)),
    h(
      'div.inc-meta',
      h('span', 'source ', h('a.mono.strong', { href: `#/registry/${encodeURIComponent(i.source)}` }, i.source)),
      h('span', i.failureMode),
      i.outputRef ? h('span', 'output ', h('span.mono', i.outputRef)) : null,
      h('span', { title: clockTime(i.detectedAt) }, `detected ${relativeTime(i.detectedAt)}`),
      h('span', `opened by ${i.openedBy}`),
      h('span.dim', `graph revision ${i.revision}`),
      i.blastRadius.truncated ? h('span.warn', `radius cut at depth ${i.blastRadius.maxDepth}: ${plural(i.blastRadius.cut, 'consumer')} not shown`) : null,
    ),
  ];
}

export function renderProgress(model: IncidentModel): HTMLElement {
  return progressBar(model.progress, { large: true });
}
