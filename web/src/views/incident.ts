// The incident view, the heart of the app: the blast radius as a graph (or a table), the numbers
// that matter, a side panel to decide each consumer, the containment plan, live updates, exports.
import type { Core } from 'cytoscape';
import type { Action, ContainmentPlan, Decision, Incident, IncidentStatus } from '../../../graph-schema/index.js';
import { actor } from '../actor.js';
import { api, ApiError } from '../api.js';
import { exportIncident, type ExportKind } from '../export.js';
import { createGraph, focusNode, type RendererName } from '../graph/cy.js';
import { paintState, radiusElements, setClass } from '../graph/elements.js';
import { IncidentModel, ACTION_LABEL } from '../model.js';
import { banner, dismiss, showError, toast } from '../ui/banner.js';
import { h } from '../ui/dom.js';
import { legend } from './legend.js';
import { consumerPanel } from './consumer-panel.js';
import { consumerTable, type ConsumerTable } from './consumer-table.js';
import { emptyFilters, filterBar, isFiltering, matches } from './filters.js';
import { renderProgress, renderStats, renderTitle } from './incident-header.js';
import { accuracyTab, historyTab } from './incident-tabs.js';
import { isTyping } from './incident-list.js';
import { plural } from './common.js';

type View = 'graph' | 'table' | 'history' | 'accuracy';

export interface IncidentDebug {
  cy?: Core;
  model?: IncidentModel;
  renderer?: RendererName;
  /** The WebGL the browser offers; software WebGL (SwiftShader) is not used by default. */
  webgl?: 'hardware' | 'software' | 'none';
  timings: Record<string, number>;
  live: 'connecting' | 'live' | 'reconnecting';
}
declare global {
  interface Window {
    __blastRadius?: IncidentDebug;
  }
}

export function mountIncident(root: HTMLElement, id: string): () => void {
  const t0 = performance.now();
  root.className = 'incident-page';
  const debug: IncidentDebug = { timings: {}, live: 'connecting' };
  window.__blastRadius = debug;

  let model: IncidentModel | undefined;
  let cy: Core | undefined;
  let view: View = 'graph';
  let selected: string | undefined;
  let plan: ContainmentPlan | undefined;
  let panelMode: 'consumer' | 'plan' = 'consumer';
  let es: EventSource | undefined;
  let disposed = false;
  const drafts = new Map<string, string>();
  const pending = new Map<string, Action>();
  const conflicts = new Map<string, string>();
  const filters = emptyFilters();

  // ---------- skeleton ----------
  const titleHost = h('div.inc-title-host', h('p.loading', 'Loading the incident…'));
  const metaHost = h('div.inc-meta-host');
  const liveDot = h('span.live.connecting', { id: 'live', title: 'Live updates from other commanders' }, 'connecting…');
  const statusHost = h('div.status-controls');
  const statsHost = h('div.stats-host');
  const progressHost = h('div.progress-host');
  const header = h('header.inc-head', h('div.inc-head-row', titleHost, h('span.spacer'), liveDot, statusHost), metaHost, h('div.inc-head-row', statsHost, progressHost));

  const tabs = (['graph', 'table', 'history', 'accuracy'] as View[]).map((v) => {
    const key = { graph: 'G', table: 'T', history: '', accuracy: '' }[v];
    const b = h('button.tab', { type: 'button', dataset: { view: v }, role: 'tab' }, v[0].toUpperCase() + v.slice(1), key ? h('kbd', key) : null);
    b.addEventListener('click', () => setView(v));
    return b;
  });
  const search = h('input', { id: 'search', type: 'search', placeholder: 'Find a consumer…  ( / )', autocomplete: 'off', spellcheck: false });
  const searchList = h('ul.search-list', { hidden: true });
  const planButton = h('button.plan-button', { type: 'button', id: 'plan-button', title: 'Show the fewest stops that protect every exposed surface (P)' }, 'Containment plan', h('kbd', 'P'));
  const exportMenu = h(
    'div.export',
    h('span.dim', 'Export'),
    ...(
      [
        ['png', 'PNG'],
        ['svg', 'SVG'],
        ['markdown', 'Report (.md)'],
        ['csv', 'Worklist (.csv)'],
      ] as [ExportKind, string][]
    ).map(([k, label]) => {
      const b = h('button.small', { type: 'button', id: `export-${k}`, title: `Download ${label}` }, label);
      b.addEventListener('click', () => model && void exportIncident(k, id, view === 'graph' ? cy : cy, model.incident.title));
      return b;
    }),
  );
  const toolbar = h('div.inc-toolbar', h('div.tabs', { role: 'tablist' }, ...tabs), h('div.search', search, searchList), planButton, h('span.spacer'), exportMenu);
  const filterHost = h('div.filter-host');

  const graphHost = h('div.graph-host', { id: 'graph' });
  const graphWrap = h('div.graph-wrap', h('div.graph-canvas', graphHost, h('div.graph-tools', fitButton())), legend());
  const table: ConsumerTable = consumerTable((name) => select(name, { center: false }));
  const tableWrap = h('div.table-wrap', table.el);
  const historyHost = h('div.tab-page');
  const accuracyHost = h('div.tab-page');
  const mainHost = h('div.inc-main', graphWrap, tableWrap, historyHost, accuracyHost);
  const panel = h('aside.inc-panel', { id: 'panel', 'aria-live': 'polite' });
  const keysBar = h(
    'div.keys',
    ...(
      [
        ['S', 'stop'],
        ['C', 'correct'],
        ['N', 'notify'],
        ['J', 'next undecided'],
        ['K', 'previous'],
        ['E', 'note'],
        ['/', 'find'],
        ['G', 'graph'],
        ['T', 'table'],
        ['P', 'plan'],
        ['F', 'fit'],
      ] as const
    ).map(([k, label]) => h('span', h('kbd', k), ` ${label}`)),
  );
  root.append(header, toolbar, filterHost, h('div.inc-body', mainHost, panel), keysBar);

  function fitButton(): HTMLElement {
    const b = h('button.small', { type: 'button', title: 'Fit the whole graph (F)' }, 'Fit');
    b.addEventListener('click', () => cy?.fit(undefined, 48));
    return b;
  }

  // ---------- rendering ----------
  const renderHeader = (): void => {
    if (!model) return;
    const [title, meta] = renderTitle(model);
    titleHost.replaceChildren(title);
    metaHost.replaceChildren(meta);
    statsHost.replaceChildren(renderStats(model));
    progressHost.replaceChildren(renderProgress(model));
    renderStatusControls();
  };

  const renderStatusControls = (): void => {
    if (!model) return;
    const status = model.incident.status;
    const next: [IncidentStatus, string][] =
      status === 'open' ? [['contained', 'Mark contained'], ['resolved', 'Mark resolved']] : status === 'contained' ? [['resolved', 'Mark resolved'], ['open', 'Reopen']] : [['open', 'Reopen']];
    statusHost.replaceChildren(
      ...next.map(([s, label]) => {
        const b = h('button.small', { type: 'button', dataset: { status: s }, class: s === 'contained' && model!.progress.surfacesExposed === 0 ? 'primary' : '' }, label);
        b.addEventListener('click', () => void setStatus(s));
        return b;
      }),
    );
  };

  const renderPanel = (): void => {
    if (!model) return;
    if (panelMode === 'plan' && plan) {
      panel.replaceChildren(planPanel(plan));
      return;
    }
    const c = selected ? model.consumers.get(selected) : undefined;
    if (c) {
      panel.replaceChildren(
        consumerPanel({
          consumer: c,
          draft: drafts.get(c.name) ?? '',
          pending: pending.get(c.name) ?? null,
          conflict: conflicts.get(c.name),
          onDecide: (a) => void decide(a),
          onDraft: (t) => (t ? drafts.set(c.name, t) : drafts.delete(c.name)),
          onSelect: (n) => select(n, { center: true }),
          onNext: () => walk(1),
          onClose: () => select(undefined),
        }),
      );
    } else if (selected === model.incident.source) {
      panel.replaceChildren(sourcePanel());
    } else {
      panel.replaceChildren(startPanel());
    }
  };

  const sourcePanel = (): HTMLElement => {
    const i = model!.incident;
    return h(
      'div.panel-body',
      h('div.panel-kind', h(`span.kind-badge.${i.blastRadius.sourceKind.toLowerCase()}`, i.blastRadius.sourceKind), ' source'),
      h('h2.panel-title.mono', i.source),
      h('p', 'This node produced the bad output. Everything to its right received it, directly or through others.'),
      h('p', h('a', { href: `#/registry/${encodeURIComponent(i.source)}` }, 'Open it in the registry')),
    );
  };

  const startPanel = (): HTMLElement => {
    const p = model!.progress;
    return h(
      'div.panel-body.start',
      h('h2', p.undecided === 0 ? 'Every consumer is decided' : 'Where to start'),
      h(
        'ol.steps',
        h('li', 'Press ', h('kbd', 'P'), ' for the containment plan: the fewest stops that protect every exposed surface. Apply it in one click.'),
        h('li', 'Press ', h('kbd', 'J'), ' to walk the undecided consumers, earliest arrival first; ', h('kbd', 'S'), ' ', h('kbd', 'C'), ' ', h('kbd', 'N'), ' decide.'),
        h('li', 'Or click any node in the graph (or row in the table).'),
      ),
      p.undecided > 0 ? (() => {
        const b = h('button.primary.big', { type: 'button', id: 'start-walk' }, `Start with the first undecided `, h('kbd', 'J'));
        b.addEventListener('click', () => walk(1));
        return b;
      })() : null,
    );
  };

  const planPanel = (pl: ContainmentPlan): HTMLElement => {
    const close = h('button.panel-close', { type: 'button', title: 'Close the plan (Esc)' }, '×');
    close.addEventListener('click', () => clearPlan());
    const undecidedStops = pl.stops.filter((s) => model!.consumers.get(s.name)?.decision?.action !== 'stop');
    const apply = h('button.primary.big', { type: 'button', id: 'apply-plan', disabled: undecidedStops.length === 0 }, undecidedStops.length ? `Apply plan: stop ${plural(undecidedStops.length, 'consumer')}` : 'Plan already applied');
    apply.addEventListener('click', () => void applyPlan(apply));
    const summary =
      pl.exposedSurfacesBefore.length === 0
        ? 'No surface is exposed: nothing to stop.'
        : pl.stops.length === 0
          ? 'No stop can protect the exposed surfaces.'
          : `Stop ${pl.stops.map((s) => s.name).join(' and ')} and ${pl.feasible ? 'no surface stays exposed' : `${plural(pl.exposedSurfacesBefore.length - pl.unprotectable.length, 'surface')} are protected`}.`;
    return h(
      'div.panel-body.plan',
      { id: 'plan-panel' },
      close,
      h('h2', 'Containment plan'),
      h('p.plan-summary', summary),
      !pl.feasible && pl.unprotectable.length
        ? h('div.panel-conflict', h('strong', `${plural(pl.unprotectable.length, 'surface')} cannot be protected by a stop`), ' (fed directly by the source): notify them now. ', h('span.mono', pl.unprotectable.join(', ')))
        : null,
      h(
        'ol.plan-steps',
        ...pl.stops.map((s) => {
          const done = model!.consumers.get(s.name)?.decision?.action === 'stop';
          const name = h('button.link.mono.strong', { type: 'button' }, s.name);
          name.addEventListener('click', () => {
            panelMode = 'consumer';
            select(s.name, { center: true });
          });
          return h('li', { dataset: { name: s.name } }, h('div', done ? h('span.tag.stop', 'stopped') : h('span.tag.plan', 'stop'), ' ', name, h('span.dim', ` (${s.kind})`)), h('div.dim.small', s.reason), s.protects.length ? h('div.small', `protects ${s.protects.join(', ')}`) : null);
        }),
      ),
      pl.stops.length ? apply : null,
      h('p.dim.small', 'Planned stops are outlined in cyan on the graph.'),
    );
  };

  /** Dims what the filters hide, on the graph; the table shows only what matches. */
  const applyFilters = (): void => {
    if (!model) return;
    const active = isFiltering(filters);
    if (cy) {
      cy.batch(() => {
        cy!.nodes().forEach((n) => {
          const c = model!.consumers.get(n.id());
          setClass(n, 'dim', active && !!c && !matches(filters, c));
        });
        cy!.edges().forEach((e) => {
          setClass(e, 'dim', e.source().hasClass('dim') || e.target().hasClass('dim'));
        });
      });
    }
    table.setRows(model.incident.consumers.filter((c) => matches(filters, c)));
    filterHost.replaceChildren(filterBar(filters, model.incident.consumers, applyFilters));
  };

  /** After any state change: repaint what changed, everywhere. */
  const refresh = (): void => {
    if (!model) return;
    const changed = model.takeChanged();
    if (cy) paintState(cy, model.consumers, changed);
    renderHeader();
    renderPanel();
    applyFilters();
  };

  // ---------- actions ----------
  function select(name: string | undefined, options: { center?: boolean } = {}): void {
    selected = name;
    if (name) panelMode = 'consumer';
    if (cy) {
      if (name && options.center) focusNode(cy, name);
      else {
        cy.elements(':selected').unselect();
        if (name) cy.getElementById(name).select();
      }
    }
    table.setSelected(name, true);
    renderPanel();
  }

  function walk(step: 1 | -1): void {
    if (!model) return;
    const next = model.nextUndecided(selected, (c) => matches(filters, c), step) ?? model.nextUndecided(selected, undefined, step);
    if (!next) {
      toast(model.progress.undecided === 0 ? 'Every consumer is decided.' : 'No undecided consumer matches the filters.', 'ok');
      return;
    }
    select(next.name, { center: true });
  }

  async function decide(action: Action, name = selected): Promise<void> {
    if (!model) return;
    const c = name ? model.consumers.get(name) : undefined;
    if (!c || !name) {
      toast('Select a consumer first: click one, or press J for the next undecided.', 'warn');
      return;
    }
    if (pending.has(name)) return;
    const note = drafts.get(name)?.trim();
    pending.set(name, action);
    conflicts.delete(name);
    renderPanel();
    try {
      const d = await api.decide(id, name, { action, note: note || undefined, expectedVersion: c.decision?.version ?? 0 });
      pending.delete(name);
      drafts.delete(name);
      dismiss(`decide-${name}`);
      model.applyDecision(d);
      refresh();
      toast(`${name}: ${ACTION_LABEL[action].toLowerCase()} saved`, 'ok', 2000);
    } catch (err) {
      pending.delete(name);
      if (err instanceof ApiError && err.status === 409) {
        // Someone else decided first: show their decision, keep our note, let us decide again.
        try {
          model.reset(await api.incident(id));
        } catch {
          /* keep what we have; the banner below says what to do */
        }
        const now = model.consumers.get(name)?.decision;
        const msg = `Someone else changed ${name} while you were deciding${now ? `: it is now “${now.action}” by ${now.by}` : ''}. Your note is kept; review and decide again.`;
        conflicts.set(name, msg);
        banner('warn', `Not saved: ${name} was changed by someone else`, msg, { key: `decide-${name}` });
        refresh();
      } else {
        showError(`Your decision on ${name} was not saved`, err, `decide-${name}`);
        renderPanel();
      }
    }
  }

  async function setStatus(status: IncidentStatus): Promise<void> {
    if (!model) return;
    try {
      const inc = await api.setStatus(id, status);
      if (inc && Array.isArray(inc.consumers)) {
        model.reset(inc);
        refresh();
      } else {
        model.incident.status = status;
        renderHeader();
      }
      toast(`Incident marked ${status}`, 'ok');
    } catch (err) {
      showError(`Could not mark the incident ${status}`, err, 'status');
    }
  }

  async function showPlan(): Promise<void> {
    if (!model) return;
    planButton.disabled = true;
    try {
      plan = await api.containment(id);
      panelMode = 'plan';
      highlightPlan();
      renderPanel();
    } catch (err) {
      showError('Could not compute the containment plan', err, 'plan');
    } finally {
      planButton.disabled = false;
    }
  }

  function highlightPlan(): void {
    if (!cy) return;
    const names = new Set(plan?.stops.map((s) => s.name) ?? []);
    cy.batch(() => cy!.nodes().forEach((n) => {
      setClass(n, 'plan', names.has(n.id()));
    }));
  }

  function clearPlan(): void {
    plan = undefined;
    panelMode = 'consumer';
    highlightPlan();
    renderPanel();
  }

  async function applyPlan(button: HTMLButtonElement): Promise<void> {
    if (!model || !plan) return;
    button.disabled = true;
    button.textContent = 'Applying…';
    try {
      const { applied } = await api.applyContainment(id, 'containment plan');
      for (const d of applied) model.applyDecision(d);
      refresh();
      toast(`Plan applied: ${plural(applied.length, 'stop')}. ${plural(model.progress.surfacesExposed, 'surface')} still exposed.`, 'ok', 5000);
      try {
        model.reset(await api.incident(id));
        model.recomputeExposure();
        refresh();
      } catch {
        /* the local state is already right */
      }
      plan = undefined;
      panelMode = 'consumer';
      highlightPlan();
      renderPanel();
    } catch (err) {
      showError('The containment plan was not applied', err, 'plan');
      if (err instanceof ApiError && err.status === 409) {
        // someone decided a planned consumer meanwhile: show the new state and a fresh plan
        await reload();
        await showPlan();
        return;
      }
      button.disabled = false;
      button.textContent = 'Apply plan';
    }
  }

  function setView(v: View): void {
    view = v;
    tabs.forEach((t) => t.classList.toggle('active', t.dataset.view === v));
    graphWrap.hidden = v !== 'graph';
    tableWrap.hidden = v !== 'table';
    historyHost.hidden = v !== 'history';
    accuracyHost.hidden = v !== 'accuracy';
    filterHost.hidden = !(v === 'graph' || v === 'table');
    // The decision panel belongs to the graph and the table; the other tabs get the full width.
    panel.hidden = !(v === 'graph' || v === 'table');
    if (v === 'graph') cy?.resize();
    if (v === 'table') table.refresh();
    if (v === 'history') void historyTab(id, historyHost);
    if (v === 'accuracy') void accuracyTab(id, accuracyHost);
  }

  // ---------- search ----------
  let searchHits: string[] = [];
  const runSearch = (): void => {
    const q = search.value.trim().toLowerCase();
    if (!model || !q) {
      searchList.hidden = true;
      return;
    }
    const names = [model.incident.source, ...model.arrivalOrder];
    const starts = names.filter((n) => n.startsWith(q));
    const contains = names.filter((n) => !n.startsWith(q) && (n.includes(q) || (model!.consumers.get(n)?.owner ?? '').toLowerCase().includes(q) || (model!.consumers.get(n)?.title ?? '').toLowerCase().includes(q)));
    searchHits = [...starts, ...contains].slice(0, 8);
    searchList.replaceChildren(
      ...(searchHits.length
        ? searchHits.map((n) => {
            const li = h('li.search-item.mono', { dataset: { name: n } }, n);
            li.addEventListener('mousedown', (e) => {
              e.preventDefault();
              pickSearch(n);
            });
            return li;
          })
        : [h('li.dim', 'no consumer matches')]),
    );
    searchList.hidden = false;
  };
  const pickSearch = (name: string): void => {
    searchList.hidden = true;
    search.value = name;
    search.blur();
    if (view !== 'graph' && view !== 'table') setView('graph');
    select(name, { center: true });
  };
  search.addEventListener('input', runSearch);
  search.addEventListener('blur', () => setTimeout(() => (searchList.hidden = true), 120));
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && searchHits[0]) pickSearch(searchHits[0]);
    if (e.key === 'Escape') search.blur();
  });
  planButton.addEventListener('click', () => void showPlan());

  // ---------- keyboard ----------
  const onKey = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e) || !model) return;
    const k = e.key.toLowerCase();
    // History and Accuracy hide the consumer panel: a decision key there would act unseen.
    if ((view === 'history' || view === 'accuracy') && k !== 'g' && k !== 't') return;
    const acts: Record<string, Action> = { s: 'stop', c: 'correct', n: 'notify' };
    if (k in acts) void decide(acts[k]);
    else if (k === 'j') walk(1);
    else if (k === 'k') walk(-1);
    else if (k === '/') search.focus();
    else if (k === 'g') setView('graph');
    else if (k === 't') setView('table');
    else if (k === 'p') void showPlan();
    else if (k === 'f') cy?.fit(undefined, 48);
    else if (k === 'e') panel.querySelector<HTMLTextAreaElement>('#decision-note')?.focus();
    else if (k === 'escape') {
      if (panelMode === 'plan') clearPlan();
      else select(undefined);
    } else return;
    e.preventDefault();
  };
  document.addEventListener('keydown', onKey);

  // ---------- live ----------
  const setLive = (state: IncidentDebug['live']): void => {
    debug.live = state;
    liveDot.className = `live ${state}`;
    liveDot.textContent = state === 'live' ? '● live' : state === 'connecting' ? 'connecting…' : '○ reconnecting…';
  };
  const connect = (): void => {
    let hadError = false;
    es = new EventSource(api.eventsUrl(id));
    es.addEventListener('open', () => {
      setLive('live');
      if (hadError) void reload(); // catch up on what happened while we were away
      hadError = false;
    });
    es.addEventListener('error', () => {
      hadError = true;
      setLive('reconnecting');
    });
    es.addEventListener('decision', (ev) => {
      if (!model) return;
      let d: Decision;
      try {
        d = JSON.parse((ev as MessageEvent).data) as Decision;
      } catch {
        return;
      }
      if (!model.applyDecision(d)) return;
      refresh();
      if (d.by !== actor()) {
        toast(`${d.by} marked ${d.name} “${d.action}”`, 'info');
        flash(d.name);
      }
    });
    es.addEventListener('status', (ev) => {
      if (!model) return;
      try {
        const { status } = JSON.parse((ev as MessageEvent).data) as { status: IncidentStatus };
        if (status !== model.incident.status) {
          model.incident.status = status;
          renderHeader();
          toast(`Incident is now ${status}`, 'info');
        }
      } catch {
        /* ignore a malformed event */
      }
    });
    es.addEventListener('observations', () => {
      if (view === 'accuracy') void accuracyTab(id, accuracyHost);
    });
  };
  const flash = (name: string): void => {
    const n = cy?.getElementById(name);
    if (!n || n.empty()) return;
    n.addClass('flash');
    setTimeout(() => n.removeClass('flash'), 1800);
  };

  // ---------- load ----------
  const reload = async (): Promise<void> => {
    try {
      const inc = await api.incident(id);
      if (disposed || !model) return;
      model.reset(inc);
      refresh();
    } catch (err) {
      showError('Could not refresh the incident', err, 'load');
    }
  };

  const build = (incident: Incident): void => {
    model = new IncidentModel(incident);
    debug.model = model;
    const tFetched = performance.now();
    renderHeader();
    renderPanel();
    setView('graph');
    const elements = radiusElements(incident.blastRadius, incident.consumers);
    const tElements = performance.now();
    const g = createGraph({ container: graphHost, elements });
    cy = g.cy;
    debug.cy = cy;
    debug.renderer = g.renderer;
    debug.webgl = g.webgl;
    graphHost.dataset.renderer = g.renderer;
    cy.on('tap', 'node', (e) => select(e.target.id()));
    paintState(cy, model.consumers, null);
    model.takeChanged();
    applyFilters();
    const tGraph = performance.now();
    connect();
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const tPainted = performance.now();
        // mount: page load start -> this view mounted (on a fresh load: fetching and running the script)
        debug.timings = { mount: t0, fetch: tFetched - t0, elements: tElements - tFetched, graph: tGraph - tElements, render: tPainted - tGraph, firstPaint: tPainted - t0 };
        document.body.dataset.ready = 'true';
      }),
    );
  };

  api.incident(id).then(
    (incident) => {
      if (!disposed) build(incident);
    },
    (err) => {
      titleHost.replaceChildren(h('h1', 'Incident not loaded'));
      showError(err instanceof ApiError && err.status === 404 ? `There is no incident “${id}”` : 'Could not load the incident', err, 'load');
    },
  );

  return () => {
    disposed = true;
    es?.close();
    document.removeEventListener('keydown', onKey);
    cy?.destroy();
    if (window.__blastRadius === debug) delete window.__blastRadius;
  };
}
