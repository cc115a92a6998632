// The consumers as a table, for radii too big to read as a picture: sortable by any column,
// filtered with the graph's filters, and virtualised (only the rows on screen exist), so
// 5,000 rows scroll as smoothly as 50.
import type { IncidentConsumer } from '../../../graph-schema/index.js';
import { formatSeconds } from '../../../graph-schema/duration.js';
import { byName as str } from '../../../graph-schema/rules.js';
import { byArrival } from './incident/store.js';
import { h } from '../ui/dom.js';
import { COLOR, DECISION_FILL } from '../graph/style.js';
import { shapeIcon } from './common.js';

type Key = 'name' | 'kind' | 'depth' | 'arrival' | 'exposed' | 'suggested' | 'decision' | 'owner';
interface Column {
  key: Key;
  label: string;
  width: string;
  cmp: (a: IncidentConsumer, b: IncidentConsumer) => number;
  cell: (c: IncidentConsumer) => Node | string;
}

const KIND_RANK = { Agent: 0, System: 1, Surface: 2 } as const;

const COLUMNS: Column[] = [
  {
    key: 'name', label: 'Consumer', width: 'minmax(200px, 1.6fr)', cmp: (a, b) => str(a.name, b.name),
    cell: (c) => h('span.name-cell', shapeIcon(c.kind, DECISION_FILL[c.decision?.action ?? 'none'], c.exposed ? COLOR.exposed : '#8b949e', 2), h('span.mono', c.name)),
  },
  { key: 'kind', label: 'Kind', width: '86px', cmp: (a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind], cell: (c) => c.kind },
  { key: 'depth', label: 'Depth', width: '70px', cmp: (a, b) => a.depth - b.depth, cell: (c) => String(c.depth) },
  {
    key: 'arrival', label: 'Arrives', width: '118px', cmp: byArrival,
    cell: (c) => (c.arrivalSeconds === null ? '—' : c.arrivalSeconds === 0 ? 'at once' : `in ${formatSeconds(c.arrivalSeconds)}`),
  },
  {
    key: 'exposed', label: 'Exposure', width: '150px', cmp: (a, b) => Number(b.exposed) - Number(a.exposed),
    cell: (c) => (c.exposed ? h('span.tag.exposed', c.exposure === 'gated' ? 'EXPOSED (gated)' : 'EXPOSED') : h('span.tag.safe', 'safe')),
  },
  { key: 'suggested', label: 'Suggested', width: '95px', cmp: (a, b) => str(a.suggestedAction, b.suggestedAction), cell: (c) => c.suggestedAction },
  {
    key: 'decision', label: 'Decision', width: 'minmax(150px, 1fr)', cmp: (a, b) => str(a.decision?.action ?? '~', b.decision?.action ?? '~'),
    cell: (c) => (c.decision ? h('span', h(`span.tag.${c.decision.action}`, c.decision.action), h('span.dim', ` by ${c.decision.by}`)) : h('span.tag.undecided', 'undecided')),
  },
  { key: 'owner', label: 'Owner', width: 'minmax(120px, 1fr)', cmp: (a, b) => str(a.owner, b.owner), cell: (c) => c.owner },
];

const ROW = 40;

export interface ConsumerTable {
  el: HTMLElement;
  /** New rows (after filtering or a decision): keeps the sort and the scroll position. */
  setRows(rows: IncidentConsumer[]): void;
  setSelected(name: string | undefined, scroll?: boolean): void;
  refresh(): void;
}

export function consumerTable(onSelect: (name: string) => void): ConsumerTable {
  let sortKey: Key = 'arrival';
  let asc = true;
  let rows: IncidentConsumer[] = [];
  let sorted: IncidentConsumer[] = [];
  let selected: string | undefined;
  const template = COLUMNS.map((c) => c.width).join(' ');

  const head = h('div.vt-head', { role: 'row', style: { gridTemplateColumns: template } });
  const spacer = h('div.vt-spacer');
  const body = h('div.vt-body', { role: 'rowgroup' }, spacer);
  const count = h('div.vt-count');
  const el = h('div.vtable', { id: 'consumer-table', role: 'table', 'aria-label': 'Consumers' }, head, body, count);

  const renderHead = (): void => {
    head.replaceChildren(
      ...COLUMNS.map((col) => {
        const arrow = col.key === sortKey ? (asc ? ' ▲' : ' ▼') : '';
        const th = h('button.vt-th', { type: 'button', role: 'columnheader', dataset: { key: col.key }, 'aria-sort': col.key === sortKey ? (asc ? 'ascending' : 'descending') : 'none', title: `Sort by ${col.label.toLowerCase()}` }, col.label + arrow);
        th.addEventListener('click', () => {
          if (sortKey === col.key) asc = !asc;
          else {
            sortKey = col.key;
            asc = true;
          }
          sort();
          renderHead();
          renderRows();
        });
        return th;
      }),
    );
  };

  const sort = (): void => {
    const col = COLUMNS.find((c) => c.key === sortKey)!;
    sorted = [...rows].sort((a, b) => (asc ? 1 : -1) * (col.cmp(a, b) || byArrival(a, b)));
  };

  let frame = 0;
  const renderRows = (): void => {
    cancelAnimationFrame(frame);
    spacer.style.height = `${sorted.length * ROW}px`;
    const top = body.scrollTop;
    const height = body.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW) - 8);
    const last = Math.min(sorted.length, Math.ceil((top + height) / ROW) + 8);
    const frag = document.createDocumentFragment();
    for (let i = first; i < last; i++) {
      const c = sorted[i];
      const row = h(
        `div.vt-row${c.name === selected ? '.selected' : ''}${c.exposed ? '.is-exposed' : ''}`,
        { role: 'row', dataset: { name: c.name, decision: c.decision?.action ?? 'none' }, style: { top: `${i * ROW}px`, gridTemplateColumns: template } },
        ...COLUMNS.map((col) => h('div.vt-td', { role: 'cell' }, col.cell(c))),
      );
      row.addEventListener('click', () => onSelect(c.name));
      frag.append(row);
    }
    spacer.replaceChildren(frag);
    count.textContent = `${sorted.length.toLocaleString()} consumer${sorted.length === 1 ? '' : 's'} shown · click a header to sort · click a row to decide`;
  };
  body.addEventListener('scroll', () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(renderRows);
  });
  new ResizeObserver(() => renderRows()).observe(body);
  renderHead();

  return {
    el,
    setRows(next) {
      rows = next;
      sort();
      renderRows();
    },
    setSelected(name, scroll = false) {
      selected = name;
      if (scroll && name) {
        const i = sorted.findIndex((c) => c.name === name);
        if (i >= 0 && (i * ROW < body.scrollTop || (i + 1) * ROW > body.scrollTop + body.clientHeight)) body.scrollTop = Math.max(0, i * ROW - body.clientHeight / 2);
      }
      renderRows();
    },
    refresh() {
      sort();
      renderRows();
    },
  };
}
