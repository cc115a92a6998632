// One palette for the graph, the legend, the table and the SVG export: colour means the same
// thing everywhere. Red = still exposed, green = stopped, blue = being corrected, violet = notified.
import type { StylesheetJson } from 'cytoscape';

export const COLOR = {
  bg: '#0d1117',
  text: '#e6edf3',
  textDim: '#8b949e',
  undecided: '#3b4350',
  undecidedBorder: '#8b949e',
  stop: '#2ea043',
  correct: '#388bfd',
  notify: '#a371f7',
  exposed: '#ff4d4f',
  gatedExposed: '#f0883e',
  source: '#ffd33d',
  plan: '#39d0d8',
  edge: '#6e7681',
  edgeHot: '#ff6b6b',
  edgeGated: '#8b949e',
} as const;

export const DECISION_FILL: Record<string, string> = {
  none: COLOR.undecided,
  stop: COLOR.stop,
  correct: COLOR.correct,
  notify: COLOR.notify,
};

export const SHAPE: Record<string, string> = { Agent: 'round-rectangle', System: 'barrel', Surface: 'diamond' };
export const SIZE: Record<string, [number, number]> = { Agent: [82, 40], System: [56, 60], Surface: [62, 62] };

/** Big graphs: labels are drawn from this rendered size (px) on, so none turns into noise when zoomed out. */
export const BIG_MIN_LABEL_PX = 11;
const NODE_FONT = 15;
const SOURCE_FONT = 17;
/**
 * A big graph labels only the nodes on screen once zoomed in this far (the `labelled` class, set
 * by cy.ts when a pan or zoom settles): no label is measured, cached or drawn for thousands of
 * dots at fit, nor while the view moves. The WebGL renderer ignores min-zoomed-font-size.
 */
export const BIG_LABEL_ZOOM = BIG_MIN_LABEL_PX / NODE_FONT;
/** A big graph's source is drawn larger, so it stands out at fit. */
export const BIG_SOURCE_SIZE: [number, number] = [180, 110];

/** How a node's label reads: shared by every graph of the app. */
export function nodeTextStyle(big: boolean) {
  return {
    label: 'data(label)',
    color: COLOR.text,
    'font-size': NODE_FONT,
    'font-weight': 600,
    'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    'text-valign': 'bottom',
    'text-halign': 'center',
    'text-margin-y': 7,
    'text-wrap': 'wrap',
    'text-max-width': '210px',
    'text-outline-color': COLOR.bg,
    'text-outline-width': 3,
    'min-zoomed-font-size': big ? BIG_MIN_LABEL_PX : 7,
    'text-events': 'no',
  } as const;
}

/** A node before kind and state restyle it. */
export const NODE_BASE = {
  shape: 'round-rectangle',
  width: 74,
  height: 42,
  'background-color': COLOR.undecided,
  'border-width': 2,
  'border-color': COLOR.undecidedBorder,
} as const;

/** A label along an edge (its gate), readable over the lines it crosses. */
export const EDGE_LABEL = {
  label: 'data(gateLabel)',
  'font-size': 11,
  color: COLOR.textDim,
  'text-rotation': 'autorotate',
  'text-background-color': COLOR.bg,
  'text-background-opacity': 1,
  'text-background-padding': '2px',
  'min-zoomed-font-size': 9,
  'text-events': 'no',
} as const;

export function stylesheet(big: boolean): StylesheetJson {
  const text = nodeTextStyle(big);
  const s: StylesheetJson = [
    {
      selector: 'node',
      style: {
        ...NODE_BASE,
        // a big graph styles text only on the few nodes that show it: every property on 5,000
        // nodes is a cost when the graph opens
        ...(big ? { label: '' } : text),
      },
    },
    ...((big ? [{ selector: 'node.labelled', style: text }] : []) as StylesheetJson),
    { selector: 'node[kind = "Agent"]', style: { shape: 'round-rectangle', 'corner-radius': '20', width: SIZE.Agent[0], height: SIZE.Agent[1] } },
    { selector: 'node[kind = "System"]', style: { shape: 'barrel', width: SIZE.System[0], height: SIZE.System[1] } },
    { selector: 'node[kind = "Surface"]', style: { shape: 'diamond', width: SIZE.Surface[0], height: SIZE.Surface[1] } },
    { selector: 'node[decision = "stop"]', style: { 'background-color': COLOR.stop } },
    { selector: 'node[decision = "correct"]', style: { 'background-color': COLOR.correct } },
    { selector: 'node[decision = "notify"]', style: { 'background-color': COLOR.notify } },
    // on a big graph at fit a node is a few pixels: thicker borders keep exposed (red) and safe
    // (green) apart there
    { selector: 'node.exposed', style: { 'border-color': COLOR.exposed, 'border-width': big ? 12 : 6 } },
    { selector: 'node.exposed.gated', style: { 'border-color': COLOR.gatedExposed } },
    { selector: 'node.safe', style: { 'border-color': '#56d364', 'border-width': big ? 10 : 3 } },
    // state by the border's style too, not colour alone: reached double, arriving dashed, held dotted
    { selector: 'node.reached', style: { 'border-color': COLOR.exposed, 'border-style': 'double', 'border-width': big ? 14 : 8 } },
    { selector: 'node.pending', style: { 'border-style': 'dashed' } },
    { selector: 'node.held', style: { 'border-color': '#8b949e', 'border-style': 'dotted', 'border-width': big ? 10 : 4 } },
    {
      selector: 'node.agg',
      style: { ...text, label: 'data(label)', width: 'data(size)', height: 'data(size)', 'text-max-width': '340px', 'font-size': 20, 'min-zoomed-font-size': 0 },
    },
    { selector: 'edge.agg-edge', style: { 'curve-style': 'bezier', width: 3, 'target-arrow-shape': 'triangle', opacity: 0.8 } },
    {
      selector: 'node.source',
      style: {
        'background-color': COLOR.source,
        'border-color': '#ffffff',
        'border-width': 4,
        width: big ? BIG_SOURCE_SIZE[0] : 90,
        height: big ? BIG_SOURCE_SIZE[1] : 56,
        'font-size': SOURCE_FONT,
        'font-weight': 800,
        color: COLOR.source,
        'min-zoomed-font-size': big ? BIG_MIN_LABEL_PX : 0,
      },
    },
    {
      selector: 'node.plan',
      style: big
        ? { 'border-color': COLOR.plan, 'border-width': 8 }
        : { 'outline-width': 7, 'outline-color': COLOR.plan, 'outline-offset': 4, 'outline-style': 'dashed' },
    },
    { selector: 'node.dim', style: { opacity: 0.14, 'text-opacity': 0 } },
    { selector: 'node:selected', style: { 'overlay-color': '#ffffff', 'overlay-opacity': 0.28, 'overlay-padding': 8 } },
    { selector: 'node.flash', style: { 'overlay-color': '#ffd33d', 'overlay-opacity': 0.45, 'overlay-padding': 12 } },
    { selector: 'node.expanded', style: { 'border-style': 'double', 'border-width': 6 } },
    {
      selector: 'edge',
      style: big
        ? // thousands of edges: faint straight lines (haystack, the cheapest Cytoscape draws), so
          // at fit they read as the flow between columns and do not bury the nodes
          { 'curve-style': 'haystack', 'haystack-radius': 0, width: 1.5, 'line-color': COLOR.edge, opacity: 0.3, events: 'no' }
        : {
            events: 'no',
            'curve-style': 'bezier',
            width: 2,
            'line-color': COLOR.edge,
            'target-arrow-shape': 'triangle',
            'target-arrow-color': COLOR.edge,
            'arrow-scale': 1.1,
            opacity: 0.9,
          },
    },
    // an edge within one column would run straight through the nodes between its ends: bend it
    ...((big ? [] : [{ selector: 'edge.lateral', style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': '-70', 'control-point-weights': '0.5' } }]) as StylesheetJson),
    { selector: 'edge.hot', style: { 'line-color': COLOR.edgeHot, 'target-arrow-color': COLOR.edgeHot, width: big ? 1.5 : 3 } },
    { selector: 'edge.gated', style: big ? { 'line-color': '#4a6fa5' } : { 'line-style': 'dashed', 'line-dash-pattern': [8, 6] } },
    { selector: 'edge.gated.hot', style: { 'line-color': COLOR.gatedExposed, 'target-arrow-color': COLOR.gatedExposed } },
    { selector: 'edge.cut', style: { opacity: big ? 0.08 : 0.25 } },
    { selector: 'edge.dim', style: { opacity: big ? 0.03 : 0.05 } },
  ];
  if (!big) {
    s.push({
      selector: 'edge.gated',
      style: EDGE_LABEL,
    });
  }
  return s;
}
