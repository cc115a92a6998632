// What-if: "if this node went bad now, who is hit?" The same graph as an incident, read-only.
import type { Core } from 'cytoscape';
import type { BlastRadius, Consumer, IncidentConsumer } from '../../../graph-schema/index.js';
import { formatSeconds } from '../../../graph-schema/duration.js';
import { api } from '../api.js';
import { exportWhatIf } from '../export.js';
import { createGraph, focusNode } from '../graph/cy.js';
import { radiusElements } from '../graph/elements.js';
import { go } from '../router.js';
import { showError } from '../ui/banner.js';
import { h } from '../ui/dom.js';
import { plural } from './common.js';
import { consumerTable } from './consumer-table.js';
import { statTile } from './incident-header.js';
import { legend } from './legend.js';

export function mountWhatIf(root: HTMLElement, name: string, query: URLSearchParams): () => void {
  root.className = 'incident-page what-if';
  const maxDepthParam = query.get('maxDepth');
  const maxDepth = maxDepthParam ? Number(maxDepthParam) : undefined;
  let cy: Core | undefined;
  let radius: BlastRadius | undefined;
  let disposed = false;

  const head = h('header.inc-head', h('p.loading', `Computing the blast radius of ${name}…`));
  const graphHost = h('div.graph-host', { id: 'graph' });
  const graphWrap = h('div.graph-wrap', h('div.graph-canvas', graphHost), legend({ whatIf: true }));
  const table = consumerTable((n) => select(n));
  const tableWrap = h('div.table-wrap', { hidden: true }, table.el);
  const panel = h('aside.inc-panel', { id: 'panel' });
  root.append(head, h('div.inc-body', h('div.inc-main', graphWrap, tableWrap), panel));

  const asRows = (r: BlastRadius): IncidentConsumer[] =>
    r.consumers.map((c) => ({ ...c, decision: null, estimatedArrival: null, exposed: true }));

  function select(n: string): void {
    const c = radius?.consumers.find((x) => x.name === n);
    if (cy) focusNode(cy, n);
    table.setSelected(n, true);
    panel.replaceChildren(c ? consumerInfo(c) : h('div.panel-body', h('h2.mono', n), h('p', 'The node you asked about.')));
  }

  api.blastRadius(name, maxDepth).then(
    (r) => {
      if (disposed) return;
      radius = r;
      const surfaces = r.consumers.filter((c) => c.kind === 'Surface');
      const direct = surfaces.filter((c) => c.exposure === 'direct');
      const gated = r.consumers.filter((c) => c.exposure === 'gated');
      const firstSurface = [...direct].sort((a, b) => (a.arrivalSeconds ?? Infinity) - (b.arrivalSeconds ?? Infinity))[0];
      const openIncident = h('button.primary', { type: 'button', id: 'open-from-whatif' }, 'Open an incident from this');
      openIncident.addEventListener('click', () => go(`#/new?source=${encodeURIComponent(name)}`));
      const depthSel = h('select', { id: 'whatif-depth' }, h('option', { value: '' }, 'all depths'), ...[1, 2, 3, 4, 5, 6].map((d) => h('option', { value: String(d) }, `up to depth ${d}`)));
      depthSel.value = maxDepth === undefined ? '' : String(maxDepth);
      depthSel.addEventListener('change', () => go(`#/what-if/${encodeURIComponent(name)}${depthSel.value ? `?maxDepth=${depthSel.value}` : ''}`));
      const views = (['graph', 'table'] as const).map((v) => {
        const b = h(`button.tab${v === 'graph' ? '.active' : ''}`, { type: 'button', dataset: { view: v } }, v === 'graph' ? 'Graph' : 'Table');
        b.addEventListener('click', () => {
          graphWrap.hidden = v !== 'graph';
          tableWrap.hidden = v !== 'table';
          views.forEach((x) => x.classList.toggle('active', x === b));
          if (v === 'graph') cy?.resize();
          else table.refresh();
        });
        return b;
      });
      const exp = (['png', 'svg'] as const).map((k) => {
        const b = h('button.small', { type: 'button', id: `export-${k}` }, k.toUpperCase());
        b.addEventListener('click', () => cy && exportWhatIf(k, name, cy, `What if ${name} went bad (revision ${r.revision})`));
        return b;
      });
      head.replaceChildren(
        h('div.inc-head-row',
          h('div.inc-title', h('span.status.status-whatif', 'what-if'), h('h1', { id: 'whatif-title' }, `If `, h('span.mono', name), ` went bad now`),
            h('div.inc-meta', h('span', `graph revision ${r.revision}`), r.truncated ? h('span.warn', `cut at depth ${r.maxDepth}: ${plural(r.cut, 'more consumer')} beyond`) : null,
              h('a', { href: `#/registry/${encodeURIComponent(name)}` }, 'back to the registry'))),
          h('span.spacer'), depthSel, openIncident),
        h('div.inc-head-row',
          h('div.stats',
            statTile('count-consumers', r.consumers.length, 'consumers hit', r.consumers.length ? 'alarm' : 'calm'),
            statTile('count-surfaces', direct.length, 'surfaces reached directly', direct.length ? 'alarm' : 'calm'),
            statTile('count-gated', gated.length, 'only behind a gate', 'plain', 'Reached only through a human-review or automated-check gate'),
            statTile('count-all-surfaces', surfaces.length, 'surfaces in total', 'plain'),
            h(`div.stat.wide.${firstSurface ? 'alarm' : 'calm'}`, { id: 'first-surface' }, h('div.stat-value.mono', firstSurface?.name ?? 'none'),
              h('div.stat-label', firstSurface ? (firstSurface.arrivalSeconds ? `first surface, within ${formatSeconds(firstSurface.arrivalSeconds)}` : 'first surface, at once') : 'no surface reached directly')))),
        h('div.inc-toolbar', h('div.tabs', ...views), h('span.spacer'), h('div.export', h('span.dim', 'Export'), ...exp)),
      );
      const elements = radiusElements(r, r.consumers);
      const g = createGraph({ container: graphHost, elements, nodeCount: elements.length });
      cy = g.cy;
      window.__blastRadius = { cy, renderer: g.renderer, timings: {}, live: 'live' };
      cy.batch(() =>
        cy!.edges().forEach((e) => {
          const srcHot = e.source().hasClass('source') || (e.source().hasClass('exposed') && !e.source().hasClass('gated'));
          e.toggleClass('hot', srcHot && e.data('gate') === 'none');
        }),
      );
      cy.on('tap', 'node', (e) => select(e.target.id()));
      table.setRows(asRows(r));
      panel.replaceChildren(
        h('div.panel-body.start', h('h2', plural(r.consumers.length, 'consumer') + ' would be hit'),
          h('p', 'Red borders: reached without any gate. Orange: reached only through a human-review or automated-check gate (dashed edges).'),
          h('p', 'Click a node for its owner, contact and path.')),
      );
      document.body.dataset.ready = 'true';
    },
    (err) => {
      head.replaceChildren(h('h1', `No what-if for ${name}`));
      showError(`Could not compute the blast radius of ${name}`, err, 'whatif');
    },
  );
  return () => {
    disposed = true;
    cy?.destroy();
  };
}

function consumerInfo(c: Consumer): HTMLElement {
  return h(
    'div.panel-body',
    { dataset: { name: c.name } },
    h('div.panel-kind', h(`span.kind-badge.${c.kind.toLowerCase()}`, c.kind), ` depth ${c.depth}`),
    h('h2.panel-title.mono', c.name),
    c.title ? h('div.panel-subtitle', c.title) : null,
    h('div.panel-state', c.exposure === 'direct' ? h('span.tag.exposed.big', 'REACHED DIRECTLY') : h('span.tag.gated.big', 'ONLY BEHIND A GATE')),
    h(
      'dl.facts',
      h('dt', 'Owner'), h('dd', c.owner),
      h('dt', 'Contact'), h('dd', c.contact ?? h('span.dim', 'none registered')),
      h('dt', 'Arrives'), h('dd', c.arrivalSeconds === null ? 'unknown' : c.arrivalSeconds === 0 ? 'at once' : `within ${formatSeconds(c.arrivalSeconds)}`),
      h('dt', 'Would do'), h('dd', h(`span.tag.${c.suggestedAction}`, c.suggestedAction)),
      h('dt', 'Path'), h('dd', h('ol.path', ...c.path.map((n) => h('li.mono', n)))),
    ),
    h('p', h('a', { href: `#/registry/${encodeURIComponent(c.name)}` }, 'Explore in the registry')),
  );
}
