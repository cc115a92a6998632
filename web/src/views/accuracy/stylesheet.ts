// The Cytoscape stylesheet of the accuracy graph: kind gives the shape, status the fill, border
// and glyph; a big graph drops arrows, curves and most labels.
import type { StylesheetJson } from 'cytoscape';
import { COLOR, EDGE_LABEL, NODE_BASE, nodeTextStyle, SHAPE, SIZE } from '../../graph/style.js';
import { ACC } from './palette.js';

/** One stylesheet for both sizes; `big` is what createGraph (cy.ts) decided. */
export function accuracyStylesheet(big: boolean): StylesheetJson {
  const s: StylesheetJson = [
    {
      selector: 'node',
      style: { ...NODE_BASE, ...nodeTextStyle(big), 'text-max-width': '220px' },
    },
    { selector: 'node[kind = "Agent"]', style: { shape: SHAPE.Agent as 'round-rectangle', 'corner-radius': '20', width: SIZE.Agent[0], height: SIZE.Agent[1] } },
    { selector: 'node[kind = "System"]', style: { shape: SHAPE.System as 'barrel', width: SIZE.System[0], height: SIZE.System[1] } },
    { selector: 'node[kind = "Surface"]', style: { shape: SHAPE.Surface as 'diamond', width: SIZE.Surface[0], height: SIZE.Surface[1] } },
    { selector: 'node.hit', style: { 'background-color': ACC.hit, 'border-color': ACC.hitBorder, 'border-width': 3, 'border-style': 'solid' } },
    {
      selector: 'node.predicted-only',
      style: { 'background-color': ACC.predicted, 'border-color': ACC.predictedBorder, 'border-width': 3, 'border-style': 'dashed', color: '#c9d1d9', 'font-weight': 500 },
    },
    {
      selector: 'node.missed',
      style: { 'background-color': ACC.missed, 'border-color': ACC.missedBorder, 'border-width': 8, 'border-style': 'double', color: ACC.missedText, 'font-weight': 800, 'min-zoomed-font-size': 0 },
    },
    { selector: 'node.context', style: { 'background-color': ACC.context, 'border-color': ACC.contextBorder, 'border-width': 2, 'border-style': 'dotted', color: COLOR.textDim } },
    {
      selector: 'node.source',
      style: {
        'background-color': COLOR.source,
        'border-color': '#ffffff',
        'border-width': 4,
        width: 90,
        height: 56,
        'font-size': 17,
        'font-weight': 800,
        color: COLOR.source,
        'min-zoomed-font-size': 0,
      },
    },
    { selector: 'node:selected', style: { 'overlay-color': '#ffffff', 'overlay-opacity': 0.28, 'overlay-padding': 8 } },
    // A big graph names only the nodes in view once zoomed in (cy.ts sets `labelled`), plus the
    // source and the missed nodes, which are few and the point of the view.
    ...((big ? [{ selector: 'node', style: { label: '' } }, { selector: 'node.labelled, node.source, node.missed', style: { label: 'data(label)' } }] : []) as StylesheetJson),
    {
      selector: 'edge',
      style: big
        ? { 'curve-style': 'haystack', 'haystack-radius': 0, width: 1.5, 'line-color': ACC.unobserved, opacity: 0.5, events: 'no' }
        : {
            events: 'no',
            'curve-style': 'bezier',
            width: 1.5,
            'line-color': ACC.unobserved,
            'target-arrow-shape': 'triangle',
            'target-arrow-color': ACC.unobserved,
            'arrow-scale': 1,
            opacity: 0.6,
          },
    },
    ...((big ? [] : [{ selector: 'edge.lateral', style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': '-70', 'control-point-weights': '0.5' } }]) as StylesheetJson),
    { selector: 'edge.fired', style: { 'line-color': ACC.fired, 'target-arrow-color': ACC.fired, width: big ? 2 : 4, opacity: 1, 'z-index': 5 } },
    {
      selector: 'edge.silent',
      style: big ? { 'line-color': '#6e7681', opacity: 0.5 } : { 'line-color': ACC.silent, 'target-arrow-color': ACC.silent, 'line-style': 'dotted', width: 2.5, opacity: 0.7 },
    },
    {
      selector: 'edge.missing',
      style: big
        ? { 'line-color': ACC.missing, width: 3, opacity: 1, 'z-index': 10 }
        : { 'line-color': ACC.missing, 'target-arrow-color': ACC.missing, 'line-style': 'dashed', 'line-dash-pattern': [12, 7], width: 5, 'arrow-scale': 1.3, opacity: 1, 'z-index': 10 },
    },
  ];
  if (!big) {
    s.push({
      selector: 'edge.gated, edge.missing',
      style: EDGE_LABEL,
    });
    s.push({ selector: 'edge.missing', style: { color: ACC.missedText, 'font-weight': 700 } });
  }
  return s;
}
