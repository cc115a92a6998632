// The consumers as a table, the commander's main tool for big radii: virtualised (only the rows
// on screen exist, so 50,000 rows scroll like 50), sortable, every row focusable and operated
// from the keyboard (arrows or j/k move, space checks, s/c/n decide), and checkable by click,
// shift-click (a range) or "all N shown" for one bulk decision.
import type { IncidentConsumer } from '../../../../graph-schema/index.js';
import { COLOR, DECISION_FILL } from '../../graph/style.js';
import { h } from '../../ui/dom.js';
import { shapeIcon } from '../common.js';
import { byArrival } from './store.js';
import type { SortKey } from './url-state.js';
import { consumerState, STATE_RANK, stateKey, zonedTime } from './words.js';

interface Column {
  key: SortKey | 'check' | 'audience';
  label: string;
  width: string;
  /** Sortable by its header (by SORT_KEY[key]). */
  sortable?: boolean;
  cell: (c: IncidentConsumer, now: number) => Node | string;
}

const KIND_RANK = { Agent: 0, System: 1, Surface: 2 } as const;
const DECISION_SYMBOL: Record<string, string> = { stop: '■', correct: '✎', notify: '✉' };

export function decisionTag(c: IncidentConsumer): HTMLElement {
  return c.decision
    ? h('span', h(`span.tag.${c.decision.action}`, `${DECISION_SYMBOL[c.decision.action]} ${c.decision.action}${c.decision.actionClasses ? ' (partial)' : ''}`), h('span.dim', ` by ${c.decision.by}`))
    : h('span.tag.undecided', c.needsDecision ? '? to decide' : '– undecided');
}

export function stateTag(c: IncidentConsumer, now: number): HTMLElement {
  const s = consumerState(c, now);
  return h(`span.tag.state.st-${s.key}`, { title: s.detail }, `${s.symbol} ${s.short}`, s.exposed && s.key !== 'exposed' ? h('span.exposed-mark', { title: 'New bad outputs still get here' }, ' ▲') : null);
}

const COLUMNS: Column[] = [
  { key: 'check', label: '', width: '44px', cell: () => h('span.check', { 'aria-hidden': 'true' }) },
  {
    key: 'name', label: 'Consumer', width: 'minmax(180px, 1.5fr)', sortable: true,
    cell: (c) => h('span.name-cell', shapeIcon(c.kind, DECISION_FILL[c.decision?.action ?? 'none'], c.exposed || c.reached ? COLOR.exposed : '#8b949e', 2), h('span.mono', c.name)),
  },
  { key: 'state', label: 'State', width: 'minmax(170px, 1fr)', sortable: true, cell: (c, now) => stateTag(c, now) },
  { key: 'arrival', label: 'Arrival', width: '132px', sortable: true, cell: (c) => (c.arrival ? zonedTime(c.arrival) : c.held ? 'held' : '—') },
  { key: 'decision', label: 'Decision', width: 'minmax(150px, 1fr)', sortable: true, cell: (c) => decisionTag(c) },
  { key: 'kind', label: 'Kind', width: '80px', sortable: true, cell: (c) => c.kind },
  { key: 'depth', label: 'Depth', width: '64px', sortable: true, cell: (c) => String(c.depth) },
  { key: 'audience', label: 'Audience', width: '100px', cell: (c) => c.audience ?? '' },
  { key: 'owner', label: 'Owner', width: 'minmax(110px, 1fr)', sortable: true, cell: (c) => c.owner },
];

const SORT_KEY: Record<SortKey, (c: IncidentConsumer, now: number) => string | number> = {
  arrival: (c) => (c.arrival ? Date.parse(c.arrival) : Number.MAX_SAFE_INTEGER),
  state: (c, now) => STATE_RANK[stateKey(c, now)],
  name: (c) => c.name,
  kind: (c) => KIND_RANK[c.kind],
  depth: (c) => c.depth,
  decision: (c) => c.decision?.action ?? '~',
  owner: (c) => c.owner,
};

export const ROW = 40;

export interface TableEvents {
  /** The focused row changed (click, arrows, j/k). */
  onCurrent(name: string): void;
  /** The checked set changed. */
  onChecked(): void;
  onSort(key: SortKey, asc: boolean): void;
}

export interface ConsumerTable {
  el: HTMLElement;
  setRows(rows: IncidentConsumer[]): void;
  /** Marks the current row; `scroll` brings it into view; `focus` moves keyboard focus to it. */
  setCurrent(name: string | undefined, options?: { scroll?: boolean; focus?: boolean }): void;
  setSort(key: SortKey, asc: boolean): void;
  /** The rows shown, in order. */
  shown(): IncidentConsumer[];
  /** Moves the current row by `step` (keyboard). */
  move(step: number): void;
  hasFocus(): boolean;
  refresh(): void;
}

export function consumerTable(checked: Set<string>, ev: TableEvents): ConsumerTable {
  let sortKey: SortKey = 'arrival';
  let asc = true;
  let rows: IncidentConsumer[] = [];
  let sorted: IncidentConsumer[] = [];
  let current: string | undefined;
  let anchor: number | undefined;
  const template = COLUMNS.map((c) => c.width).join(' ');

  const allBox = h('input', { type: 'checkbox', id: 'check-all', 'aria-label': 'Check every consumer shown' });
  const head = h('div.vt-head', { role: 'row', 'aria-rowindex': '1', style: { gridTemplateColumns: template } });
  const spacer = h('div.vt-spacer');
  const body = h('div.vt-body', { role: 'rowgroup', tabindex: '-1' }, spacer);
  const count = h('div.vt-count', { id: 'table-count', 'aria-live': 'polite' });
  const selectShown = h('button.small', { type: 'button', id: 'check-shown' }, 'Check all shown');
  const clearChecked = h('button.small', { type: 'button', id: 'check-none' }, 'Uncheck all');
  const foot = h('div.vt-foot', count, h('span.spacer'), selectShown, clearChecked);
  const grid = h('div.vt-grid', { role: 'grid', 'aria-label': 'Consumers', 'aria-multiselectable': 'true' }, head, body);
  const el = h('div.vtable', { id: 'consumer-table' }, grid, foot);

  const checkAll = (on: boolean): void => {
    if (on) for (const c of sorted) checked.add(c.name);
    else checked.clear();
    ev.onChecked();
    renderRows();
  };
  allBox.addEventListener('change', () => checkAll(allBox.checked));
  selectShown.addEventListener('click', () => checkAll(true));
  clearChecked.addEventListener('click', () => checkAll(false));

  const renderHead = (): void => {
    head.replaceChildren(
      ...COLUMNS.map((col) => {
        if (col.key === 'check') return h('div.vt-th.vt-check', { role: 'columnheader' }, allBox);
        if (!col.sortable) return h('div.vt-th', { role: 'columnheader' }, h('span.vt-th-label', col.label));
        const sortedHere = col.key === sortKey;
        const btn = h('button.vt-sort', { type: 'button', dataset: { key: col.key }, title: `Sort by ${col.label.toLowerCase()}` }, col.label + (sortedHere ? (asc ? ' ▲' : ' ▼') : ''));
        btn.addEventListener('click', () => {
          if (sortKey === col.key) asc = !asc;
          else {
            sortKey = col.key as SortKey;
            asc = true;
          }
          ev.onSort(sortKey, asc);
          sort();
          renderHead();
          renderRows();
        });
        return h('div.vt-th', { role: 'columnheader', 'aria-sort': sortedHere ? (asc ? 'ascending' : 'descending') : 'none', dataset: { key: col.key } }, btn);
      }),
    );
  };

  // one key per row, computed once (50,000 rows sort in tens of milliseconds); rows come in
  // arrival order, so their index breaks ties by arrival
  const sort = (): void => {
    const dir = asc ? 1 : -1;
    if (sortKey === 'arrival' && rows.every((r, i) => i === 0 || byArrival(rows[i - 1], r) <= 0)) {
      sorted = asc ? rows : [...rows].reverse();
      return;
    }
    const now = Date.now();
    const keyOf = SORT_KEY[sortKey];
    const keyed = rows.map((c, i) => ({ c, k: keyOf(c, now), i }));
    keyed.sort((a, b) => dir * (a.k < b.k ? -1 : a.k > b.k ? 1 : 0) || a.i - b.i);
    sorted = keyed.map((x) => x.c);
  };

  const indexOf = (name: string | undefined): number => (name === undefined ? -1 : sorted.findIndex((c) => c.name === name));

  const toggle = (i: number, range: boolean): void => {
    const c = sorted[i];
    if (!c) return;
    if (range && anchor !== undefined) {
      const on = !checked.has(c.name) || checked.has(sorted[anchor]?.name ?? '');
      const [a, b] = anchor < i ? [anchor, i] : [i, anchor];
      for (let k = a; k <= b; k++) {
        if (on) checked.add(sorted[k].name);
        else checked.delete(sorted[k].name);
      }
    } else if (checked.has(c.name)) checked.delete(c.name);
    else checked.add(c.name);
    anchor = i;
    ev.onChecked();
    renderRows();
  };

  let frame = 0;
  const renderRows = (): void => {
    cancelAnimationFrame(frame);
    const hadFocus = el.contains(document.activeElement) && document.activeElement !== allBox && !head.contains(document.activeElement);
    spacer.style.height = `${sorted.length * ROW}px`;
    const top = body.scrollTop;
    const height = body.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW) - 6);
    const last = Math.min(sorted.length, Math.ceil((top + height) / ROW) + 6);
    const now = Date.now();
    const frag = document.createDocumentFragment();
    let focusRow: HTMLElement | undefined;
    const currentAt = indexOf(current);
    for (let i = first; i < last; i++) {
      const c = sorted[i];
      const isChecked = checked.has(c.name);
      const isCurrent = c.name === current;
      const row = h(
        `div.vt-row${isCurrent ? '.selected' : ''}${isChecked ? '.checked' : ''}${c.exposed ? '.is-exposed' : ''}`,
        {
          role: 'row',
          'aria-rowindex': String(i + 2),
          'aria-selected': String(isChecked),
          tabindex: isCurrent || (currentAt === -1 && i === first) ? '0' : '-1',
          dataset: { name: c.name, decision: c.decision?.action ?? 'none', index: String(i) },
          style: { top: `${i * ROW}px`, gridTemplateColumns: template },
        },
        ...COLUMNS.map((col) => h('div.vt-td', { role: 'gridcell' }, col.key === 'check' ? h('span.check', { 'aria-hidden': 'true' }, isChecked ? '☑' : '☐') : col.cell(c, now))),
      );
      if (isCurrent) focusRow = row;
      frag.append(row);
    }
    spacer.replaceChildren(frag);
    const n = sorted.length;
    count.textContent = `${n.toLocaleString()} consumer${n === 1 ? '' : 's'} shown${checked.size ? ` · ${checked.size.toLocaleString()} checked` : ''}`;
    selectShown.textContent = `Check all ${n.toLocaleString()} shown`;
    allBox.checked = n > 0 && checked.size >= n && sorted.every((c) => checked.has(c.name));
    if (hadFocus && focusRow) focusRow.focus({ preventScroll: true });
  };

  body.addEventListener('click', (e) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.vt-row');
    if (!row) return;
    const i = Number(row.dataset.index);
    if (e.shiftKey || (e.target as HTMLElement).closest('.vt-td:first-child') || e.ctrlKey || e.metaKey) {
      toggle(i, e.shiftKey);
      return;
    }
    anchor = i;
    current = sorted[i]?.name;
    ev.onCurrent(current!);
    renderRows();
  });
  body.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const i = indexOf(current);
    const k = e.key;
    if (k === 'ArrowDown' || k === 'j') api.move(1);
    else if (k === 'ArrowUp' || k === 'k') api.move(-1);
    else if (k === 'PageDown') api.move(Math.max(1, Math.floor(body.clientHeight / ROW) - 1));
    else if (k === 'PageUp') api.move(-Math.max(1, Math.floor(body.clientHeight / ROW) - 1));
    else if (k === 'Home') api.move(-sorted.length);
    else if (k === 'End') api.move(sorted.length);
    else if (k === ' ' && i >= 0) toggle(i, e.shiftKey);
    else return;
    e.preventDefault();
    e.stopPropagation();
  });
  body.addEventListener('scroll', () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(renderRows);
  });
  new ResizeObserver(() => renderRows()).observe(body);
  renderHead();

  const scrollTo = (i: number): void => {
    if (i < 0) return;
    if (i * ROW < body.scrollTop) body.scrollTop = i * ROW;
    else if ((i + 1) * ROW > body.scrollTop + body.clientHeight) body.scrollTop = (i + 1) * ROW - body.clientHeight;
  };

  const api: ConsumerTable = {
    el,
    setRows(next) {
      rows = next;
      sort();
      renderRows();
    },
    setCurrent(name, options = {}) {
      current = name;
      const i = indexOf(name);
      if (options.scroll && i >= 0) scrollTo(i);
      renderRows();
      if (options.focus) body.querySelector<HTMLElement>(`.vt-row[data-index="${i}"]`)?.focus({ preventScroll: true });
    },
    setSort(key, dir) {
      sortKey = key;
      asc = dir;
      sort();
      renderHead();
      renderRows();
    },
    shown: () => sorted,
    move(step) {
      if (!sorted.length) return;
      const i = indexOf(current);
      const j = Math.max(0, Math.min(sorted.length - 1, i === -1 ? (step > 0 ? 0 : sorted.length - 1) : i + step));
      current = sorted[j].name;
      anchor = j;
      scrollTo(j);
      ev.onCurrent(current);
      renderRows();
      body.querySelector<HTMLElement>(`.vt-row[data-index="${j}"]`)?.focus({ preventScroll: true });
    },
    hasFocus: () => body.contains(document.activeElement),
    refresh() {
      sort();
      renderRows();
    },
  };
  return api;
}
