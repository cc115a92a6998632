// The History and Accuracy tabs of an incident.
import type { HistoryEntry } from '../../../graph-schema/index.js';
import { api } from '../api.js';
import { showError } from '../ui/banner.js';
import { clockTime, h } from '../ui/dom.js';

export async function historyTab(id: string, host: HTMLElement): Promise<void> {
  host.replaceChildren(h('p.loading', 'Loading the decision history…'));
  try {
    const { history } = await api.history(id);
    host.replaceChildren(renderHistory(history));
  } catch (err) {
    host.replaceChildren(h('p.dim', 'The history could not be loaded.'));
    showError('Could not load the decision history', err, 'history');
  }
}

function renderHistory(history: HistoryEntry[]): HTMLElement {
  if (history.length === 0) return h('div.empty-state', h('p', 'No decisions yet.'), h('p.dim', 'Every decision and every change of mind is listed here, oldest never rewritten.'));
  return h(
    'table.data.history',
    { id: 'history-table' },
    h('thead', h('tr', h('th.num', '#'), h('th', 'When'), h('th', 'Who'), h('th', 'Consumer'), h('th', 'Decision'), h('th', 'Note'))),
    h(
      'tbody',
      ...[...history].reverse().map((e) =>
        h(
          'tr',
          h('td.num', String(e.seq)),
          h('td', clockTime(e.at)),
          h('td', e.by),
          h('td.mono', e.name),
          h('td', e.previousAction ? h('span', h(`span.tag.${e.previousAction}`, e.previousAction), ' → ') : null, h(`span.tag.${e.action}`, e.action)),
          h('td', e.note ?? ''),
        ),
      ),
    ),
  );
}

/** The Accuracy tab: predicted against observed, the numbers, the patch and the scorecard (views/accuracy/). */
export { accuracyTab } from './accuracy/index.js';
