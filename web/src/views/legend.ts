// The graph legend: shape = kind, fill and label = decision, border style and symbol = state in time.
import { COLOR, DECISION_FILL } from '../graph/style.js';
import { h } from '../ui/dom.js';
import { shapeIcon } from './common.js';

export function legend(options: { whatIf?: boolean } = {}): HTMLElement {
  const item = (icon: SVGSVGElement, label: string) => h('li', icon, h('span', label));
  const edge = (color: string, dashed: boolean) => shapeIcon('edge', 'none', color, 3, dashed);
  const body = h(
    'div.legend-body',
    h('ul', h('li.legend-head', 'Kind'),
      item(shapeIcon('Agent', COLOR.undecided, COLOR.undecidedBorder), 'Agent'),
      item(shapeIcon('System', COLOR.undecided, COLOR.undecidedBorder), 'System'),
      item(shapeIcon('Surface', COLOR.undecided, COLOR.undecidedBorder), 'Surface'),
      item(shapeIcon('Agent', COLOR.source, '#ffffff'), 'Source')),
    options.whatIf
      ? h('ul', h('li.legend-head', 'Exposure'),
          item(shapeIcon('Agent', COLOR.undecided, COLOR.exposed, 3), 'reached directly'),
          item(shapeIcon('Agent', COLOR.undecided, COLOR.gatedExposed, 3), 'only behind a gate'))
      : h('ul', h('li.legend-head', 'Decision'),
          item(shapeIcon('Agent', DECISION_FILL.none, COLOR.undecidedBorder), 'undecided'),
          item(shapeIcon('Agent', COLOR.stop, COLOR.undecidedBorder), '■ stopped'),
          item(shapeIcon('Agent', COLOR.correct, COLOR.undecidedBorder), '✎ correcting'),
          item(shapeIcon('Agent', COLOR.notify, COLOR.undecidedBorder), '✉ notified')),
    options.whatIf
      ? null
      : h('ul', h('li.legend-head', 'State'),
          item(shapeIcon('Agent', COLOR.undecided, COLOR.exposed, 4), '◉ reached (● observed)'),
          item(shapeIcon('Agent', COLOR.undecided, COLOR.exposed, 3, true), '◔ will be reached'),
          item(shapeIcon('Agent', COLOR.undecided, COLOR.exposed, 2), '▲ exposed to new outputs'),
          item(shapeIcon('Agent', COLOR.undecided, '#8b949e', 2, true), '■ held by a stop'),
          item(shapeIcon('Agent', COLOR.undecided, '#56d364', 2), '○ not reached'),
          item(shapeIcon('Agent', COLOR.undecided, COLOR.plan, 3, true), 'planned stop')),
    h('ul', h('li.legend-head', 'Edges'),
      item(edge(COLOR.edgeHot, false), 'carries the bad output'),
      item(edge(COLOR.edge, true), 'gated'),
      // nothing is stopped in a what-if, so no edge is cut off
      options.whatIf ? null : item(edge(COLOR.edge, false), 'cut off')),
  );
  const toggle = h('button.legend-toggle', { type: 'button', 'aria-expanded': 'true' }, 'Legend');
  const el = h('div.legend', { id: 'legend' }, toggle, body);
  toggle.addEventListener('click', () => {
    body.hidden = !body.hidden;
    toggle.setAttribute('aria-expanded', String(!body.hidden));
  });
  return el;
}
