// The incident page (journey 2): the header first, then the consumers page by page, the graph
// (aggregated when big) or the table, one side panel for the current consumer, the checked
// ones, the source or the plan; live updates; state kept in the address. The parts live next
// to this file: store, load, url-state, table, graph-view, panels, flows, keys, live.
import type { ContainmentPlan, IncidentStatus, NodeKind, SourceStep } from '../../../../graph-schema/index.js';
import { ApiError } from '../../api.js';
import { exportIncident } from '../../export.js';
import { h } from '../../ui/dom.js';
import { toast } from '../../ui/banner.js';
import { accuracyTab, historyTab } from '../incident-tabs.js';
import { Flows, type PageCtx } from './flows.js';
import { IncidentGraph } from './graph-view.js';
import { emptyRadius, renderClocks, renderMeta, renderStats, renderTitle } from './header.js';
import { bindKeys } from './keys.js';
import { connectLive, type LiveState } from './live.js';
import { loadConsumers, loadEdges, loadHeader } from './load.js';
import { notFoundPage } from './not-found.js';
import { notifyTab } from './notify-tab.js';
import { readError } from './notices.js';
import { filterBar, filterFacts, matches } from './filters.js';
import { renderPanel } from './panel.js';
import { skeleton } from './skeleton.js';
import { IncidentStore } from './store.js';
import { consumerTable } from './table.js';
import { Drafts, isFiltering, readState, writeState, type Tab } from './url-state.js';
import { countdown } from './words.js';
import '../../styles/incident.css';

export interface IncidentDebug {
  cy?: import('cytoscape').Core;
  store?: IncidentStore;
  renderer?: string;
  webgl?: 'hardware' | 'software' | 'none';
  graphMode?: 'full' | 'groups';
  timings: Record<string, number>;
  live: LiveState;
  accuracyCy?: import('cytoscape').Core;
}
declare global {
  interface Window {
    __blastRadius?: IncidentDebug;
  }
}

const isPhone = (): boolean => window.matchMedia('(max-width: 700px)').matches;

export function mountIncident(root: HTMLElement, id: string, query: URLSearchParams = new URLSearchParams()): () => void {
  const t0 = performance.now();
  root.className = 'incident-page';
  const debug: IncidentDebug = { timings: {}, live: 'connecting' };
  window.__blastRadius = debug;
  const sk = skeleton(root);
  const store = new IncidentStore(id);
  debug.store = store;
  const defaultTab: Tab = isPhone() ? 'table' : 'graph';
  const view = readState(query, defaultTab);
  const saveState = (): void => writeState(id, view, defaultTab);
  store.current = view.sel;
  const abort = new AbortController();
  let disposed = false;
  let stopLive: (() => void) | undefined;

  const ctx: PageCtx = {
    store,
    view,
    drafts: new Drafts(id),
    plan: undefined as ContainmentPlan | undefined,
    sourceStep: undefined as SourceStep | undefined,
    panelMode: 'auto',
    pending: new Map(),
    conflicts: new Map(),
    errors: new Map(),
    confirm: undefined,
    bulkConfirm: null,
    busy: false,
    graph: undefined as unknown as IncidentGraph,
    table: undefined as unknown as ReturnType<typeof consumerTable>,
    refresh: () => refresh(),
    renderPanel: () => paintPanel(),
    reloadAll: () => reloadAll(),
    setCurrent: (n, o) => setCurrent(n, o),
    setView: (t) => setView(t),
    sk,
  };
  const flows = new Flows(ctx);

  const table = consumerTable(store.checked, {
    onCurrent: (name) => setCurrent(name, { fromTable: true }),
    onChecked: () => paintPanel(),
    onSort: (key, asc) => {
      view.sort = key;
      view.asc = asc;
      saveState();
    },
  });
  table.setSort(view.sort, view.asc);
  sk.tableWrap.append(table.el);
  ctx.table = table;
  const graph = new IncidentGraph(sk.graphHost, store, {
    onSelect: (name) => (name === store.source ? flows.openSource() : setCurrent(name)),
    onTooBig: (depth: number, kind: NodeKind, count: number) => {
      view.filters.kinds = new Set([kind]);
      view.filters.maxDepth = depth;
      renderFilterBar();
      applyFilters();
      setView('table');
      toast(`${count.toLocaleString()} ${kind}s at depth ${depth}: too many to draw, listed in the table (filters: kind and depth).`, 'info', 6000);
    },
  });
  ctx.graph = graph;
  // the graph may be redrawn (groups growing with the pages): the handle follows it
  Object.defineProperty(debug, 'cy', { get: () => graph.cy, configurable: true });
  sk.fitButton.addEventListener('click', () => graph.cy?.fit(undefined, 48));
  sk.planButton.addEventListener('click', () => void flows.showPlan());
  for (const [kind, b] of sk.exportButtons) b.addEventListener('click', () => void exportIncident(kind, id, graph.cy, store.header?.title ?? id));
  sk.tabs.forEach((t) => t.addEventListener('click', () => setView(t.dataset.view as Tab)));

  // ---------- rendering ----------
  const renderHeader = (): void => {
    const i = store.header;
    if (!i) return;
    sk.titleHost.replaceChildren(renderTitle(i));
    sk.metaHost.replaceChildren(renderMeta(i, () => flows.openSource()));
    sk.statsHost.replaceChildren(renderStats(i, store.list.length));
    sk.clocksHost.replaceChildren(...[renderClocks(i.clocks)].filter((x): x is HTMLElement => !!x));
    const next: [IncidentStatus, string][] = i.status === 'open' ? [['contained', 'Mark contained'], ['resolved', 'Mark resolved']] : i.status === 'contained' ? [['resolved', 'Mark resolved'], ['open', 'Reopen']] : [['open', 'Reopen']];
    sk.statusHost.replaceChildren(
      ...next.map(([s, label]) => {
        const b = h('button.small', { type: 'button', dataset: { status: s } }, label);
        b.addEventListener('click', () => void flows.setStatus(s));
        return b;
      }),
      h('span.action-error', { id: 'status-error' }),
    );
    document.title = `${i.title} · blast-radius`;
  };

  function paintPanel(): void {
    renderPanel(ctx, flows);
  }

  const renderFilterBar = (): void => {
    sk.filterHost.replaceChildren(filterBar(view.filters, filterFacts(store.list), (redraw) => {
      if (redraw) renderFilterBar();
      applyFilters();
      saveState();
    }));
  };

  const applyFilters = (): void => {
    const f = view.filters;
    const now = Date.now();
    table.setRows(isFiltering(f) ? store.list.filter((c) => matches(f, c, now)) : store.list);
    const cy = graph.cy;
    if (cy && graph.mode === 'full') {
      const active = isFiltering(f);
      cy.batch(() => {
        cy.nodes().forEach((n) => {
          const c = store.byName.get(n.id());
          const dim = active && !!c && !matches(f, c, now);
          if (n.hasClass('dim') !== dim) n.toggleClass('dim', dim);
        });
        cy.edges().forEach((e) => {
          const dim = e.source().hasClass('dim') || e.target().hasClass('dim');
          if (e.hasClass('dim') !== dim) e.toggleClass('dim', dim);
        });
      });
    }
  };

  function refresh(): void {
    graph.paint(store.takeChanged());
    renderHeader();
    paintPanel();
    applyFilters();
  }

  function setCurrent(name: string | undefined, o: { center?: boolean; fromTable?: boolean; focus?: boolean } = {}): void {
    store.current = name;
    view.sel = name;
    ctx.confirm = undefined;
    if (name) ctx.panelMode = 'auto';
    saveState();
    graph.select(name, o.center ?? false);
    if (!o.fromTable) table.setCurrent(name, { scroll: true, focus: o.focus && view.tab === 'table' });
    paintPanel();
  }

  function setView(t: Tab): void {
    view.tab = t;
    saveState();
    sk.tabs.forEach((b) => {
      b.classList.toggle('active', b.dataset.view === t);
      b.setAttribute('aria-selected', String(b.dataset.view === t));
    });
    sk.graphWrap.hidden = t !== 'graph';
    sk.tableWrap.hidden = t !== 'table';
    sk.historyHost.hidden = t !== 'history';
    sk.notifyHost.hidden = t !== 'notify';
    sk.accuracyHost.hidden = t !== 'accuracy';
    sk.filterHost.hidden = !(t === 'graph' || t === 'table');
    sk.panel.hidden = !(t === 'graph' || t === 'table');
    root.dataset.tab = t;
    if (t === 'graph') {
      if (!graph.cy && store.header) void drawGraph();
      graph.cy?.resize();
    }
    if (t === 'table') table.refresh();
    if (t === 'history') void historyTab(id, sk.historyHost);
    if (t === 'notify') void notifyTab(id, sk.notifyHost, () => store.header?.clocks ?? [], () => void flows.refreshHeader());
    if (t === 'accuracy') void accuracyTab(id, sk.accuracyHost);
  }

  // ---------- load ----------
  let drawing: Promise<void> | undefined;
  async function drawGraph(): Promise<void> {
    if (drawing) return drawing;
    drawing = (async () => {
      try {
        if (!IncidentGraph.aggregated(store.summary.total)) await loadEdges(store, abort.signal);
      } catch (err) {
        if (!disposed) sk.notice.replaceChildren(readError('the graph’s edges', err, () => void drawGraph()));
        drawing = undefined;
        return;
      }
      // a big radius is drawn in groups from the first page on (the counts grow as pages come)
      if (disposed || (!store.complete && !IncidentGraph.aggregated(store.summary.total))) {
        drawing = undefined;
        return;
      }
      const t = performance.now();
      graph.build();
      debug.renderer = graph.renderer;
      debug.webgl = graph.webgl;
      debug.graphMode = graph.mode;
      debug.timings.graph = performance.now() - t;
      if (ctx.plan) graph.mark('plan', ctx.plan.stops.map((s) => s.name));
      graph.select(store.current, false);
      applyFilters();
      store.takeChanged();
    })();
    return drawing;
  }

  const markReady = (): void => {
    if (document.body.dataset.ready === 'true') return;
    requestAnimationFrame(() => {
      debug.timings.ready = performance.now() - t0;
      document.body.dataset.ready = 'true';
    });
  };

  async function readConsumers(): Promise<void> {
    await loadConsumers(store, (first) => {
      if (disposed) return;
      if (first) {
        debug.timings.firstPage = performance.now() - t0;
        renderFilterBar();
        applyFilters();
        if (store.current) table.setCurrent(store.current, { scroll: true });
        paintPanel();
        // the plan (for its first step) after the first page: on a big radius it costs the server seconds
        void flows.loadSourceStep();
        if (view.tab === 'table') markReady();
        else if (view.tab === 'graph' && IncidentGraph.aggregated(store.summary.total)) void drawGraph().then(markReady);
        // more pages to come: the commander can start (j, the table) while the graph is drawn
        else if (!store.complete) markReady();
      } else {
        applyFilters();
        // the groups' counts follow the pages; a group someone expanded stays as it is
        if (graph.mode === 'groups' && graph.cy && !graph.hasExpanded()) graph.paintGroups();
      }
      renderHeader();
    }, abort.signal);
  }

  async function reloadAll(): Promise<void> {
    try {
      await loadHeader(store);
      await readConsumers();
      if (disposed) return;
      renderFilterBar();
      if (graph.cy && graph.mode === 'full') graph.paint(null);
      else if (graph.cy) graph.build();
      store.takeChanged();
      refresh();
    } catch (err) {
      if (!disposed && !(err instanceof DOMException)) sk.notice.replaceChildren(readError('the latest state of the incident', err, () => void reloadAll()));
    }
  }

  const start = async (): Promise<void> => {
    try {
      await loadHeader(store);
    } catch (err) {
      if (disposed) return;
      if (err instanceof ApiError && err.status === 404) {
        notFoundPage(root, id);
        return;
      }
      sk.titleHost.replaceChildren(h('h1', 'Incident not loaded'));
      sk.notice.replaceChildren(readError('the incident', err, () => location.reload()));
      document.body.dataset.ready = 'true';
      return;
    }
    if (disposed) return;
    debug.timings.header = performance.now() - t0;
    renderHeader();
    setView(view.tab);
    paintPanel();
    stopLive = connectLive(id, {
      onEntry: (e) => flows.onLiveEntry(e),
      onStatus: (s) => {
        if (store.header.status === s) return;
        store.header = { ...store.header, status: s };
        renderHeader();
        toast(`Incident is now ${s}`, 'info');
      },
      onObservations: () => {
        if (view.tab === 'accuracy') void accuracyTab(id, sk.accuracyHost);
        void flows.refreshHeader();
      },
      onCommunication: () => {
        void flows.refreshHeader();
        if (view.tab === 'notify') void notifyTab(id, sk.notifyHost, () => store.header?.clocks ?? [], () => void flows.refreshHeader());
      },
      onReconnected: () => void flows.refreshHeader(true),
      onState: (s) => {
        debug.live = s;
        sk.liveDot.className = `live ${s}`;
        sk.liveDot.textContent = s === 'live' ? '● live' : s === 'connecting' ? 'connecting…' : '○ reconnecting…';
      },
    });
    try {
      await readConsumers();
    } catch (err) {
      if (!disposed && !(err instanceof DOMException)) sk.notice.replaceChildren(readError('the consumers', err, () => void reloadAll()));
      markReady();
      return;
    }
    if (disposed) return;
    debug.timings.consumers = performance.now() - t0;
    renderFilterBar();
    applyFilters();
    renderHeader();
    if (view.tab === 'graph') {
      if (graph.mode === 'groups' && graph.cy) {
        if (!graph.hasExpanded()) graph.build();
      } else await drawGraph();
    }
    if (store.current) setCurrent(store.current, { center: true });
    markReady();
  };
  void start();

  const unbindKeys = bindKeys(ctx, flows);
  // countdowns tick every second; what arrived meanwhile is repainted every 20 s
  let ticks = 0;
  const ticker = window.setInterval(() => {
    const now = Date.now();
    document.querySelectorAll<HTMLElement>('[data-countdown]').forEach((el) => (el.textContent = countdown(el.dataset.countdown!, now)));
    if (++ticks % 20 === 0 && store.header) void flows.refreshHeader();
  }, 1000);

  return () => {
    disposed = true;
    abort.abort();
    clearInterval(ticker);
    stopLive?.();
    unbindKeys();
    graph.destroy();
    if (window.__blastRadius === debug) delete window.__blastRadius;
  };
}

export { emptyRadius };
