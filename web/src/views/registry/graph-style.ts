// The explorer's additions to the shared graph style: "+N more" placeholders and the start node.
import type { Core } from 'cytoscape';
import { COLOR } from '../../graph/style.js';

export function addRegistryStyles(cy: Core): void {
  cy.style()
    .selector('node.more')
    .style({
      shape: 'round-rectangle',
      width: 210,
      height: 44,
      'background-color': '#0c2d4a',
      'border-style': 'dashed',
      'border-width': 2,
      'border-color': '#58a6ff',
      label: 'data(label)',
      color: COLOR.text,
      'font-size': 14,
      'font-weight': 700,
      'text-valign': 'center',
      'text-margin-y': 0,
      'text-max-width': '196px',
      'min-zoomed-font-size': 0,
      'text-wrap': 'wrap',
    })
    .selector('edge.more-edge')
    .style({ 'line-style': 'dotted', opacity: 0.6 })
    .selector('node.source')
    .style({ color: COLOR.source })
    .update();
}
