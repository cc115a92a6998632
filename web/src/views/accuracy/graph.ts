// The accuracy graph on the page: its card (canvas, Fit button, legend, node panel), the
// Cytoscape instance built from elements.ts and styled by stylesheet.ts, and the panel that says
// what was predicted and seen for the node clicked.
import type { Core, EventObject, NodeSingular } from 'cytoscape';
import type { Accuracy } from '../../../../graph-schema/index.js';
import { createGraph } from '../../graph/cy.js';
import { h } from '../../ui/dom.js';
import { put } from './dom.js';
import { accuracyElements, type AccuracyGraphInput } from './elements.js';
import { accuracyLegend } from './legend.js';
import { GLYPH, type NodeStatus } from './palette.js';
import type { State } from './state.js';
import { accuracyStylesheet } from './stylesheet.js';

// The incident page exposes its debug handle as window.__blastRadius; the accuracy graph joins it.
declare module '../incident/index.js' {
  interface IncidentDebug {
    accuracyCy?: Core;
  }
}

type EdgeStatus = Accuracy['edges'][number]['status'] | 'missing';

const STATUS_TEXT: Record<NodeStatus, string> = {
  source: 'the source of the bad output',
  hit: 'hit: predicted and reached',
  'predicted-only': 'predicted only: never reached',
  missed: 'missed: reached, never predicted',
  context: 'only seen passing the output on (not counted as reached)',
};

/** The graph's card; `host` receives the Cytoscape canvas, `detail` the node panel. */
export function buildGraphCard(onFit: () => void): { card: HTMLElement; host: HTMLElement; detail: HTMLElement } {
  const host = h('div.acc-graph-host', { id: 'accuracy-graph' });
  const detail = h('div.acc-detail', { id: 'acc-detail', 'aria-live': 'polite' });
  const fitButton = h('button.small', { type: 'button', title: 'Fit the whole graph' }, 'Fit');
  fitButton.addEventListener('click', onFit);
  const card = h(
    'section.card.acc-graph-card',
    h(
      'div.acc-card-head',
      h('h2', 'Predicted against observed'),
      h('span.dim.small', 'source on the left, consumers by depth to the right; a missed node sits one column right of where it was seen coming from'),
    ),
    h('div.acc-graph-canvas', host, h('div.graph-tools', fitButton)),
    accuracyLegend(),
    detail,
  );
  return { card, host, detail };
}

export function destroyGraph(st: State): void {
  st.cy?.destroy();
  st.cy = undefined;
  if (window.__blastRadius?.accuracyCy && window.__blastRadius.accuracyCy.destroyed()) delete window.__blastRadius.accuracyCy;
}

export function fit(st: State): void {
  if (!st.cy) return;
  st.cy.fit(undefined, 40);
  if (st.cy.zoom() > 1.4) {
    st.cy.zoom(1.4);
    st.cy.center();
  }
  st.needsFit = false;
}

export function renderGraph(st: State): void {
  const incident = st.incident!;
  const input: AccuracyGraphInput = {
    source: incident.source,
    sourceKind: incident.sourceKind,
    consumers: incident.consumers,
    accuracy: st.accuracy!,
    kinds: st.kinds,
  };
  const elements = accuracyElements(input);
  const nodeCount = elements.filter((e) => e.group === 'nodes').length;
  const selected = st.cy?.$('node:selected').id();
  destroyGraph(st);
  const { cy, big } = createGraph({ container: st.graphHost, elements, nodeCount });
  cy.style(accuracyStylesheet(big));
  st.cy = cy;
  if (window.__blastRadius) window.__blastRadius.accuracyCy = cy;
  st.graphHost.dataset.nodes = String(nodeCount);
  if (st.graphHost.clientWidth === 0) st.needsFit = true;
  else if (!big) fit(st); // a big graph is already fitted from its positions (cy.ts)
  cy.on('tap', 'node', (e: EventObject) => showDetail(st, (e.target as NodeSingular).id()));
  cy.on('tap', (e: EventObject) => {
    if (e.target === cy) showDetail(st, undefined);
  });
  if (selected && cy.getElementById(selected).nonempty()) {
    cy.getElementById(selected).select();
    showDetail(st, selected);
  } else showDetail(st, undefined);
}

function showDetail(st: State, name: string | undefined): void {
  const a = st.accuracy!;
  const inc = st.incident!;
  const node = name ? st.cy?.getElementById(name) : undefined;
  if (!name || !node || node.empty()) {
    st.detail.replaceChildren(h('span.dim', 'Click a node to see what was predicted for it and what was seen.'));
    return;
  }
  const status = node.data('status') as NodeStatus;
  const consumer = inc.consumers.find((c) => c.name === name);
  const into = a.edges.filter((e) => e.to === name);
  const missingIn = a.missingEdges.filter((e) => e.to === name);
  const missingOut = a.missingEdges.filter((e) => e.from === name);
  const edgeLine = (from: string, to: string, s: EdgeStatus, gate?: string) =>
    h('li', h('span.mono', `${from} → ${to}`), ' ', h(`span.acc-edge-tag.${s}`, s === 'missing' ? 'missing: not registered' : s), gate && gate !== 'none' ? h('span.dim', ` (gate: ${gate})`) : null);
  const lines: (HTMLElement | null)[] = [];
  if (status === 'hit') lines.push(h('p', `Predicted at depth ${consumer?.depth ?? '?'} and reached.`));
  if (status === 'predicted-only') lines.push(h('p', `Predicted at depth ${consumer?.depth ?? '?'}, never reached: a gate held, or an edge is stale. Ask its owner${consumer?.owner ? ` (${consumer.owner})` : ''}.`));
  if (status === 'missed') lines.push(h('p', missingIn.length ? 'Reached, never predicted: the registry lacks the edge it came over (the patch adds it).' : 'Reached, never predicted, and no observation says where from: add "from" to the reached list, or upload traces with parent spans, to see the hop.'));
  if (status === 'context') lines.push(h('p', 'Not reached and not predicted; it appears only as the sender of an observed hop.'));
  if (status === 'source') lines.push(h('p', 'The source: it produced the bad output. It never counts as reached.'));
  if (consumer) lines.push(h('p.small', h('span.dim', 'predicted path '), h('span.mono', consumer.path.join(' → '))));
  const edgeItems = [...into.map((e) => edgeLine(e.from, e.to, e.status, e.gate)), ...missingIn.map((e) => edgeLine(e.from, e.to, 'missing')), ...missingOut.map((e) => edgeLine(e.from, e.to, 'missing'))];
  put(
    st.detail,
    h('div.acc-detail-head', h(`span.acc-status.${status}`, GLYPH[status] ? `${GLYPH[status]} ` : '', STATUS_TEXT[status]), h('strong.mono', name), node.data('kind') !== 'unknown' ? h('span.dim', ` ${node.data('kind') as string}`) : null),
    ...lines,
    edgeItems.length ? h('ul.acc-edge-list', ...edgeItems) : null,
  );
}
