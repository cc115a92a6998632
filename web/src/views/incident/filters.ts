// Filters shared by the graph and the table: kind, depth, owner, reach (reached / will be
// reached / held), needs a decision, still exposed, and a text match. Every control is labelled.
import type { IncidentConsumer, NodeKind } from '../../../../graph-schema/index.js';
import { h } from '../../ui/dom.js';
import { emptyFilters, type Filters } from './url-state.js';

const KINDS: NodeKind[] = ['Agent', 'System', 'Surface'];
const KIND_PLURAL: Record<NodeKind, string> = { Agent: 'Agents', System: 'Systems', Surface: 'Surfaces' };

export function matches(f: Filters, c: IncidentConsumer, now = Date.now()): boolean {
  if (!f.kinds.has(c.kind)) return false;
  if (f.maxDepth !== null && c.depth > f.maxDepth) return false;
  if (f.owner && c.owner !== f.owner) return false;
  if (f.needsDecision && !c.needsDecision) return false;
  if (f.exposedOnly && !c.exposed) return false;
  if (f.reach === 'reached' && !c.reached) return false;
  if (f.reach === 'pending' && (c.reached || !c.arrival || Date.parse(c.arrival) <= now)) return false;
  if (f.reach === 'held' && !c.held) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    if (!c.name.toLowerCase().includes(q) && !c.owner.toLowerCase().includes(q) && !(c.title ?? '').toLowerCase().includes(q)) return false;
  }
  return true;
}

export interface FilterFacts {
  maxDepth: number;
  owners: string[];
  kinds: Map<NodeKind, number>;
}

export function filterFacts(consumers: IncidentConsumer[]): FilterFacts {
  let maxDepth = 0;
  const owners = new Set<string>();
  const kinds = new Map<NodeKind, number>();
  for (const c of consumers) {
    if (c.depth > maxDepth) maxDepth = c.depth;
    owners.add(c.owner);
    kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  }
  return { maxDepth, owners: [...owners].sort(), kinds };
}

/** `onChange(true)`: the controls must be drawn again (the state changed under them). */
export function filterBar(state: Filters, facts: FilterFacts, onChange: (redraw?: boolean) => void): HTMLElement {
  const kindBoxes = KINDS.map((k) => {
    const box = h('input', { type: 'checkbox', checked: state.kinds.has(k), dataset: { kind: k } });
    box.addEventListener('change', () => {
      if (box.checked) state.kinds.add(k);
      else state.kinds.delete(k);
      onChange();
    });
    return h(`label.chip.kind-${k.toLowerCase()}`, box, ` ${KIND_PLURAL[k]} `, h('span.dim', (facts.kinds.get(k) ?? 0).toLocaleString()));
  });
  const depth = h('select', { id: 'filter-depth', 'aria-label': 'Depth' }, h('option', { value: '' }, 'any depth'), ...Array.from({ length: facts.maxDepth }, (_, i) => h('option', { value: String(i + 1) }, `depth ≤ ${i + 1}`)));
  depth.value = state.maxDepth === null ? '' : String(state.maxDepth);
  depth.addEventListener('change', () => {
    state.maxDepth = depth.value ? Number(depth.value) : null;
    onChange();
  });
  const owner = h('select', { id: 'filter-owner', 'aria-label': 'Owning team' }, h('option', { value: '' }, 'any owner'), ...facts.owners.map((o) => h('option', { value: o }, o)));
  owner.value = state.owner;
  owner.addEventListener('change', () => {
    state.owner = owner.value;
    onChange();
  });
  const reach = h('select', { id: 'filter-reach', 'aria-label': 'Reach' }, h('option', { value: '' }, 'reached or not'), h('option', { value: 'reached' }, '● reached'), h('option', { value: 'pending' }, '◔ will be reached'), h('option', { value: 'held' }, '■ held by a stop'));
  reach.value = state.reach;
  reach.addEventListener('change', () => {
    state.reach = reach.value as Filters['reach'];
    onChange();
  });
  const toggle = (id: string, label: string, key: 'needsDecision' | 'exposedOnly') => {
    const box = h('input', { type: 'checkbox', id, checked: state[key] });
    box.addEventListener('change', () => {
      state[key] = box.checked;
      onChange();
    });
    return h('label.chip', box, ` ${label}`);
  };
  const text = h('input', { type: 'search', id: 'filter-q', placeholder: 'name, title or owner', 'aria-label': 'Filter by name, title or owner', value: state.q, autocomplete: 'off', spellcheck: false });
  let timer = 0;
  text.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      state.q = text.value.trim();
      onChange();
    }, 150);
  });
  const reset = h('button.link', { type: 'button', id: 'filter-reset' }, 'clear filters');
  reset.addEventListener('click', () => {
    Object.assign(state, emptyFilters());
    onChange(true);
  });
  return h('div.filters', { id: 'filters', role: 'group', 'aria-label': 'Filters' }, ...kindBoxes, reach, depth, owner, toggle('filter-todo', 'needs a decision', 'needsDecision'), toggle('filter-exposed', 'exposed only', 'exposedOnly'), text, reset);
}
