// The key under the neighbourhood graph: the node kinds, the start node, expanded, gated edges.
import { COLOR } from '../../graph/style.js';
import { h } from '../../ui/dom.js';
import { shapeIcon } from '../common.js';

export function registryLegend(): HTMLElement {
  const item = (icon: SVGSVGElement, label: string) => h('li', icon, h('span', label));
  const plain = (kind: string) => item(shapeIcon(kind, COLOR.undecided, COLOR.undecidedBorder), kind);
  return h(
    'div.legend.rg-legend',
    { id: 'legend' },
    h('ul',
      plain('Agent'),
      plain('System'),
      plain('Surface'),
      item(shapeIcon('Agent', COLOR.source, '#ffffff'), 'start node'),
      item(shapeIcon('Agent', COLOR.undecided, COLOR.undecidedBorder, 5), 'expanded'),
      item(shapeIcon('edge', 'none', COLOR.edge, 3, true), 'gated (human review / auto check)')),
    h('span.spacer'),
    h('span.rg-direction', '← producers · consumers →  ·  click a node to expand it'),
  );
}
