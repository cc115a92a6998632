// The empty state: what this view is for and what to paste, until the first observation.
import { h } from '../../ui/dom.js';
import { plural } from '../common.js';
import type { State } from './state.js';

export function renderEmpty(st: State): void {
  const n = st.incident?.consumers.length ?? 0;
  st.empty.replaceChildren(
    h('h2', 'No observations yet'),
    h(
      'p',
      'Did the graph tell the truth? Record what really received the bad output, and this view compares it with the prediction: ',
      h('strong', plural(n, 'consumer')),
      ' frozen when the incident was opened.',
    ),
    h(
      'ul.acc-empty-list',
      h(
        'li',
        h('strong', 'OpenTelemetry traces'),
        ' (OTLP JSON, e.g. from the collector\'s file exporter): each span is matched to a node by ',
        h('code', 'gen_ai.agent.name'),
        ', ',
        h('code', 'gen_ai.agent.id'),
        ' or its resource\'s ',
        h('code', 'service.name'),
        '; a span under another node\'s span is an observed hop.',
      ),
      h('li', h('strong', 'Or a list of names'), ' that were reached, one per line; ', h('code', 'answer-composer -> crm'), ' when you know who passed it on.'),
    ),
    h('p.dim', 'Names match registered names and aliases. Uploads add up: nothing is replaced.'),
  );
}
