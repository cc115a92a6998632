// The registry explorer. Left: search + node list, then the revision history. Centre: the
// neighbourhood of one node (its direct producers on the left, its consumers on the right),
// expanded one hop at a time on click and capped per expansion, so it never turns into a
// hairball. Right: the selected node's details, with the what-if as the main action.
// `#/registry/NAME?revision=N` shows the node and its neighbourhood as they were at revision N.
import type { Core, NodeSingular } from 'cytoscape';
import type { NodeDocument, RevisionRecord } from '../../../graph-schema/index.js';
import { durationSeconds, formatSeconds } from '../../../graph-schema/duration.js';
import { api, ApiError, type Neighbour, type NeighboursResponse } from '../api.js';
import { createGraph } from '../graph/cy.js';
import { COLOR } from '../graph/style.js';
import { go } from '../router.js';
import { banner, dismiss, showError } from '../ui/banner.js';
import { clockTime, debounce, h, relativeTime } from '../ui/dom.js';
import { plural, shapeIcon } from './common.js';
import '../styles/registry.css';

declare global {
  interface Window {
    /** The registry explorer's graph, for tests and debugging. */
    __registryCy?: Core;
  }
}

/** At most this many new neighbours per side and expansion; the rest sit behind a "+N more" node. */
export const NEIGHBOUR_CAP = 40;
/** Layout: gap between the columns, width of a sub-column, height of a row, rows per sub-column. */
const COLUMN_GAP = 300;
const SUBCOLUMN = 240;
const ROW = 84;
const MAX_ROWS = 10;

const enc = encodeURIComponent;

export const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.status === 404;

/** `#/registry/NAME?revision=N`: the link to a node, now or at a past revision. */
export function registryHref(name?: string, revision?: number): string {
  return `#/registry${name ? `/${enc(name)}` : ''}${revision !== undefined ? `?revision=${revision}` : ''}`;
}

function hashQuery(): URLSearchParams {
  return new URLSearchParams(location.hash.split('?')[1] ?? '');
}

// ---------------------------------------------------------------------------------------------

interface Placed {
  col: number;
  parent?: string;
  seq: number;
}

export function mountRegistry(root: HTMLElement, focus: string | undefined): () => void {
  root.className = 'registry-page';
  const revParam = hashQuery().get('revision');
  const revision = revParam !== null && /^\d+$/.test(revParam) ? Number(revParam) : undefined;
  let disposed = false;
  let cy: Core | undefined;
  let selected: string | undefined;
  let seq = 0;
  let revisionsData: { current: number; revisions: RevisionRecord[] } | undefined;
  const placed = new Map<string, Placed>();
  const expanded = new Map<string, { upAll: boolean; downAll: boolean }>();
  const hidden = new Map<string, number>(); // "more" node id -> how many it stands for
  const nbCache = new Map<string, Promise<NeighboursResponse>>();
  const docCache = new Map<string, Promise<NodeDocument>>();

  // ---------- left: search + node list, revision history ----------
  const search = h('input', {
    id: 'registry-search',
    type: 'search',
    placeholder: 'Find: name, title or alias',
    autocomplete: 'off',
    spellcheck: false,
    'aria-label': 'Find a node by name, title or alias',
  });
  const listCount = h('span.rg-count', { id: 'registry-count' });
  const results = h('nav.rg-list', { id: 'registry-results', 'aria-label': 'Nodes' }, h('p.loading', 'Loading nodes…'));
  const revCount = h('span.rg-count');
  const revisionsHost = h('div.rg-revisions', { id: 'revisions' }, h('p.loading', 'Loading revisions…'));
  const left = h(
    'section.rg-left',
    h('div.rg-section-head', h('h2', 'Registry'), listCount),
    search,
    results,
    h('div.rg-section-head.rg-rev-head', h('h3', 'Revision history'), revCount),
    revisionsHost,
  );

  // ---------- centre: the neighbourhood ----------
  const graphHost = h('div.graph-host', { id: 'graph' });
  const graphMessage = h('div.rg-graph-message', { id: 'graph-message', hidden: true });
  const title = h('div.rg-title', { id: 'registry-title' });
  const shownCount = h('span.rg-shown', { id: 'registry-shown' });
  const fitButton = h('button.small', { type: 'button', id: 'registry-fit', title: 'Fit the whole neighbourhood into view' }, 'Fit');
  const reset = h('button.small', { type: 'button', id: 'registry-reset', title: 'Back to the node and its direct neighbours only' }, 'Collapse all');
  const showAll = h('button.small', { type: 'button', id: 'registry-show-all', hidden: true, title: 'Show every neighbour that was left out to keep the graph readable' }, 'Show all');
  const toolbar = h('div.rg-toolbar', title, h('span.spacer'), shownCount, showAll, fitButton, reset);
  const historical = h('div.rg-historical', { id: 'registry-historical', hidden: true });
  const centre = h(
    'section.rg-centre',
    historical,
    toolbar,
    h('div.rg-canvas', graphHost, graphMessage),
    registryLegend(),
  );

  // ---------- right: details ----------
  const panel = h('aside.inc-panel.rg-panel', { id: 'panel' });
  root.append(left, centre, panel);

  const revisionLabel = (r: number) => `revision ${r}`;
  const ready = (): void => {
    void firstList.then(() => {
      if (!disposed) document.body.dataset.ready = 'true';
    });
  };

  // ---------- search ----------
  let searchCtrl: AbortController | undefined;
  const LIST_LIMIT = 500;
  const searchNow = async (): Promise<void> => {
    searchCtrl?.abort();
    searchCtrl = new AbortController();
    const q = search.value.trim().toLowerCase();
    try {
      const { nodes } = await api.nodes(q || undefined, LIST_LIMIT, searchCtrl.signal);
      if (disposed) return;
      dismiss('registry-search');
      results.replaceChildren(...nodes.map((d) => nodeRow(d, q, d.metadata.name === focus)));
      if (nodes.length === 0) {
        results.append(
          h('p.rg-empty', q ? `No node matches “${q}”. Try part of a name, a title or an alias (for example the name in your traces).` : 'The registry is empty: register nodes with `blast-radius apply manifests/`.'),
        );
      }
      listCount.textContent = q ? `${plural(nodes.length, 'match', 'matches')}${nodes.length === LIST_LIMIT ? '+' : ''}` : `${plural(nodes.length, 'node')}${nodes.length === LIST_LIMIT ? '+' : ''}`;
      const cur = results.querySelector<HTMLElement>('.rg-row.current');
      if (cur) results.scrollTop = cur.offsetTop - results.clientHeight / 2;
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      results.replaceChildren(h('p.rg-empty', 'The node list could not be loaded.'));
      showError('Could not search the registry', err, 'registry-search');
    }
  };
  const runSearch = debounce(() => void searchNow(), 120);
  search.addEventListener('input', runSearch);
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') results.querySelector<HTMLAnchorElement>('a.rg-row')?.click();
    if (e.key === 'ArrowDown') {
      results.querySelector<HTMLAnchorElement>('a.rg-row')?.focus();
      e.preventDefault();
    }
  });
  results.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    if (!t.classList.contains('rg-row')) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = (e.key === 'ArrowDown' ? t.nextElementSibling : t.previousElementSibling) as HTMLElement | null;
      if (next?.classList.contains('rg-row')) next.focus();
      else if (e.key === 'ArrowUp') search.focus();
      e.preventDefault();
    }
  });
  const firstList = searchNow();

  // ---------- revisions ----------
  const renderRevisionList = (): void => {
    if (!revisionsData) return;
    const { revisions: list, current } = revisionsData;
    revCount.textContent = list.length ? `now at r${current}` : '';
    revisionsHost.replaceChildren(
      revisionList(list, current, revision ?? current, focus, (r) => {
        if (focus) go(registryHref(focus, r === current ? undefined : r));
        else {
          const rec = list.find((x) => x.revision === r);
          const first = rec?.updated[0] ?? rec?.created[0] ?? rec?.deleted[0];
          if (first) go(registryHref(first, rec?.deleted.includes(first) ? r - 1 : r === current ? undefined : r));
        }
      }),
    );
    const viewingLi = revisionsHost.querySelector<HTMLElement>('li.viewing');
    if (viewingLi && viewingLi.offsetTop + viewingLi.offsetHeight > revisionsHost.scrollTop + revisionsHost.clientHeight) {
      revisionsHost.scrollTop = viewingLi.offsetTop + viewingLi.offsetHeight - revisionsHost.clientHeight + 8;
    }
  };
  const revisionsLoaded = api.revisions().then(
    (data) => {
      if (disposed) return data;
      revisionsData = data;
      renderRevisionList();
      renderHistorical();
      return data;
    },
    (err) => {
      revisionsHost.replaceChildren(retryBox('The revision history could not be loaded.', () => go(location.hash)));
      showError('Could not load the revision history', err, 'revisions');
      return undefined;
    },
  );
  // a colleague's `blast-radius apply` shows up without a reload
  const poll = setInterval(async () => {
    try {
      const data = await api.revisions();
      if (disposed || !revisionsData || data.current === revisionsData.current) return;
      const seen = revisionsData.current;
      revisionsData = data;
      renderRevisionList();
      renderHistorical();
      if (revision === undefined && focus) showChanged(data.revisions.filter((r) => r.revision > seen));
    } catch {
      /* the next poll tries again; the first load already reported failures */
    }
  }, 20_000);

  /** Someone applied a change while this page was open: say so, and offer to redraw. */
  const showChanged = (news: RevisionRecord[]): void => {
    const last = news[news.length - 1];
    if (!last) return;
    const touched = news.some((r) => [...r.created, ...r.updated, ...r.deleted].some((n) => placed.has(n)));
    const reload = h('a.rg-back-now', { href: '#', id: 'registry-reload' }, 'Redraw with the latest graph');
    reload.addEventListener('click', (e) => {
      e.preventDefault();
      go(registryHref(focus));
    });
    historical.replaceChildren(
      h('span.rg-historical-tag', 'NEW'),
      h('span', `The registry changed: revision ${last.revision} by ${last.by} (${last.summary}).`, touched ? ' It touches nodes on this graph.' : ''),
      reload,
    );
    historical.hidden = false;
  };

  const renderHistorical = (): void => {
    if (revision === undefined) {
      historical.hidden = true;
      return;
    }
    const rec = revisionsData?.revisions.find((r) => r.revision === revision);
    const current = revisionsData?.current;
    if (current !== undefined && revision > current) {
      historical.hidden = true;
      return;
    }
    const back = h('a.rg-back-now', { href: registryHref(focus) }, 'Back to now');
    historical.replaceChildren(
      h('span.rg-historical-tag', 'PAST'),
      h(
        'span',
        `You are looking at the graph as it was at revision ${revision}`,
        rec ? ` (${relativeTime(rec.at)}, by ${rec.by})` : '',
        current !== undefined ? `; it is now at revision ${current}.` : '.',
      ),
      back,
    );
    historical.hidden = false;
  };
  renderHistorical();

  // ---------- graph ----------
  const loadNeighbours = (name: string): Promise<NeighboursResponse> => {
    let p = nbCache.get(name);
    if (!p) {
      p = api.neighbours(name, revision);
      nbCache.set(name, p);
      p.catch(() => nbCache.delete(name));
    }
    return p;
  };

  const loadDoc = (name: string): Promise<NodeDocument> => {
    let p = docCache.get(name);
    if (!p) {
      p = api.node(name, revision);
      docCache.set(name, p);
      p.catch(() => docCache.delete(name));
    }
    return p;
  };

  const ensureGraph = (): Core => {
    if (cy) return cy;
    const g = createGraph({ container: graphHost, elements: [], nodeCount: 0 }).cy;
    cy = g;
    addRegistryStyles(g);
    window.__registryCy = g;
    window.__blastRadius = { cy: g, timings: {}, live: 'live' };
    g.on('tap', 'node', (e) => {
      const n = e.target as NodeSingular;
      if (n.hasClass('more')) {
        void expand(n.data('of') as string, n.data('dir') as 'up' | 'down');
        return;
      }
      const name = n.id();
      void showNode(name);
      if (!expanded.has(name)) void expand(name);
    });
    g.on('mouseover', 'node', () => (graphHost.style.cursor = 'pointer'));
    g.on('mouseout', 'node', () => (graphHost.style.cursor = ''));
    return g;
  };

  const place = (name: string, kind: string, col: number, parent: string | undefined, extra: Record<string, unknown> = {}, classes = ''): void => {
    if (placed.has(name)) return;
    placed.set(name, { col, parent, seq: seq++ });
    ensureGraph().add({ group: 'nodes', data: { id: name, label: name, kind, decision: 'none', ...extra }, classes });
  };

  const addEdge = (from: string, to: string, gate: string, classes = ''): void => {
    const id = `${from}->${to}`;
    const g = ensureGraph();
    if (g.getElementById(id).nonempty()) return;
    const gateLabel = gate === 'human-review' ? 'human review' : gate === 'automated-check' ? 'auto check' : '';
    g.add({ group: 'edges', data: { id, source: from, target: to, gate, gateLabel }, classes: [gate !== 'none' ? 'gated' : '', classes].join(' ').trim() });
  };

  const removeNode = (id: string): void => {
    placed.delete(id);
    hidden.delete(id);
    cy?.getElementById(id).remove();
  };

  const relayout = (fit: boolean): void => {
    const g = ensureGraph();
    const previous = new Map(g.nodes().map((n) => [n.id(), { ...n.position() }] as [string, { x: number; y: number }]));
    const edges = g.edges().map((e) => [e.source().id(), e.target().id()] as [string, string]);
    const pos = neighbourhoodLayout(placed, edges, focus, previous);
    g.batch(() => g.nodes().forEach((n) => void n.position(pos.get(n.id()) ?? { x: 0, y: 0 })));
    if (fit) fitView();
    updateCounts();
  };

  const fitView = (): void => {
    const g = cy;
    if (!g || g.nodes().empty()) return;
    g.resize();
    g.fit(undefined, 50);
    if (g.zoom() > 1.4) {
      g.zoom(1.4);
      g.center();
    }
  };

  const updateCounts = (): void => {
    const g = cy;
    if (!g) return;
    const n = g.nodes().not('.more').length;
    const more = [...hidden.values()].reduce((a, b) => a + b, 0);
    showAll.hidden = more === 0;
    shownCount.replaceChildren(h('strong', plural(n, 'node')), ' shown', ...(more ? [h('span.rg-more-count', ` · ${more.toLocaleString()} more not shown`)] : []));
    shownCount.title = shownCount.textContent ?? '';
    graphHost.dataset.nodes = String(n);
  };

  /** Shows `name`'s producers and consumers: up to NEIGHBOUR_CAP new ones per side, or all of one side. */
  async function expand(name: string, all?: 'up' | 'down'): Promise<void> {
    let nb: NeighboursResponse;
    try {
      nb = await loadNeighbours(name);
    } catch (err) {
      if (!disposed) showError(`Could not load the neighbours of ${name}`, err, 'neighbours');
      return;
    }
    if (disposed) return;
    dismiss('neighbours');
    const g = ensureGraph();
    const st = expanded.get(name) ?? { upAll: false, downAll: false };
    if (all === 'up') st.upAll = true;
    if (all === 'down') st.downAll = true;
    expanded.set(name, st);
    if (!placed.has(name)) place(name, nb.kind, 0, undefined);
    const col = placed.get(name)!.col;
    g.batch(() => {
      side(name, nb.upstream, col - 1, 'up', st.upAll);
      side(name, nb.downstream, col + 1, 'down', st.downAll);
      g.getElementById(name).addClass('expanded');
    });
    relayout(true);
    if (selected === name) void showNode(name, { keepScroll: true });
  }

  function side(name: string, list: Neighbour[], col: number, dir: 'up' | 'down', all: boolean): void {
    const sorted = [...list].sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || (a.name < b.name ? -1 : 1));
    const already = sorted.filter((n) => placed.has(n.name));
    const fresh = sorted.filter((n) => !placed.has(n.name));
    const room = all ? fresh.length : Math.max(0, NEIGHBOUR_CAP - already.length);
    const show = fresh.slice(0, room);
    for (const n of show) place(n.name, n.kind, col, name, { owner: n.owner });
    for (const n of [...already, ...show]) {
      if (dir === 'up') addEdge(n.name, name, n.gate);
      else addEdge(name, n.name, n.gate);
    }
    const moreId = `more:${dir}:${name}`;
    removeNode(moreId);
    const rest = fresh.length - show.length;
    if (rest > 0) {
      const label = `+${rest.toLocaleString()} more ${dir === 'up' ? 'producers' : 'consumers'} (click to show)`;
      place(moreId, 'More', col, name, { label, of: name, dir, count: rest }, 'more');
      hidden.set(moreId, rest);
      addEdge(dir === 'up' ? moreId : name, dir === 'up' ? name : moreId, 'none', 'more-edge');
    }
  }

  const collapseAll = (): void => {
    if (!focus || !cy) return;
    cy.elements().remove();
    placed.clear();
    expanded.clear();
    hidden.clear();
    seq = 0;
    void expand(focus).then(() => {
      if (selected && placed.has(selected)) cy?.getElementById(selected).select();
      else void showNode(focus);
    });
  };
  reset.addEventListener('click', collapseAll);
  showAll.addEventListener('click', () => {
    const pending = cy ? cy.nodes('.more').map((m) => [m.data('of') as string, m.data('dir') as 'up' | 'down'] as const) : [];
    void pending.reduce((p, [of, dir]) => p.then(() => expand(of, dir)), Promise.resolve());
  });
  fitButton.addEventListener('click', fitView);

  // ---------- details ----------
  let panelToken = 0;
  async function showNode(name: string, options: { keepScroll?: boolean } = {}): Promise<void> {
    const token = ++panelToken;
    selected = name;
    if (cy) {
      cy.elements(':selected').unselect();
      cy.getElementById(name).select();
    }
    const scroll = panel.scrollTop;
    if (!options.keepScroll) panel.replaceChildren(h('p.loading.rg-pad', `Loading ${name}…`));
    try {
      const [doc, nb] = await Promise.all([loadDoc(name), loadNeighbours(name).catch(() => undefined)]);
      const [revs, now] = await Promise.all([
        revisionsLoaded,
        revision !== undefined ? api.node(name).catch((err: unknown) => (isNotFound(err) ? null : undefined)) : Promise.resolve(undefined),
      ]);
      if (disposed || token !== panelToken) return;
      dismiss('node');
      panel.replaceChildren(
        nodePanel(doc, {
          neighbours: nb,
          revision,
          revisions: revs?.revisions ?? [],
          now,
          isFocus: name === focus,
          onGraph: (n) => placed.has(n) && !n.startsWith('more:'),
          expandState: expanded.get(name),
          hiddenUp: hidden.get(`more:up:${name}`) ?? 0,
          hiddenDown: hidden.get(`more:down:${name}`) ?? 0,
          select: (n) => {
            if (placed.has(n)) {
              void showNode(n);
              if (!expanded.has(n)) void expand(n);
              else cy?.center(cy.getElementById(n));
            } else go(registryHref(n, revision));
          },
          expand: (dir) => void expand(name, dir),
        }),
      );
      if (options.keepScroll) panel.scrollTop = scroll;
    } catch (err) {
      if (disposed || token !== panelToken) return;
      if (isNotFound(err)) {
        panel.replaceChildren(h('div.panel-body', h('h2.panel-title.mono', name), h('p', revision !== undefined ? `${name} did not exist at revision ${revision}.` : `There is no node named ${name} any more: it was deleted.`)));
      } else {
        panel.replaceChildren(h('div.panel-body', h('h2.panel-title.mono', name), retryBox(`The details of ${name} could not be loaded.`, () => void showNode(name))));
        showError(`Could not load the details of ${name}`, err, 'node');
      }
    }
  }

  // ---------- start ----------
  const showGraphMessage = (content: HTMLElement): void => {
    graphMessage.replaceChildren(content);
    graphMessage.hidden = false;
  };

  if (focus) {
    title.replaceChildren(h('span.dim', 'Neighbourhood of '), h('strong.mono', focus), ...(revision !== undefined ? [h('span.dim', ` at ${revisionLabel(revision)}`)] : []));
    shownCount.textContent = 'Loading…';
    void (async () => {
      let nb: NeighboursResponse;
      try {
        nb = await loadNeighbours(focus);
      } catch (err) {
        if (disposed) return;
        reset.disabled = true;
        fitButton.disabled = true;
        shownCount.textContent = '';
        if (isNotFound(err) && revision === undefined) await showUnknown(focus);
        else if (isNotFound(err)) {
          const msg = h('div.rg-message', h('h2', `${focus} did not exist at revision ${revision}`), h('p', 'It was created later, or deleted before then. ', h('a', { href: registryHref(focus) }, `See ${focus} now`), ', or pick another revision on the left.'));
          showGraphMessage(msg);
          panel.replaceChildren(h('div.panel-body', h('h2.panel-title.mono', focus), h('p', `Not in the registry at revision ${revision}.`)));
        } else if (err instanceof ApiError && err.code === 'unknown_revision') {
          const what = `Revision ${revision} does not exist`;
          const todo = 'Pick a revision from the history on the left, or look at the graph as it is now.';
          showGraphMessage(h('div.rg-message', h('h2', what), h('p', err.message), h('p', todo), h('div.rg-message-actions', h('a', { href: registryHref(focus) }, `Show ${focus} now`))));
          panel.replaceChildren();
          banner('warn', what, h('div', h('div', err.message), h('div.hint', todo)), { key: 'neighbours' });
        } else {
          const what = `Could not load ${focus}`;
          showGraphMessage(h('div.rg-message', h('h2', what), h('p', err instanceof ApiError ? err.message : String(err)), h('p', err instanceof ApiError ? err.advice() : 'Try again; if it keeps failing, reload the page.'), h('div.rg-message-actions', retryButton(() => go(location.hash)), revision !== undefined ? h('a', { href: registryHref(focus) }, 'Show it now') : null)));
          panel.replaceChildren();
          showError(what, err, 'neighbours');
        }
        ready();
        return;
      }
      if (disposed) return;
      place(focus, nb.kind, 0, undefined, {}, 'source');
      await expand(focus);
      await showNode(focus);
      ready();
    })();
  } else {
    title.replaceChildren(h('span.dim', 'Pick a node to see its neighbourhood'));
    reset.disabled = true;
    fitButton.disabled = true;
    showGraphMessage(
      h('div.rg-message',
        h('h2', 'Pick a node on the left'),
        h('p', 'Search by name, title or alias. The node appears with what it consumes (left) and who consumes it (right); click any neighbour to show its neighbours too.')),
    );
    panel.replaceChildren(
      h('div.panel-body.start',
        h('h2', 'Explore the registry'),
        h('p', 'Find an agent, a system or a surface, see who owns it and what it is connected to.'),
        h('p', 'From any node, run a what-if: who would be hit if it produced a bad output now?'),
        h('p', 'The revision history on the left shows every change; click one to see the graph as it was.')),
    );
    search.focus();
    ready();
  }

  /** `#/registry/typo`: say so, offer close names, never a blank page. */
  async function showUnknown(name: string): Promise<void> {
    title.replaceChildren(h('span.dim', 'No node named '), h('strong.mono', name));
    const suggestions = h('ul.rg-suggestions', { id: 'registry-suggestions' });
    showGraphMessage(
      h('div.rg-message.rg-not-found', { id: 'not-found' },
        h('h2', `No node named “${name}”`),
        h('p', 'Nothing with that name is registered. Check the spelling, or search the registry on the left: it matches names, titles and aliases.'),
        suggestions),
    );
    panel.replaceChildren(h('div.panel-body', h('h2', 'Not found'), h('p', `“${name}” is not a registered node name. If it is a name from your traces, try it in the search: aliases match too.`)));
    search.focus();
    // deleted? then say when and by whom, and link to how it was
    const revs = await revisionsLoaded;
    const deletedIn = revs?.revisions.filter((r) => r.deleted.includes(name)).pop();
    if (deletedIn && !disposed) {
      suggestions.before(
        h('p.rg-deleted', { id: 'deleted-in' }, `It was deleted in revision ${deletedIn.revision} (${relativeTime(deletedIn.at)}, by ${deletedIn.by}). `,
          h('a', { href: registryHref(name, deletedIn.revision - 1) }, `See ${name} as it was before`)),
      );
    }
    try {
      const { nodes } = await api.nodes(undefined, 5000);
      const close = closeNames(name, nodes);
      if (!disposed && close.length) suggestions.replaceChildren(h('li.dim', 'Did you mean:'), ...close.map((d) => h('li', h('a.mono', { href: registryHref(d.metadata.name) }, d.metadata.name), d.metadata.title ? h('span.dim', ` ${d.metadata.title}`) : null)));
    } catch {
      /* suggestions are a bonus */
    }
  }

  return () => {
    disposed = true;
    clearInterval(poll);
    searchCtrl?.abort();
    if (window.__registryCy === cy) delete window.__registryCy;
    cy?.destroy();
  };
}

// ---------------------------------------------------------------------------------------------

const KIND_RANK: Record<string, number> = { Agent: 0, System: 1, Surface: 2, More: 9 };
const kindRank = (k: string): number => KIND_RANK[k] ?? 5;

/**
 * Columns relative to the focus (producers negative, consumers positive), laid out from the focus
 * outwards. The focus stays in the middle of its column at y = 0; in every other column a node sits
 * as close as it can to the mean height of the nodes it is linked to in the columns already placed
 * (its parent, else where its parent was last time), without overlapping its neighbours. A column
 * of more than MAX_ROWS wraps into sub-columns, staggered half a row so edges do not run through
 * the nodes in front.
 */
export function neighbourhoodLayout(
  placed: Map<string, Placed>,
  edges: [string, string][],
  focus: string | undefined,
  previous: Map<string, { x: number; y: number }> = new Map(),
): Map<string, { x: number; y: number }> {
  const cols = new Map<number, string[]>();
  for (const [name, p] of placed) {
    let list = cols.get(p.col);
    if (!list) cols.set(p.col, (list = []));
    list.push(name);
  }
  const links = new Map<string, string[]>();
  for (const [a, b] of edges) {
    (links.get(a) ?? links.set(a, []).get(a)!).push(b);
    (links.get(b) ?? links.set(b, []).get(b)!).push(a);
  }
  const subcols = (c: number): number => Math.max(1, Math.ceil((cols.get(c)?.length ?? 0) / MAX_ROWS));
  const width = (c: number): number => (subcols(c) - 1) * SUBCOLUMN;
  const left = new Map<number, number>([[0, -width(0) / 2]]);
  const keys = [...cols.keys()];
  const maxC = Math.max(0, ...keys);
  const minC = Math.min(0, ...keys);
  for (let c = 1; c <= maxC; c++) left.set(c, left.get(c - 1)! + width(c - 1) + COLUMN_GAP);
  for (let c = -1; c >= minC; c--) left.set(c, left.get(c + 1)! - COLUMN_GAP - width(c));

  const pos = new Map<string, { x: number; y: number }>();
  const order = [...cols.keys()].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
  for (const c of order) {
    const names = cols.get(c)!;
    const wanted = new Map<string, number>();
    for (const n of names) {
      const ys = (links.get(n) ?? []).map((m) => pos.get(m)?.y).filter((y): y is number => y !== undefined);
      const parent = placed.get(n)!.parent;
      wanted.set(n, ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : (parent ? (previous.get(parent)?.y ?? 0) : 0));
    }
    const sorted = names.filter((n) => n !== focus).sort((a, b) => wanted.get(a)! - wanted.get(b)! || placed.get(a)!.seq - placed.get(b)!.seq);
    const x0 = left.get(c)!;
    const sc = subcols(c);
    if (c === 0 && focus !== undefined && names.includes(focus)) {
      // the focus in the middle, the others split above and below it
      const half = Math.ceil(sorted.length / 2);
      sorted.splice(half, 0, focus);
    }
    if (sc === 1) {
      let ys: number[];
      if (c === 0 && focus !== undefined && names.includes(focus)) {
        const at = sorted.indexOf(focus);
        ys = sorted.map((_, i) => (i - at) * ROW);
      } else {
        // as close to the wanted heights as the row spacing allows, then centred on them
        ys = [];
        sorted.forEach((n, i) => ys.push(i === 0 ? wanted.get(n)! : Math.max(wanted.get(n)!, ys[i - 1] + ROW)));
        const shift = sorted.reduce((acc, n, i) => acc + wanted.get(n)! - ys[i], 0) / Math.max(1, sorted.length);
        ys = ys.map((y) => y + shift);
      }
      sorted.forEach((n, i) => pos.set(n, { x: x0, y: ys[i] }));
    } else {
      const rows = Math.ceil(sorted.length / sc);
      const centre = c === 0 ? 0 : sorted.reduce((acc, n) => acc + wanted.get(n)!, 0) / sorted.length;
      const top = centre - ((rows - 1) * ROW) / 2;
      sorted.forEach((n, i) => {
        const s = i % sc;
        pos.set(n, { x: x0 + s * SUBCOLUMN, y: top + Math.floor(i / sc) * ROW + (s % 2 ? ROW / 2 : 0) });
      });
    }
  }
  return pos;
}

function addRegistryStyles(cy: Core): void {
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

/** One compact row: kind icon, name, and the owner (or, for an alias hit, the alias that matched). */
function nodeRow(d: NodeDocument, q: string, current: boolean): HTMLElement {
  const name = d.metadata.name;
  const alias = q && !name.includes(q) ? (d.spec.aliases ?? []).find((a) => a.toLowerCase().includes(q)) : undefined;
  const titleHit = q && !name.includes(q) && !alias;
  return h(
    `a.rg-row${current ? '.current' : ''}`,
    {
      href: registryHref(name),
      dataset: { name, kind: d.kind },
      title: [`${name} (${d.kind})`, d.metadata.title, `owner: ${d.metadata.owner}`, d.spec.aliases?.length ? `aliases: ${d.spec.aliases.join(', ')}` : ''].filter(Boolean).join('\n'),
    },
    kindIcon(d.kind),
    h('span.rg-row-name.mono', name),
    alias
      ? h('span.rg-row-meta.rg-alias', `alias ${alias}`)
      : titleHit
        ? h('span.rg-row-meta', d.metadata.title ?? '')
        : h('span.rg-row-meta', d.metadata.owner),
  );
}

function kindIcon(kind: string): HTMLElement {
  return h('span.rg-kind', { title: kind, dataset: { kind } }, shapeIcon(kind, COLOR.undecided, kind === 'Agent' ? '#a5d0ff' : kind === 'System' ? '#f2cc60' : '#e2c5ff'));
}

function registryLegend(): HTMLElement {
  const item = (icon: SVGSVGElement, label: string) => h('li', icon, h('span', label));
  return h(
    'div.legend.rg-legend',
    { id: 'legend' },
    h('ul',
      item(shapeIcon('Agent', COLOR.undecided, COLOR.undecidedBorder), 'Agent'),
      item(shapeIcon('System', COLOR.undecided, COLOR.undecidedBorder), 'System'),
      item(shapeIcon('Surface', COLOR.undecided, COLOR.undecidedBorder), 'Surface'),
      item(shapeIcon('Agent', COLOR.source, '#ffffff'), 'start node'),
      item(shapeIcon('Agent', COLOR.undecided, COLOR.undecidedBorder, 5), 'expanded'),
      item(shapeIcon('edge', 'none', COLOR.edge, 3, true), 'gated (human review / auto check)')),
    h('span.spacer'),
    h('span.rg-direction', '← producers · consumers →  ·  click a node to expand it'),
  );
}

function delayText(iso: string): string {
  const s = durationSeconds(iso);
  return s === undefined ? iso : `~${formatSeconds(s)}`;
}

function retryButton(fn: () => void): HTMLElement {
  const b = h('button.small', { type: 'button' }, 'Try again');
  b.addEventListener('click', fn);
  return b;
}

function retryBox(text: string, fn: () => void): HTMLElement {
  return h('div.rg-retry', h('p', text), retryButton(fn));
}

/** Close names for a typo: shared prefix/substring first, then by edit distance. */
function closeNames(name: string, nodes: NodeDocument[]): NodeDocument[] {
  const q = name.toLowerCase();
  const scored = nodes.map((d) => {
    const n = d.metadata.name;
    const aliasHit = (d.spec.aliases ?? []).some((a) => a.toLowerCase() === q);
    const sub = n.includes(q) || q.includes(n) ? 0 : 1;
    return { d, score: aliasHit ? -1 : sub * 100 + editDistance(q, n) };
  });
  return scored
    .filter((s) => s.score < 100 || s.score - 100 <= Math.max(3, Math.floor(q.length / 3)))
    .sort((a, b) => a.score - b.score)
    .slice(0, 6)
    .map((s) => s.d);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

// ---------- the details panel ----------

interface PanelOptions {
  neighbours?: NeighboursResponse;
  revision?: number;
  revisions: RevisionRecord[];
  /** The node now, when showing a past revision: null when it has been deleted since. */
  now?: NodeDocument | null;
  isFocus: boolean;
  onGraph: (name: string) => boolean;
  expandState?: { upAll: boolean; downAll: boolean };
  hiddenUp: number;
  hiddenDown: number;
  select: (name: string) => void;
  expand: (dir?: 'up' | 'down') => void;
}

function nodePanel(doc: NodeDocument, o: PanelOptions): HTMLElement {
  const m = doc.metadata;
  const name = m.name;
  const whatIf = h('a.rg-whatif', { id: 'what-if', href: `#/what-if/${enc(name)}${o.revision !== undefined ? `?revision=${o.revision}` : ''}` },
    h('span.rg-whatif-main', 'What-if: blast radius from this node'),
    h('span.rg-whatif-sub', `Who would be hit if ${name} produced a bad output${o.revision !== undefined ? ` (graph at revision ${o.revision})` : ' now'}`));
  const open = h('a.rg-action', { id: 'open-incident-from-node', href: `#/new?source=${enc(name)}` }, 'Open an incident from this node');
  const explore = o.isFocus ? null : h('a.rg-action', { id: 'explore-from', href: registryHref(name, o.revision) }, 'Explore from here');
  const expandBtn = !o.expandState ? h('button.small', { type: 'button', id: 'expand' }, 'Show its neighbours') : null;
  expandBtn?.addEventListener('click', () => o.expand());

  const contact = m.contact
    ? m.contact.includes('@') && !m.contact.startsWith('@')
      ? h('a', { href: `mailto:${m.contact}` }, m.contact)
      : h('span', m.contact)
    : h('span.dim', 'none registered: ask the owner for an on-call address');

  const nb = o.neighbours;
  const edgeList = (list: Neighbour[] | undefined, fallback: { name: string; gate: string; channel: string; mode: string; kind?: string; owner?: string; delay?: string }[], id: string) => {
    const items = list ?? fallback;
    if (items.length === 0) return h('p.dim.rg-none', { id }, id === 'consumes-list' ? 'Nothing: it consumes no registered node, so it is a starting point.' : 'Nobody: no registered node consumes it.');
    return h(
      'ul.rg-edges',
      { id },
      ...items.map((n) => {
        const btn = h('button.link.mono', { type: 'button', title: o.onGraph(n.name) ? 'Show it on the graph' : 'Explore from it' }, n.name);
        btn.addEventListener('click', () => o.select(n.name));
        return h(
          'li',
          { dataset: { name: n.name, gate: n.gate } },
          n.kind ? kindIcon(n.kind) : null,
          btn,
          h('span.rg-edge-meta', `${n.channel} · ${n.mode}${'delay' in n && n.delay ? ` · ${delayText(n.delay)}` : ''}`),
          n.gate !== 'none' ? h('span.tag.gated', { title: 'A gate holds the output here until it passes' }, n.gate === 'human-review' ? 'human review' : 'auto check') : null,
        );
      }),
    );
  };
  const upFallback = doc.spec.consumes.map((c) => ({ name: c.from, gate: c.gate, channel: c.channel, mode: c.mode, delay: c.delay }));
  const downCount = nb?.downstream.length;

  const changes = revisionChips(name, o.revisions, o.revision);
  const since = o.revision !== undefined && o.now !== undefined ? sinceBlock(doc, o.now, o.revision) : null;

  const more = (dir: 'up' | 'down', n: number) => {
    if (!n) return null;
    const b = h('button.small.rg-show-all', { type: 'button', id: `show-all-${dir}` }, `${n.toLocaleString()} not on the graph: show all ${dir === 'up' ? 'producers' : 'consumers'}`);
    b.addEventListener('click', () => o.expand(dir));
    return b;
  };

  return h(
    'div.panel-body.rg-details',
    { dataset: { name, revision: o.revision !== undefined ? String(o.revision) : 'current' } },
    h('div.panel-kind', h(`span.kind-badge.${doc.kind.toLowerCase()}`, doc.kind), o.revision !== undefined ? h('span.rg-past-tag', { id: 'panel-revision' }, `as it was at revision ${o.revision}`) : null),
    h('h2.panel-title.mono', name),
    m.title ? h('div.panel-subtitle', m.title) : null,
    doc.spec.description ? h('p.rg-description', doc.spec.description) : null,
    whatIf,
    h('div.panel-actions', open, explore, expandBtn),
    h(
      'dl.facts',
      { id: 'node-facts' },
      h('dt', 'Owner'), h('dd', { dataset: { field: 'owner' } }, m.owner),
      h('dt', 'Contact'), h('dd', { dataset: { field: 'contact' } }, contact),
      doc.spec.aliases?.length ? [h('dt', 'Aliases'), h('dd.mono', { dataset: { field: 'aliases' } }, doc.spec.aliases.join(', '))] : [],
      doc.spec.actionClasses?.length ? [h('dt', 'Actions'), h('dd', doc.spec.actionClasses.join(', '))] : [],
      m.labels && Object.keys(m.labels).length ? [h('dt', 'Labels'), h('dd.mono', Object.entries(m.labels).map(([k, v]) => `${k}=${v}`).join(' '))] : [],
    ),
    since,
    h('h3', `Consumes from (${doc.spec.consumes.length})`),
    h('p.rg-hint', 'Producers whose outputs it takes in'),
    more('up', o.hiddenUp),
    edgeList(nb?.upstream.map((u) => ({ ...u, delay: doc.spec.consumes.find((c) => c.from === u.name)?.delay })), upFallback, 'consumes-list'),
    h('h3', `Consumed by (${downCount ?? '…'})`),
    h('p.rg-hint', 'Consumers that take in its outputs: a bad output goes here first'),
    more('down', o.hiddenDown),
    nb ? edgeList(nb.downstream, [], 'consumed-by-list') : h('p.dim', 'Could not load who consumes it: try selecting the node again.'),
    changes,
  );
}

/** Which revisions touched this node, each a link to the node as it was then. */
function revisionChips(name: string, revisions: RevisionRecord[], viewing: number | undefined): HTMLElement | null {
  const touched = revisions.filter((r) => r.created.includes(name) || r.updated.includes(name) || r.deleted.includes(name));
  if (touched.length === 0) return null;
  const current = revisions.length ? revisions[revisions.length - 1].revision : 0;
  return h(
    'div.rg-node-history',
    { id: 'node-history' },
    h('h3', 'Changes to this node'),
    h(
      'ul',
      ...[...touched].reverse().map((r) => {
        const what = r.created.includes(name) ? 'created' : r.deleted.includes(name) ? 'deleted' : 'updated';
        // a deleted node is shown as it was just before
        const target = what === 'deleted' ? r.revision - 1 : r.revision;
        return h(
          `li${viewing === target ? '.viewing' : ''}`,
          h('a', { href: registryHref(name, target === current ? undefined : target) }, `r${r.revision}`),
          h(`span.rg-change.${what}`, what),
          h('span.dim', { title: clockTime(r.at) }, ` ${relativeTime(r.at)} by ${r.by}`),
        );
      }),
    ),
  );
}

/** At a past revision: what is different now (or that it has been deleted since). */
function sinceBlock(then: NodeDocument, now: NodeDocument | null, revision: number): HTMLElement {
  if (now === null) return h('div.rg-since', { id: 'since' }, h('strong', 'Deleted since: '), `${then.metadata.name} is no longer in the registry.`);
  const diff = diffDocs(then, now);
  if (diff.length === 0) return h('div.rg-since', { id: 'since' }, h('strong', `Unchanged since revision ${revision}.`));
  return h(
    'div.rg-since',
    { id: 'since' },
    h('strong', `Changed since revision ${revision}:`),
    h('table.rg-diff', h('thead', h('tr', h('th', ''), h('th', `then (r${revision})`), h('th', 'now'))),
      h('tbody', ...diff.map((d) => h('tr', { dataset: { field: d.field } }, h('th', d.field), h('td.then', d.before || '—'), h('td.now', d.after || '—'))))),
  );
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** Field by field, in words a reviewer reads: owner, contact, …, and each consumes entry. */
export function diffDocs(a: NodeDocument, b: NodeDocument): FieldChange[] {
  const out: FieldChange[] = [];
  const cmp = (field: string, x: string | undefined, y: string | undefined) => {
    if ((x ?? '') !== (y ?? '')) out.push({ field, before: x ?? '', after: y ?? '' });
  };
  const labels = (l?: Record<string, string>) => Object.entries(l ?? {}).sort().map(([k, v]) => `${k}=${v}`).join(' ');
  cmp('kind', a.kind, b.kind);
  cmp('title', a.metadata.title, b.metadata.title);
  cmp('owner', a.metadata.owner, b.metadata.owner);
  cmp('contact', a.metadata.contact, b.metadata.contact);
  cmp('labels', labels(a.metadata.labels), labels(b.metadata.labels));
  cmp('description', a.spec.description, b.spec.description);
  cmp('aliases', (a.spec.aliases ?? []).join(', '), (b.spec.aliases ?? []).join(', '));
  cmp('actions', (a.spec.actionClasses ?? []).join(', '), (b.spec.actionClasses ?? []).join(', '));
  const edge = (c: NodeDocument['spec']['consumes'][number]) =>
    [c.channel, c.mode, c.gate === 'none' ? 'no gate' : `gate ${c.gate}`, c.delay ? `delay ${delayText(c.delay)}` : '', c.actionClasses?.length ? `actions ${c.actionClasses.join('/')}` : ''].filter(Boolean).join(' · ');
  const ea = new Map(a.spec.consumes.map((c) => [c.from, edge(c)]));
  const eb = new Map(b.spec.consumes.map((c) => [c.from, edge(c)]));
  for (const from of [...new Set([...ea.keys(), ...eb.keys()])].sort()) {
    const x = ea.get(from);
    const y = eb.get(from);
    if (x === y) continue;
    out.push({ field: `consumes ${from}`, before: x ?? 'not consumed', after: y ?? 'not consumed' });
  }
  return out;
}

// ---------- the revision history ----------

function revisionList(list: RevisionRecord[], current: number, viewing: number, focus: string | undefined, open: (r: number) => void): HTMLElement {
  if (list.length === 0) return h('p.rg-empty', 'No revisions yet: nothing has been applied.');
  const names = (label: string, cls: string, arr: string[], r: number) => {
    if (!arr.length) return null;
    const LIMIT = 8;
    const link = (n: string) => {
      // a deleted node is shown as it was just before its deletion
      const at = cls === 'deleted' ? r - 1 : r;
      const a = h(`a.mono${n === focus ? '.rg-focus-name' : ''}`, { href: registryHref(n, at === current ? undefined : at) }, n);
      a.addEventListener('click', (e) => e.stopPropagation());
      return a;
    };
    const box = h(`div.rg-rev-names.${cls}`, h('span.rev-label', `${label} ${arr.length}`), ...arr.slice(0, LIMIT).map(link));
    if (arr.length > LIMIT) {
      const moreBtn = h('button.link.small', { type: 'button' }, `+${arr.length - LIMIT} more`);
      moreBtn.addEventListener('click', (e) => {
        e.stopPropagation();
        moreBtn.replaceWith(...arr.slice(LIMIT).map(link));
      });
      box.append(moreBtn);
    }
    return box;
  };
  return h(
    'ol.rg-rev-list',
    ...[...list].reverse().map((r) => {
      const touchesFocus = !!focus && (r.created.includes(focus) || r.updated.includes(focus) || r.deleted.includes(focus));
      const li = h(
        `li${r.revision === viewing ? '.viewing' : ''}${r.revision === current ? '.current' : ''}`,
        {
          dataset: { revision: String(r.revision) },
          tabindex: '0',
          role: 'button',
          title: focus ? `Show ${focus} as it was at revision ${r.revision}` : `Show the graph as it was at revision ${r.revision}`,
        },
        h('div.rg-rev-top',
          h('strong', `r${r.revision}`),
          h('span', { title: clockTime(r.at) }, relativeTime(r.at)),
          h('span.dim.rg-rev-by', `by ${r.by}`),
          r.revision === current ? h('span.rg-now-tag', 'now') : null,
          r.revision === viewing && r.revision !== current ? h('span.rg-past-tag', 'viewing') : null),
        h('div.rg-rev-summary', r.summary),
        touchesFocus ? h('div.rg-rev-touch', `${r.created.includes(focus!) ? 'created' : r.deleted.includes(focus!) ? 'deleted' : 'changed'} ${focus}`) : null,
        names('created', 'created', r.created, r.revision),
        names('updated', 'updated', r.updated, r.revision),
        names('deleted', 'deleted', r.deleted, r.revision),
      );
      li.addEventListener('click', (e) => {
        if ((e.target as HTMLElement).closest('a,button')) return;
        open(r.revision);
      });
      li.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && e.target === li) open(r.revision);
      });
      return li;
    }),
  );
}
