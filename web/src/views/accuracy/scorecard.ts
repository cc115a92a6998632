// The scorecard across incidents: overall precision and recall, the recall trend, a sparkline
// and one row per incident (newest first), this incident marked.
import { h } from '../../ui/dom.js';
import { plural } from '../common.js';
import { put } from './dom.js';
import { fmt } from './numbers.js';
import { sparkline } from './sparkline.js';
import type { State } from './state.js';

export function renderScorecard(st: State): void {
  const sc = st.scorecard;
  if (!sc) {
    st.scorecardCard.replaceChildren(h('div.acc-card-head', h('h2', 'Scorecard across incidents')), h('p.dim', 'The scorecard could not be loaded.'));
    return;
  }
  const o = sc.overall;
  const t = sc.trend;
  const title = (incidentId: string) => sc.incidents.find((r) => r.incidentId === incidentId)?.title ?? incidentId;
  const day = (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  };
  const trend = t
    ? h(
        `p.acc-trend.${t.direction}`,
        { id: 'acc-trend', dataset: { direction: t.direction } },
        h('span.acc-trend-arrow', { 'aria-hidden': 'true' }, t.direction === 'up' ? '▲' : t.direction === 'down' ? '▼' : '▶'),
        ` Recall ${t.direction === 'flat' ? 'unchanged at' : t.direction === 'up' ? 'up from' : 'down from'} `,
        t.direction === 'flat' ? h('strong', fmt(t.latest.recall)) : [h('strong', fmt(t.first.recall)), ` (${title(t.first.incidentId)}, ${day(t.first.openedAt)}) to `, h('strong', fmt(t.latest.recall))],
        ` (${title(t.latest.incidentId)}, ${day(t.latest.openedAt)}).`,
      )
    : h('p.acc-trend.dim', { id: 'acc-trend' }, 'A trend needs two incidents with observations.');
  const withObs = sc.incidents.filter((r) => r.hasObservations);
  const spark = sparkline(withObs.map((r) => ({ p: r.precision, r: r.recall })));
  const meter = (v: number | null) => (v === null ? h('span.dim', '—') : h('span.acc-meter-cell', h('span.acc-num', fmt(v)), h('span.acc-meter', h('span', { style: { width: `${Math.round(v * 100)}%` } }))));
  const rows = [...sc.incidents].reverse();
  const shown = rows.slice(0, 50);
  put(
    st.scorecardCard,
    h('div.acc-card-head', h('h2', 'Scorecard across incidents'), h('span.dim.small', 'how often the graph was right, incident after incident')),
    h(
      'div.acc-overall',
      h(
        'div.acc-overall-text',
        h(
          'div',
          { id: 'acc-overall', dataset: { precision: String(o.precision ?? ''), recall: String(o.recall ?? ''), incidents: String(o.incidents) } },
          o.incidents === 0
            ? h('span.dim', 'No incident has observations yet.')
            : [
                h('span', `Across ${plural(o.incidents, 'incident')} with observations: `),
                h('span.acc-big', 'precision ', h('strong', fmt(o.precision))),
                h('span.acc-big', 'recall ', h('strong', fmt(o.recall))),
                h('span.dim.small', ` (${o.truePositives} hits, ${o.falsePositives} predicted only, ${o.falseNegatives} missed in all)`),
              ],
        ),
        trend,
      ),
      spark ? h('div.acc-spark-box', spark, h('div.dim.small', h('span.acc-key-recall', '━ recall'), '  ', h('span.acc-key-precision', '┅ precision'), ', oldest on the left')) : null,
    ),
    h(
      'table.data.acc-scorecard',
      { id: 'acc-scorecard' },
      h('thead', h('tr', h('th', 'Incident'), h('th', 'Opened'), h('th', 'Precision'), h('th', 'Recall'), h('th.num', 'Hit'), h('th.num', 'Predicted only'), h('th.num', 'Missed'), h('th.num', 'Missing edges'))),
      h(
        'tbody',
        ...shown.map((r) =>
          h(
            `tr${r.incidentId === st.id ? '.current' : ''}${r.hasObservations ? '' : '.no-obs'}`,
            { dataset: { id: r.incidentId, precision: String(r.precision ?? ''), recall: String(r.recall ?? '') } },
            h('td', h('a.acc-inc-link', { href: `#/incidents/${encodeURIComponent(r.incidentId)}` }, r.title), r.incidentId === st.id ? h('span.tag.acc-this', 'this incident') : null, h('div.dim.small.mono', r.incidentId)),
            h('td', day(r.openedAt)),
            ...(r.hasObservations
              ? [h('td', meter(r.precision)), h('td', meter(r.recall)), h('td.num', String(r.truePositives)), h('td.num', String(r.falsePositives)), h('td.num', String(r.falseNegatives)), h('td.num', String(r.missingEdges))]
              : [h('td.dim', { colSpan: 6 }, 'no observations yet')]),
          ),
        ),
      ),
    ),
    rows.length > shown.length ? h('p.dim.small', `and ${rows.length - shown.length} older incidents`) : null,
  );
}
