// The numbers: the one-sentence summary with jumps to the sections, the tiles (precision,
// recall, hits, predicted only, missed, missing and silent edges, unmatched names), and the
// warning that lists the names that matched nothing.
import { h } from '../../ui/dom.js';
import { plural } from '../common.js';
import type { State } from './state.js';

/** A ratio with two decimals, or a dash when there is none. */
export const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(2));

function tile(id: string, value: number | string, raw: string, label: string, cls: string, title: string, glyph = ''): HTMLElement {
  return h(
    `div.stat.acc-tile.${cls}`,
    { id, dataset: { value: raw }, title },
    h('div.stat-value', glyph ? h('span.acc-glyph', { 'aria-hidden': 'true' }, glyph) : null, typeof value === 'number' ? value.toLocaleString() : value),
    h('div.stat-label', label),
  );
}

export function renderSummary(st: State): void {
  const a = st.accuracy!;
  const silent = a.edges.filter((e) => e.status === 'silent').length;
  const tp = a.truePositives.length;
  const fp = a.falsePositives.length;
  const fn = a.falseNegatives.length;
  const held = a.contained.length;
  const breaches = a.unexplained.length;
  const sentence =
    `${plural(tp, 'hit')}, ${held.toLocaleString()} contained by stops, ${fp.toLocaleString()} predicted but never reached, ${fn.toLocaleString()} reached but never predicted` +
    `${a.missingEdges.length ? `, ${plural(a.missingEdges.length, 'missing edge')}` : ''}${breaches ? `, ${breaches.toLocaleString()} unexplained` : ''}.`;
  const jump = (label: string, target: HTMLElement) => {
    const b = h('button.link', { type: 'button' }, `${label} ↓`);
    b.addEventListener('click', () => target.scrollIntoView({ block: 'start' }));
    return b;
  };
  st.summary.replaceChildren(
    h(
      'div.acc-headline',
      h('h2', { id: 'acc-sentence' }, sentence),
      h('span.dim.small', `${plural(a.observed.length, 'node')} observed against ${plural(a.predicted.length, 'consumer')} predicted`),
      h('span.spacer'),
      h('nav.acc-jumps', jump('Graph', st.graphCard), jump('Add observations', st.form), jump('Registry patch', st.patch), jump('Scorecard', st.scorecardCard)),
    ),
    h(
      'div.stats.acc-stats',
      tile('acc-precision', fmt(a.precision), String(a.precision ?? ''), `precision · ${tp} of ${tp + fp} predicted were reached`, 'ratio', 'Of the consumers the graph predicted, the share that really received the output'),
      tile('acc-recall', fmt(a.recall), String(a.recall ?? ''), `recall · ${tp} of ${tp + fn} reached were predicted`, 'ratio', 'Of the nodes that really received the output, the share the graph predicted'),
      tile('acc-hit', tp, String(tp), 'hit · predicted and reached', 'hit', 'Predicted and reached', '✓'),
      tile('acc-contained', held, String(held), 'contained · held by a stop, never seen', 'hit', 'Predicted, held back by a stop and never observed: the containment worked (not a graph error)', '■'),
      tile('acc-predicted-only', fp, String(fp), 'predicted only · never reached', 'predicted-only', 'Predicted, never reached: a gate held, or an edge is stale', '○'),
      tile('acc-missed', fn, String(fn), 'missed · reached, not predicted', `missed${fn ? '.alarm' : ''}`, 'Reached, never predicted: the next-day surprise', '!'),
      tile('acc-missing-edges', a.missingEdges.length, String(a.missingEdges.length), 'missing edges · hops not registered', `missing${a.missingEdges.length ? '.alarm' : ''}`, 'Observed hops that are not registered edges: the patch below adds them'),
      tile('acc-silent-edges', silent, String(silent), 'silent edges · had it, never passed on', 'silent', 'The producer had the output, the consumer was never reached: a gate held, or the edge is stale'),
      tile('acc-unexplained', breaches, String(breaches), 'unexplained · seen where nothing allows it', `missed${breaches ? '.alarm' : ''}`, 'Observed although no arrival allows it: a stop that did not hold, or an edge that is missing', '!'),
      tile('acc-unmatched-count', a.unmatched.length, String(a.unmatched.length), 'unmatched names', `unmatched${a.unmatched.length ? '.warn-tile' : ''}`, 'Names in the observations that match no registered node or alias'),
    ),
    controlReview(a),
  );
}

const REASON: Record<string, string> = {
  'stop-not-held': 'a stop that did not hold',
  'missing-edge': 'an edge the registry lacks',
  'earlier-than-possible': 'seen earlier than the graph allows',
  'not-in-radius': 'outside the predicted radius',
};

/** Did containment work? What the stops held, and each observation nothing explains, with the stop or edge in question. */
function controlReview(a: NonNullable<State['accuracy']>): HTMLElement {
  return h(
    'section.acc-control',
    { id: 'acc-control', 'aria-label': 'Did containment work?' },
    h('h3', 'Did containment work?'),
    a.contained.length === 0
      ? h('p.dim', 'No predicted consumer was held back by a stop.')
      : h('p', `Held by stops and never seen: `, ...a.contained.slice(0, 40).map((n) => h('code.acc-name', n)), a.contained.length > 40 ? h('span.dim', ` and ${a.contained.length - 40} more`) : null),
    a.unexplained.length === 0
      ? h('p.dim', 'Every observation is explained by the graph and the stops.')
      : h(
          'ul.acc-unexplained',
          ...a.unexplained.slice(0, 100).map((u) =>
            h(
              'li',
              h('code.acc-name', u.name),
              ` — ${REASON[u.reason] ?? u.reason}`,
              u.at ? ` (seen ${new Date(u.at).toLocaleString(undefined, { timeZoneName: 'short' })})` : '',
              u.stop ? h('span', ': the stop on ', h('code', u.stop.name), ` effective ${new Date(u.stop.effectiveAt).toLocaleString(undefined, { timeZoneName: 'short' })}`) : null,
              u.edge ? h('span', ': ', h('code', `${u.edge.from} → ${u.edge.to}`), ' is not registered') : null,
            ),
          ),
        ),
  );
}

export function renderUnmatched(st: State): void {
  const names = st.accuracy!.unmatched;
  st.unmatched.hidden = names.length === 0;
  if (names.length === 0) {
    st.unmatched.replaceChildren();
    return;
  }
  const one = names.length === 1;
  st.unmatched.replaceChildren(
    h('div.acc-unmatched-icon', { 'aria-hidden': 'true' }, '?'),
    h(
      'div',
      h('strong', one ? 'This name matched nothing in the registry: ' : `These ${names.length} names matched nothing in the registry: `),
      h('span.acc-names', ...names.slice(0, 60).map((n) => h('code.acc-name', n))),
      names.length > 60 ? h('span.dim', ` and ${names.length - 60} more`) : null,
      h(
        'div.acc-unmatched-hint',
        one ? 'It is recorded but not counted. Register it, or add it as an alias (' : 'They are recorded but not counted. Register them, or add them as an alias (',
        h('code', 'spec.aliases'),
        one ? ') of the node it means in the ' : ') of the node they mean in the ',
        h('a', { href: '#/registry' }, 'registry'),
        '; then upload these observations again (uploads add up, nothing is counted twice).',
      ),
    ),
  );
}
