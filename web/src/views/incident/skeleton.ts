// The incident page's fixed parts: header hosts (collapsible on a phone), tabs, search, the plan
// button, exports, the main area and the panel, the key bar.
import type { Tab } from './url-state.js';
import { h } from '../../ui/dom.js';
import { legend } from '../legend.js';
import type { ExportKind } from '../../export.js';

export interface Skeleton {
  titleHost: HTMLElement;
  metaHost: HTMLElement;
  liveDot: HTMLElement;
  statusHost: HTMLElement;
  statsHost: HTMLElement;
  clocksHost: HTMLElement;
  headToggle: HTMLButtonElement;
  header: HTMLElement;
  tabs: HTMLButtonElement[];
  search: HTMLInputElement;
  searchList: HTMLElement;
  planButton: HTMLButtonElement;
  exportButtons: Map<ExportKind, HTMLButtonElement>;
  filterHost: HTMLElement;
  graphHost: HTMLElement;
  graphWrap: HTMLElement;
  fitButton: HTMLButtonElement;
  tableWrap: HTMLElement;
  historyHost: HTMLElement;
  notifyHost: HTMLElement;
  accuracyHost: HTMLElement;
  mainHost: HTMLElement;
  notice: HTMLElement;
  panel: HTMLElement;
}

const TAB_KEY: Record<Tab, string> = { graph: 'G', table: 'T', notify: '', history: '', accuracy: '' };

export function skeleton(root: HTMLElement): Skeleton {
  const titleHost = h('div.inc-title-host', h('p.loading', 'Loading the incident…'));
  const metaHost = h('div.inc-meta-host');
  const liveDot = h('span.live.connecting', { id: 'live', title: 'Live updates from other commanders', role: 'status' }, 'connecting…');
  const statusHost = h('div.status-controls');
  const statsHost = h('div.stats-host');
  const clocksHost = h('div.clocks-host');
  const headToggle = h('button.small.head-toggle', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'inc-details' }, 'Details');
  const details = h('div.inc-details', { id: 'inc-details' }, metaHost, clocksHost);
  const header = h('header.inc-head', h('div.inc-head-row', titleHost, h('span.spacer'), liveDot, statusHost, headToggle), statsHost, details);
  headToggle.addEventListener('click', () => {
    const open = header.classList.toggle('expanded');
    headToggle.setAttribute('aria-expanded', String(open));
  });

  const tabs = (['graph', 'table', 'notify', 'history', 'accuracy'] as Tab[]).map((v) =>
    h('button.tab', { type: 'button', dataset: { view: v }, role: 'tab', 'aria-selected': 'false' }, v[0].toUpperCase() + v.slice(1), TAB_KEY[v] ? h('kbd', TAB_KEY[v]) : null),
  );
  const search = h('input', { id: 'search', type: 'search', placeholder: 'Find a consumer…  ( / )', 'aria-label': 'Find a consumer', autocomplete: 'off', spellcheck: false });
  const searchList = h('ul.search-list', { hidden: true, role: 'listbox', 'aria-label': 'Matching consumers' });
  const planButton = h('button.plan-button', { type: 'button', id: 'plan-button', title: 'The fewest stops that keep every savable surface from the output (P)' }, 'Containment plan', h('kbd', 'P'));
  const exportButtons = new Map<ExportKind, HTMLButtonElement>();
  const exportMenu = h(
    'div.export',
    { role: 'group', 'aria-label': 'Export' },
    h('span.dim', 'Export'),
    ...([['png', 'PNG'], ['svg', 'SVG'], ['markdown', 'Report (.md)'], ['csv', 'Worklist (.csv)']] as [ExportKind, string][]).map(([k, label]) => {
      const b = h('button.small', { type: 'button', id: `export-${k}`, title: `Download ${label}` }, label);
      exportButtons.set(k, b);
      return b;
    }),
  );
  const toolbar = h('div.inc-toolbar', h('div.tabs', { role: 'tablist', 'aria-label': 'Views' }, ...tabs), h('div.search', search, searchList), planButton, h('span.spacer'), exportMenu);
  const filterHost = h('div.filter-host');

  const graphHost = h('div.graph-host', { id: 'graph', role: 'img', 'aria-label': 'Blast radius graph: the same consumers as the table' });
  const fitButton = h('button.small', { type: 'button', title: 'Fit the whole graph (F)' }, 'Fit');
  const graphWrap = h('div.graph-wrap', h('div.graph-canvas', graphHost, h('div.graph-tools', fitButton)), legend());
  const tableWrap = h('div.table-wrap');
  const historyHost = h('div.tab-page');
  const notifyHost = h('div.tab-page');
  const accuracyHost = h('div.tab-page');
  const notice = h('div.main-notice');
  const mainHost = h('div.inc-main', notice, graphWrap, tableWrap, notifyHost, historyHost, accuracyHost);
  const panel = h('aside.inc-panel', { id: 'panel', 'aria-label': 'Decision panel' });
  const keys = h(
    'div.keys',
    { 'aria-label': 'Keyboard shortcuts' },
    ...([['S', 'stop'], ['C', 'correct'], ['N', 'notify'], ['J', 'next undecided'], ['K', 'previous'], ['Space', 'check'], ['E', 'note'], ['/', 'find'], ['G', 'graph'], ['T', 'table'], ['P', 'plan'], ['F', 'fit']] as const).map(([k, label]) => h('span', h('kbd', k), ` ${label}`)),
  );
  root.append(header, toolbar, filterHost, h('div.inc-body', mainHost, panel), keys);
  return { titleHost, metaHost, liveDot, statusHost, statsHost, clocksHost, headToggle, header, tabs, search, searchList, planButton, exportButtons, filterHost, graphHost, graphWrap, fitButton, tableWrap, historyHost, notifyHost, accuracyHost, mainHost, notice, panel };
}
