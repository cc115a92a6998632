// Filters shared by the graph and the table: kind, depth, owner, undecided only, exposed only.
import type { IncidentConsumer, NodeKind } from '../../../graph-schema/index.js';
import { KINDS } from '../model.js';
import { h } from '../ui/dom.js';

export interface FilterState {
  kinds: Set<NodeKind>;
  maxDepth: number | null;
  owner: string;
  undecidedOnly: boolean;
  exposedOnly: boolean;
}

export function emptyFilters(): FilterState {
  return { kinds: new Set(KINDS), maxDepth: null, owner: '', undecidedOnly: false, exposedOnly: false };
}

export function isFiltering(f: FilterState): boolean {
  return f.kinds.size !== KINDS.length || f.maxDepth !== null || f.owner !== '' || f.undecidedOnly || f.exposedOnly;
}

export function matches(f: FilterState, c: IncidentConsumer): boolean {
  return (
    f.kinds.has(c.kind) &&
    (f.maxDepth === null || c.depth <= f.maxDepth) &&
    (f.owner === '' || c.owner === f.owner) &&
    (!f.undecidedOnly || !c.decision) &&
    (!f.exposedOnly || c.exposed)
  );
}

const KIND_PLURAL: Record<NodeKind, string> = { Agent: 'Agents', System: 'Systems', Surface: 'Surfaces' };

export function filterBar(state: FilterState, consumers: IncidentConsumer[], onChange: () => void): HTMLElement {
  const maxDepth = consumers.reduce((m, c) => Math.max(m, c.depth), 0);
  const owners = [...new Set(consumers.map((c) => c.owner))].sort();
  const counts = new Map<NodeKind, number>();
  for (const c of consumers) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);

  const kindBoxes = KINDS.map((k) => {
    const box = h('input', { type: 'checkbox', checked: state.kinds.has(k), dataset: { kind: k } });
    box.addEventListener('change', () => {
      if (box.checked) state.kinds.add(k);
      else state.kinds.delete(k);
      onChange();
    });
    return h(`label.chip.kind-${k.toLowerCase()}`, box, ` ${KIND_PLURAL[k]} `, h('span.dim', String(counts.get(k) ?? 0)));
  });
  const depth = h('select', { id: 'filter-depth', title: 'Show consumers up to this depth' }, h('option', { value: '' }, 'any depth'),
    ...Array.from({ length: maxDepth }, (_, i) => h('option', { value: String(i + 1) }, `depth ≤ ${i + 1}`)));
  depth.value = state.maxDepth === null ? '' : String(state.maxDepth);
  depth.addEventListener('change', () => {
    state.maxDepth = depth.value ? Number(depth.value) : null;
    onChange();
  });
  const owner = h('select', { id: 'filter-owner', title: 'Only this owning team' }, h('option', { value: '' }, 'any owner'), ...owners.map((o) => h('option', { value: o }, o)));
  owner.value = state.owner;
  owner.addEventListener('change', () => {
    state.owner = owner.value;
    onChange();
  });
  const toggle = (id: string, label: string, key: 'undecidedOnly' | 'exposedOnly') => {
    const box = h('input', { type: 'checkbox', id, checked: state[key] });
    box.addEventListener('change', () => {
      state[key] = box.checked;
      onChange();
    });
    return h('label.chip', box, ` ${label}`);
  };
  const reset = h('button.link', { type: 'button', id: 'filter-reset' }, 'clear filters');
  reset.addEventListener('click', () => {
    Object.assign(state, emptyFilters());
    onChange();
  });
  return h('div.filters', { id: 'filters' }, ...kindBoxes, depth, owner, toggle('filter-undecided', 'undecided only', 'undecidedOnly'), toggle('filter-exposed', 'exposed only', 'exposedOnly'), reset);
}
