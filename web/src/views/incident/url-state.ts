// What survives a reload: the tab, the filters, the sort and the current consumer live in the
// address (#/incidents/ID?tab=table&kind=Surface&reached=1&sort=arrival&sel=crm), written with
// replaceState so the back button is not flooded; notes not yet saved live in localStorage, per
// incident, until the decision carrying them is saved.
import type { NodeKind } from '../../../../graph-schema/index.js';

export type Tab = 'graph' | 'table' | 'notify' | 'history' | 'accuracy';
export const TABS: Tab[] = ['graph', 'table', 'notify', 'history', 'accuracy'];
export type SortKey = 'arrival' | 'state' | 'name' | 'kind' | 'depth' | 'decision' | 'owner';
const SORTS: SortKey[] = ['arrival', 'state', 'name', 'kind', 'depth', 'decision', 'owner'];
const KINDS: NodeKind[] = ['Agent', 'System', 'Surface'];

export interface Filters {
  kinds: Set<NodeKind>;
  maxDepth: number | null;
  owner: string;
  /** reached: only what the output has reached; pending: only what it will reach */
  reach: '' | 'reached' | 'pending' | 'held';
  needsDecision: boolean;
  exposedOnly: boolean;
  q: string;
}

export interface ViewState {
  tab: Tab;
  filters: Filters;
  sort: SortKey;
  asc: boolean;
  sel: string | undefined;
}

export function emptyFilters(): Filters {
  return { kinds: new Set(KINDS), maxDepth: null, owner: '', reach: '', needsDecision: false, exposedOnly: false, q: '' };
}

export function isFiltering(f: Filters): boolean {
  return f.kinds.size !== KINDS.length || f.maxDepth !== null || f.owner !== '' || f.reach !== '' || f.needsDecision || f.exposedOnly || f.q !== '';
}

export function readState(query: URLSearchParams, fallbackTab: Tab): ViewState {
  const f = emptyFilters();
  const kinds = query.get('kind');
  if (kinds) f.kinds = new Set(kinds.split(',').filter((k): k is NodeKind => (KINDS as string[]).includes(k)));
  const depth = Number(query.get('depth'));
  if (Number.isInteger(depth) && depth > 0) f.maxDepth = depth;
  f.owner = query.get('owner') ?? '';
  const reach = query.get('reach');
  if (reach === 'reached' || reach === 'pending' || reach === 'held') f.reach = reach;
  f.needsDecision = query.get('todo') === '1';
  f.exposedOnly = query.get('exposed') === '1';
  f.q = query.get('q') ?? '';
  const tab = query.get('tab') as Tab | null;
  const sort = query.get('sort') as SortKey | null;
  return {
    tab: tab && TABS.includes(tab) ? tab : fallbackTab,
    filters: f,
    sort: sort && SORTS.includes(sort) ? sort : 'arrival',
    asc: query.get('desc') !== '1',
    sel: query.get('sel') || undefined,
  };
}

/** Only what differs from the defaults goes into the address: an untouched incident keeps its bare link. */
export function writeState(id: string, s: ViewState, defaultTab: Tab): void {
  const q = new URLSearchParams();
  if (s.tab !== defaultTab) q.set('tab', s.tab);
  const f = s.filters;
  if (f.kinds.size !== KINDS.length) q.set('kind', [...f.kinds].join(','));
  if (f.maxDepth !== null) q.set('depth', String(f.maxDepth));
  if (f.owner) q.set('owner', f.owner);
  if (f.reach) q.set('reach', f.reach);
  if (f.needsDecision) q.set('todo', '1');
  if (f.exposedOnly) q.set('exposed', '1');
  if (f.q) q.set('q', f.q);
  if (s.sort !== 'arrival') q.set('sort', s.sort);
  if (!s.asc) q.set('desc', '1');
  if (s.sel) q.set('sel', s.sel);
  const qs = q.toString();
  const hash = `#/incidents/${encodeURIComponent(id)}${qs ? `?${qs}` : ''}`;
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
}

/** Notes typed but not yet saved, per incident and consumer (and `*bulk` for the bulk note). */
export class Drafts {
  private key: string;
  private map: Record<string, string>;

  constructor(id: string) {
    this.key = `blast-radius.drafts.${id}`;
    try {
      this.map = JSON.parse(localStorage.getItem(this.key) ?? '{}') as Record<string, string>;
    } catch {
      this.map = {};
    }
  }

  get(name: string): string {
    return this.map[name] ?? '';
  }

  set(name: string, text: string): void {
    if (text.trim()) this.map[name] = text;
    else delete this.map[name];
    this.save();
  }

  delete(name: string): void {
    if (!(name in this.map)) return;
    delete this.map[name];
    this.save();
  }

  private save(): void {
    try {
      if (Object.keys(this.map).length) localStorage.setItem(this.key, JSON.stringify(this.map));
      else localStorage.removeItem(this.key);
    } catch {
      /* storage full or private mode: the draft lives as long as the page */
    }
  }
}
