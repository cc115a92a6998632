// What-if: "if this node went bad now, who is hit?" The same graph as an incident, read-only,
// with the numbers that matter on top and the way to open a real incident from it.
// `?maxDepth=` cuts the radius; `?revision=` computes it on the graph as it was then.
import type { Core } from 'cytoscape';
import type { BlastRadius, Consumer, IncidentConsumer } from '../../../graph-schema/index.js';
import { formatSeconds } from '../../../graph-schema/duration.js';
import { api, ApiError } from '../api.js';
import { exportWhatIf } from '../export.js';
import { createGraph, focusNode } from '../graph/cy.js';
import { radiusElements } from '../graph/elements.js';
import { go } from '../router.js';
import { showError } from '../ui/banner.js';
import { h } from '../ui/dom.js';
import { plural } from './common.js';
import { consumerTable } from './consumer-table.js';
import { statTile } from './incident/header.js';
import { legend } from './legend.js';
import { isNotFound, registryHref } from './registry/index.js';

const arrival = (c: Consumer): string =>
  c.arrivalSeconds === null ? 'time unknown' : c.arrivalSeconds === 0 ? 'at once' : `within ${formatSeconds(c.arrivalSeconds)}`;

export function mountWhatIf(root: HTMLElement, name: string, query: URLSearchParams): () => void {
  root.className = 'incident-page what-if';
  const maxDepthParam = query.get('maxDepth');
  const maxDepth = maxDepthParam && /^\d+$/.test(maxDepthParam) ? Number(maxDepthParam) : undefined;
  const revParam = query.get('revision');
  const revision = revParam && /^\d+$/.test(revParam) ? Number(revParam) : undefined;
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
    r.consumers.map((c) => ({ ...c, decision: null, version: 0, arrival: null, reached: false as const, held: false, exposed: true, needsDecision: false, lateStop: false }));

  const link = (q: { maxDepth?: number; revision?: number }): string => {
    const p = new URLSearchParams();
    if (q.maxDepth !== undefined) p.set('maxDepth', String(q.maxDepth));
    if (q.revision !== undefined) p.set('revision', String(q.revision));
    const qs = p.toString();
    return `#/what-if/${encodeURIComponent(name)}${qs ? `?${qs}` : ''}`;
  };

  function select(n: string): void {
    const c = radius?.consumers.find((x) => x.name === n);
    if (cy) focusNode(cy, n);
    table.setSelected(n, true);
    panel.replaceChildren(c ? consumerInfo(c, revision) : radius ? overview(radius) : h('div.panel-body', h('h2.mono', n)));
  }

  function overview(r: BlastRadius): HTMLElement {
    const surfaces = r.consumers.filter((c) => c.kind === 'Surface').sort((a, b) => (a.arrivalSeconds ?? Infinity) - (b.arrivalSeconds ?? Infinity) || a.depth - b.depth);
    const item = (c: Consumer) => {
      const b = h('button.link.mono', { type: 'button' }, c.name);
      b.addEventListener('click', () => select(c.name));
      return h('li', { dataset: { name: c.name } }, b, h('span.dim.small', ` ${arrival(c)} · depth ${c.depth}`), c.exposure === 'gated' ? h('span.tag.gated', 'gated') : null);
    };
    if (r.consumers.length === 0) {
      return h('div.panel-body.start', { id: 'whatif-overview' }, h('h2', 'Nobody would be hit'),
        h('p', `No registered node consumes ${r.source}'s outputs, so a bad output would stop there.`),
        h('p.dim', 'If that looks wrong, a consumer is missing from the registry: register it with its consumes list.'));
    }
    return h(
      'div.panel-body.start',
      { id: 'whatif-overview' },
      h('h2', `${plural(r.consumers.length, 'consumer')} would be hit`),
      h('p', 'Red borders: reached without any gate. Orange: reached only through a human-review or automated-check gate (dashed edges).'),
      h('h3', `Surfaces (${surfaces.length}), first hit first`),
      surfaces.length ? h('ul.whatif-surfaces', ...surfaces.map(item)) : h('p.dim', 'No surface: the bad output stays inside.'),
      h('p.dim', 'Click a node for its owner, contact and path.'),
    );
  }

  api.blastRadius(name, { maxDepth, revision }).then(
    (r) => {
      if (disposed) return;
      radius = r;
      const surfaces = r.consumers.filter((c) => c.kind === 'Surface');
      const direct = surfaces.filter((c) => c.exposure === 'direct');
      const gated = r.consumers.filter((c) => c.exposure === 'gated');
      const deepest = r.consumers.reduce((m, c) => Math.max(m, c.depth), 0);
      const firstSurface = [...direct].sort((a, b) => (a.arrivalSeconds ?? Infinity) - (b.arrivalSeconds ?? Infinity) || a.depth - b.depth)[0];
      const openIncident = h('a.button-like.primary', { id: 'open-from-whatif', href: `#/new?source=${encodeURIComponent(name)}` }, 'Open an incident from this node');
      const depthSel = h('select', { id: 'whatif-depth', 'aria-label': 'How far to follow the consumers' }, h('option', { value: '' }, 'all depths'), ...[1, 2, 3, 4, 5, 6].map((d) => h('option', { value: String(d) }, `up to depth ${d}`)));
      depthSel.value = maxDepth === undefined ? '' : String(maxDepth);
      depthSel.addEventListener('change', () => go(link({ maxDepth: depthSel.value ? Number(depthSel.value) : undefined, revision })));
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
          h('div.inc-title', h('span.status.status-whatif', 'what-if'), h('h1', { id: 'whatif-title' }, `If `, h('span.mono', name), revision !== undefined ? ` had gone bad at revision ${revision}` : ` went bad now`),
            h('div.inc-meta',
              h('span', revision !== undefined ? `the graph as it was at revision ${r.revision}` : `graph revision ${r.revision}`),
              r.truncated ? h('span.warn', `cut at depth ${r.maxDepth}: ${plural(r.cut, 'more consumer')} beyond`) : null,
              h('a', { id: 'back-to-registry', href: registryHref(name, revision) }, `← ${name} in the registry`))),
          h('span.spacer'), depthSel, openIncident),
        h('div.inc-head-row',
          h('div.stats',
            statTile('count-consumers', r.consumers.length, r.consumers.length === 1 ? 'consumer hit' : 'consumers hit', r.consumers.length ? 'alarm' : 'calm'),
            statTile('count-surfaces', direct.length, 'surfaces reached directly', direct.length ? 'alarm' : 'calm', 'Places where people outside the team would see the bad output, with no gate on the way'),
            statTile('count-all-surfaces', surfaces.length, 'surfaces in total', 'plain'),
            statTile('count-gated', gated.length, 'only behind a gate', 'plain', 'Reached only through a human-review or automated-check gate'),
            statTile('count-depth', deepest, deepest === 1 ? 'hop at the deepest' : 'hops at the deepest', 'plain', 'The longest shortest path from the source: how far the bad output travels'),
            h(`div.stat.wide.${firstSurface ? 'alarm' : 'calm'}`, { id: 'first-surface', dataset: { value: firstSurface?.name ?? '' } }, h('div.stat-value.mono', firstSurface?.name ?? 'none'),
              h('div.stat-label', firstSurface ? `first surface hit, ${arrival(firstSurface)}` : 'no surface reached directly'))),
          h('span.spacer'),
          h('div.whatif-tools', h('div.tabs', ...views), h('div.export', h('span.dim', 'Export'), ...exp))),
      );
      const elements = radiusElements(r, r.consumers);
      const g = createGraph({ container: graphHost, elements });
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
      panel.replaceChildren(overview(r));
      document.body.dataset.ready = 'true';
    },
    (err) => {
      if (disposed) return;
      const notFound = isNotFound(err);
      const what = notFound
        ? revision !== undefined ? `${name} did not exist at revision ${revision}` : `No node named “${name}”`
        : `Could not compute the blast radius of ${name}`;
      head.replaceChildren(h('div.inc-head-row', h('div.inc-title', h('span.status.status-whatif', 'what-if'), h('h1', { id: 'whatif-title' }, what))));
      const retry = h('button', { type: 'button' }, 'Try again');
      retry.addEventListener('click', () => go(location.hash));
      graphHost.replaceChildren(
        h('div.graph-empty', { id: 'whatif-error' },
          h('div.whatif-error',
            h('h2', what),
            notFound
              ? h('p', 'Check the spelling, or ', h('a', { href: registryHref() }, 'search the registry'), ': it matches names, titles and aliases.')
              : h('p', err instanceof ApiError ? `${err.message} ${err.advice()}` : String(err)),
            notFound ? null : retry)),
      );
      if (!notFound) showError(`Could not compute the blast radius of ${name}`, err, 'whatif');
      document.body.dataset.ready = 'true';
    },
  );
  return () => {
    disposed = true;
    cy?.destroy();
  };
}

function consumerInfo(c: Consumer, revision: number | undefined): HTMLElement {
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
      h('dt', 'Arrives'), h('dd', arrival(c)),
      h('dt', 'Would do'), h('dd', h(`span.tag.${c.suggestedAction}`, c.suggestedAction)),
      h('dt', 'Path'), h('dd', h('ol.path', ...c.path.map((n) => h('li.mono', n)))),
    ),
    h('p', h('a', { href: registryHref(c.name, revision) }, 'Explore it in the registry'), ' · ', h('a', { href: `#/what-if/${encodeURIComponent(c.name)}` }, 'What-if from it')),
  );
}
