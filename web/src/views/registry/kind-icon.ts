// The small shape that says what kind a node is, in the node list and the panel's edge lists.
import { COLOR } from '../../graph/style.js';
import { h } from '../../ui/dom.js';
import { shapeIcon } from '../common.js';

export function kindIcon(kind: string): HTMLElement {
  return h('span.rg-kind', { title: kind, dataset: { kind } }, shapeIcon(kind, COLOR.undecided, kind === 'Agent' ? '#a5d0ff' : kind === 'System' ? '#f2cc60' : '#e2c5ff'));
}
