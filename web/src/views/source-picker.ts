// A searchable node picker: type part of a name, title or alias; arrows + Enter or a click pick one.
import type { NodeDocument } from '../../../graph-schema/index.js';
import { api } from '../api.js';
import { showError } from '../ui/banner.js';
import { debounce, h } from '../ui/dom.js';

export interface Picker {
  el: HTMLElement;
  input: HTMLInputElement;
  value(): string | undefined;
  set(name: string): void;
  onPick(fn: (doc: NodeDocument) => void): void;
}

export function sourcePicker(options: { id?: string; placeholder?: string; autofocus?: boolean } = {}): Picker {
  const input = h('input', {
    id: options.id,
    type: 'text',
    autocomplete: 'off',
    spellcheck: false,
    placeholder: options.placeholder ?? 'Type to search: name, title or alias',
    role: 'combobox',
    'aria-expanded': 'false',
    'aria-autocomplete': 'list',
  });
  const list = h('ul.picker-list', { role: 'listbox', hidden: true });
  const chosen = h('div.picker-chosen');
  const el = h('div.picker', input, list, chosen);
  let results: NodeDocument[] = [];
  let active = -1;
  let picked: NodeDocument | undefined;
  const listeners: ((d: NodeDocument) => void)[] = [];
  let ctrl: AbortController | undefined;

  const render = (): void => {
    list.replaceChildren(
      ...results.map((doc, i) =>
        h(
          `li.picker-item${i === active ? '.active' : ''}`,
          { role: 'option', dataset: { name: doc.metadata.name }, onmousedown: (e: Event) => (e.preventDefault(), pick(doc)) },
          h(`span.kind-badge.${doc.kind.toLowerCase()}`, doc.kind),
          h('span.picker-name', doc.metadata.name),
          h('span.picker-meta', [doc.metadata.title, doc.metadata.owner].filter(Boolean).join(' · ')),
        ),
      ),
    );
    if (results.length === 0 && input.value.trim()) list.append(h('li.picker-empty', `No node matches “${input.value.trim()}”. Check the spelling, or search the registry.`));
    list.hidden = !input.value.trim() || document.activeElement !== input;
    input.setAttribute('aria-expanded', String(!list.hidden));
  };

  const pick = (doc: NodeDocument): void => {
    picked = doc;
    input.value = doc.metadata.name;
    list.hidden = true;
    chosen.replaceChildren(
      h(`span.kind-badge.${doc.kind.toLowerCase()}`, doc.kind),
      h('span', ` ${doc.metadata.title ?? doc.metadata.name} · owner ${doc.metadata.owner}`),
    );
    listeners.forEach((fn) => fn(doc));
  };

  const search = debounce(async (q: string) => {
    ctrl?.abort();
    ctrl = new AbortController();
    try {
      const res = await api.nodes(q, 12, ctrl.signal);
      if (input.value.trim() !== q) return;
      results = res.nodes;
      active = results.length ? 0 : -1;
      render();
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      showError('Could not search the registry', err, 'picker');
    }
  }, 120);

  input.addEventListener('input', () => {
    picked = undefined;
    chosen.replaceChildren();
    const q = input.value.trim();
    if (!q) {
      results = [];
      render();
      return;
    }
    search(q);
  });
  input.addEventListener('focus', render);
  input.addEventListener('blur', () => setTimeout(() => ((list.hidden = true), input.setAttribute('aria-expanded', 'false')), 100));
  input.addEventListener('keydown', (e) => {
    if (list.hidden && e.key !== 'ArrowDown') return;
    if (e.key === 'ArrowDown') {
      active = Math.min(results.length - 1, active + 1);
      render();
      e.preventDefault();
    } else if (e.key === 'ArrowUp') {
      active = Math.max(0, active - 1);
      render();
      e.preventDefault();
    } else if (e.key === 'Enter' && active >= 0 && results[active]) {
      pick(results[active]);
      e.preventDefault();
    } else if (e.key === 'Escape') {
      list.hidden = true;
    }
  });

  return {
    el,
    input,
    value: () => picked?.metadata.name ?? (input.value.trim() || undefined),
    set: (name: string) => {
      input.value = name;
      api.node(name).then(pick, () => undefined);
    },
    onPick: (fn) => listeners.push(fn),
  };
}
