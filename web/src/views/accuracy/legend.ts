// The legend under the accuracy graph: node statuses, edge statuses and node kinds, drawn as
// they appear in the graph.
import { COLOR } from '../../graph/style.js';
import { h } from '../../ui/dom.js';
import { iconSvg, shapeIcon } from '../common.js';
import { svgEl } from './dom.js';
import { ACC } from './palette.js';

const BORDER_DASH = {
  solid: {},
  double: {},
  dashed: { 'stroke-dasharray': '4 3' },
  dotted: { 'stroke-dasharray': '1 3', 'stroke-linecap': 'round' },
};

function statusIcon(fill: string, stroke: string, style: keyof typeof BORDER_DASH, width = 2): SVGSVGElement {
  const svg = iconSvg(30, 20);
  const rect = (x: number, y: number, w: number, hh: number, sw: number) =>
    svg.append(svgEl('rect', { x, y, width: w, height: hh, rx: 6, fill, stroke, 'stroke-width': sw, ...BORDER_DASH[style] }));
  if (style === 'double') {
    rect(1, 1, 28, 18, 1.5);
    rect(4.5, 4.5, 21, 11, 1.5);
  } else rect(2, 3, 26, 14, width);
  return svg;
}

function edgeIcon(color: string, width: number, dash?: string): SVGSVGElement {
  const svg = iconSvg(34, 20);
  svg.append(svgEl('line', { x1: 1, y1: 10, x2: 33, y2: 10, stroke: color, 'stroke-width': width, 'stroke-dasharray': dash, 'stroke-linecap': dash === '1 4' ? 'round' : undefined }));
  return svg;
}

export function accuracyLegend(): HTMLElement {
  const item = (icon: SVGSVGElement, label: string, glyph = '') => h('li', icon, h('span', glyph ? h('strong', `${glyph} `) : null, label));
  const body = h(
    'div.legend-body',
    h(
      'ul',
      h('li.legend-head', 'Nodes'),
      item(statusIcon(ACC.hit, ACC.hitBorder, 'solid', 2.5), 'hit: predicted and reached', '✓'),
      item(statusIcon(ACC.predicted, ACC.predictedBorder, 'dashed', 2.5), 'predicted only: never reached', '○'),
      item(statusIcon(ACC.missed, ACC.missedBorder, 'double'), 'missed: reached, not predicted', '!'),
      item(statusIcon(COLOR.source, '#ffffff', 'solid', 2.5), 'source'),
      item(statusIcon(ACC.context, ACC.contextBorder, 'dotted'), 'only sent the output on'),
    ),
    h(
      'ul',
      h('li.legend-head', 'Edges'),
      item(edgeIcon(ACC.fired, 4), 'fired: the hop was seen'),
      item(edgeIcon(ACC.silent, 2.5, '1 4'), 'silent: had it, never passed on'),
      item(edgeIcon(ACC.unobserved, 1.5), 'unobserved'),
      item(edgeIcon(ACC.missing, 4.5, '7 4'), 'missing: seen, not registered'),
    ),
    h(
      'ul',
      h('li.legend-head', 'Kind'),
      item(shapeIcon('Agent', COLOR.undecided, COLOR.undecidedBorder), 'Agent'),
      item(shapeIcon('System', COLOR.undecided, COLOR.undecidedBorder), 'System'),
      item(shapeIcon('Surface', COLOR.undecided, COLOR.undecidedBorder), 'Surface'),
    ),
  );
  return h('div.legend.acc-legend', { id: 'acc-legend' }, body);
}
