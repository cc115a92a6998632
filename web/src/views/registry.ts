// The registry explorer: find a node, see it with its direct neighbours only (no hairball),
// expand one hop at a time on click, run a what-if from any node, read the revision history.
import type { Core } from 'cytoscape';
import type { NodeDocument, RevisionRecord } from '../../../graph-schema/index.js';
import { api, type NeighboursResponse } from '../api.js';
import { createGraph } from '../graph/cy.js';
import { columnLayout } from '../graph/layout.js';
import { go } from '../router.js';
import { showError } from '../ui/banner.js';
import { clockTime, debounce, h, relativeTime } from '../ui/dom.js';
import { shapeIcon } from './common.js';
import { COLOR } from '../graph/style.js';

export function mountRegistry(root: HTMLElement, focus: string | undefined): () => void {
  root.className = 'registry-page';
  let cy: Core | undefined;
  let disposed = false;
  const columns = new Map<string, number>();
  const order: string[] = [];
  const expanded = new Set<string>();
  const kinds = new Map<string, string>();

  // ---------- left: search + revisions ----------
  const search = h('input', { id: 'registry-search', type: 'search', placeholder: 'Find a node: name, title or alias', autocomplete: 'off', spellcheck: false });
  const results = h('ul.node-results', { id: 'registry-results' });
  const revisions = h('div.revisions', { id: 'revisions' }, h('p.loading', 'Loading revisions…'));
  const left = h('section.reg-left', h('h2', 'Registry'), search, results, h('h3', 'Revision history'), revisions);

  // ---------- centre: neighbourhood graph ----------
  const graphHost = h('div.graph-host', { id: 'graph' });
  const hint = h('div.graph-hint', 'Click a node to expand its neighbours, one hop at a time. Upstream on the left, downstream on the right.');
  const reset = h('button.small', { type: 'button', id: 'registry-reset' }, 'Collapse all');
  const centre = h('section.reg-centre', h('div.graph-wrap', h('div.graph-canvas', graphHost, h('div.graph-tools', reset), hint), regLegend()));
  const panel = h('aside.inc-panel', { id: 'panel' });
  root.append(left, centre, panel);

  const runSearch = debounce(async () => {
    try {
      const { nodes } = await api.nodes(search.value.trim() || undefined, 50);
      if (disposed) return;
      results.replaceChildren(
        ...nodes.map((d) => {
          const li = h('li', { dataset: { name: d.metadata.name }, tabindex: '0' }, h(`span.kind-badge.${d.kind.toLowerCase()}`, d.kind), h('span.mono', d.metadata.name), h('span.dim.small', d.metadata.owner));
          li.addEventListener('click', () => go(`#/registry/${encodeURIComponent(d.metadata.name)}`));
          li.addEventListener('keydown', (e) => e.key === 'Enter' && li.click());
          return li;
        }),
      );
      if (nodes.length === 0) results.append(h('li.dim', search.value.trim() ? 'No node matches.' : 'The registry is empty: apply manifests with `blast-radius apply`.'));
    } catch (err) {
      showError('Could not search the registry', err, 'registry-search');
    }
  }, 150);
  search.addEventListener('input', runSearch);
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') results.querySelector<HTMLElement>('li[data-name]')?.click();
  });
  runSearch();

  api.revisions().then(
    ({ revisions: list, current }) => !disposed && revisions.replaceChildren(renderRevisions(list, current)),
    (err) => {
      revisions.replaceChildren(h('p.dim', 'Revisions could not be loaded.'));
      showError('Could not load the revision history', err, 'revisions');
    },
  );

  // ---------- graph ----------
  const ensureGraph = (): Core => {
    if (!cy) {
      cy = createGraph({ container: graphHost, elements: [], nodeCount: 0 }).cy;
      window.__blastRadius = { cy, timings: {}, live: 'live' };
      cy.on('tap', 'node', (e) => {
        const name = e.target.id() as string;
        void showNode(name);
        if (!expanded.has(name)) void expand(name);
      });
    }
    return cy;
  };

  const place = (name: string, kind: string, column: number): boolean => {
    if (columns.has(name)) return false;
    columns.set(name, column);
    order.push(name);
    kinds.set(name, kind);
    ensureGraph().add({ group: 'nodes', data: { id: name, label: name, kind, decision: 'none' }, classes: 'safe' });
    return true;
  };

  const addEdge = (from: string, to: string, gate: string): void => {
    const id = `${from}->${to}`;
    const g = ensureGraph();
    if (g.getElementById(id).nonempty()) return;
    g.add({ group: 'edges', data: { id, source: from, target: to, gate, gateLabel: gate === 'none' ? '' : gate.replace('-', ' ') }, classes: gate === 'none' ? '' : 'gated' });
  };

  const relayout = (fit: boolean): void => {
    const g = ensureGraph();
    const pos = columnLayout(columns, order);
    g.batch(() => g.nodes().forEach((n) => {
      n.position(pos.get(n.id()) ?? { x: 0, y: 0 });
    }));
    if (fit) g.fit(undefined, 60);
  };

  async function expand(name: string): Promise<void> {
    let nb: NeighboursResponse;
    try {
      nb = await api.neighbours(name);
    } catch (err) {
      showError(`Could not load the neighbours of ${name}`, err, 'neighbours');
      return;
    }
    if (disposed) return;
    const g = ensureGraph();
    const col = columns.get(name) ?? 0;
    g.batch(() => {
      place(name, nb.kind, col);
      for (const u of nb.upstream) {
        place(u.name, u.kind, col - 1);
        addEdge(u.name, name, u.gate);
      }
      for (const d of nb.downstream) {
        place(d.name, d.kind, col + 1);
        addEdge(name, d.name, d.gate);
      }
      expanded.add(name);
      g.getElementById(name).addClass('expanded');
    });
    relayout(true);
    graphHost.dataset.nodes = String(g.nodes().length);
  }

  reset.addEventListener('click', () => {
    if (focus) go(`#/registry/${encodeURIComponent(focus)}`);
  });

  async function showNode(name: string): Promise<void> {
    ensureGraph().elements(':selected').unselect();
    cy?.getElementById(name).select();
    panel.replaceChildren(h('p.loading', `Loading ${name}…`));
    try {
      const doc = await api.node(name);
      if (!disposed) panel.replaceChildren(nodePanel(doc, expanded.has(name), () => void expand(name)));
    } catch (err) {
      panel.replaceChildren(h('p.dim', `${name} could not be loaded.`));
      showError(`Could not load ${name}`, err, 'node');
    }
  }

  if (focus) {
    void expand(focus).then(() => {
      void showNode(focus);
      document.body.dataset.ready = 'true';
    });
  } else {
    panel.replaceChildren(h('div.panel-body.start', h('h2', 'Explore the registry'), h('p', 'Search a node on the left. It appears with its direct neighbours; click any neighbour to expand one more hop.'), h('p', 'From any node, run a what-if: who would be hit if it produced a bad output now?')));
    graphHost.replaceChildren(h('div.graph-empty', 'Pick a node to start.'));
    document.body.dataset.ready = 'true';
  }

  return () => {
    disposed = true;
    cy?.destroy();
  };
}

function regLegend(): HTMLElement {
  const item = (icon: SVGSVGElement, label: string) => h('li', icon, h('span', label));
  return h('div.legend', h('div.legend-body', h('ul',
    item(shapeIcon('Agent', COLOR.undecided, COLOR.undecidedBorder), 'Agent'),
    item(shapeIcon('System', COLOR.undecided, COLOR.undecidedBorder), 'System'),
    item(shapeIcon('Surface', COLOR.undecided, COLOR.undecidedBorder), 'Surface'),
    item(shapeIcon('Agent', COLOR.undecided, COLOR.undecidedBorder, 5), 'expanded'),
    item(shapeIcon('edge', 'none', COLOR.edge, 3, true), 'gated edge'))));
}

function nodePanel(doc: NodeDocument, isExpanded: boolean, expand: () => void): HTMLElement {
  const m = doc.metadata;
  const whatIf = h('button.primary.big', { type: 'button', id: 'what-if' }, 'What if it went bad now?');
  whatIf.addEventListener('click', () => go(`#/what-if/${encodeURIComponent(m.name)}`));
  const open = h('button', { type: 'button' }, 'Open an incident');
  open.addEventListener('click', () => go(`#/new?source=${encodeURIComponent(m.name)}`));
  const exp = h('button', { type: 'button', id: 'expand', disabled: isExpanded }, isExpanded ? 'Neighbours shown' : 'Expand neighbours');
  exp.addEventListener('click', expand);
  return h(
    'div.panel-body',
    { dataset: { name: m.name } },
    h('div.panel-kind', h(`span.kind-badge.${doc.kind.toLowerCase()}`, doc.kind)),
    h('h2.panel-title.mono', m.name),
    m.title ? h('div.panel-subtitle', m.title) : null,
    doc.spec.description ? h('p', doc.spec.description) : null,
    h('div.panel-actions', whatIf, open, exp),
    h(
      'dl.facts',
      h('dt', 'Owner'), h('dd', m.owner),
      h('dt', 'Contact'), h('dd', m.contact ?? h('span.dim', 'none registered')),
      doc.spec.actionClasses?.length ? [h('dt', 'Actions'), h('dd', doc.spec.actionClasses.join(', '))] : [],
      doc.spec.aliases?.length ? [h('dt', 'Aliases'), h('dd.mono', doc.spec.aliases.join(', '))] : [],
      m.labels && Object.keys(m.labels).length ? [h('dt', 'Labels'), h('dd.mono', Object.entries(m.labels).map(([k, v]) => `${k}=${v}`).join(' '))] : [],
    ),
    h('h3', `Consumes (${doc.spec.consumes.length})`),
    doc.spec.consumes.length
      ? h('ul.consumes', ...doc.spec.consumes.map((c) => h('li', h('a.mono', { href: `#/registry/${encodeURIComponent(c.from)}` }, c.from), h('span.dim.small', ` ${c.channel} · ${c.mode}${c.gate !== 'none' ? ` · gate: ${c.gate}` : ''}${c.delay ? ` · delay ${c.delay}` : ''}`))))
      : h('p.dim', 'Nothing: this node is a starting point.'),
  );
}

function renderRevisions(list: RevisionRecord[], current: number): HTMLElement {
  if (list.length === 0) return h('p.dim', 'No revisions yet.');
  const names = (label: string, cls: string, arr: string[]) =>
    arr.length ? h(`div.rev-names.${cls}`, h('span.rev-label', label), ...arr.slice(0, 12).map((n) => h('a.mono', { href: `#/registry/${encodeURIComponent(n)}` }, n)), arr.length > 12 ? h('span.dim', ` +${arr.length - 12} more`) : null) : null;
  return h(
    'ol.rev-list',
    ...[...list].reverse().map((r) =>
      h(
        `li${r.revision === current ? '.current' : ''}`,
        { dataset: { revision: String(r.revision) } },
        h('div.rev-head', h('strong', `r${r.revision}`), h('span', { title: clockTime(r.at) }, relativeTime(r.at)), h('span.dim', `by ${r.by}`)),
        h('div.rev-summary', r.summary),
        names('created', 'created', r.created),
        names('updated', 'updated', r.updated),
        names('deleted', 'deleted', r.deleted),
      ),
    ),
  );
}
