// Left, top: the search box and the list of nodes it finds, with keyboard moves between them.
import type { NodeDocument } from '../../../../graph-schema/index.js';
import { api } from '../../api.js';
import { dismiss, showError } from '../../ui/banner.js';
import { debounce, h } from '../../ui/dom.js';
import { plural } from '../common.js';
import { kindIcon } from './kind-icon.js';
import { registryHref } from './links.js';
import { closeNames } from './not-found.js';

const LIST_LIMIT = 500;

export interface SearchList {
  /** The heading with the count, the search box and the list, in that order. */
  elements: HTMLElement[];
  input: HTMLInputElement;
  /** Settles when the first list has been shown (or has failed). */
  loaded: Promise<void>;
}

/** `focus` is the node the page shows: its row is marked and scrolled into view. */
export function createSearchList(focus: string | undefined, signal: AbortSignal): SearchList {
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

  let searchCtrl: AbortController | undefined;
  signal.addEventListener('abort', () => searchCtrl?.abort());
  const searchNow = async (): Promise<void> => {
    searchCtrl?.abort();
    searchCtrl = new AbortController();
    const q = search.value.trim().toLowerCase();
    try {
      const { nodes } = await api.nodes(q || undefined, LIST_LIMIT, searchCtrl.signal);
      if (signal.aborted) return;
      dismiss('registry-search');
      results.replaceChildren(...nodes.map((d) => nodeRow(d, q, d.metadata.name === focus)));
      if (nodes.length === 0) {
        results.append(
          h('p.rg-empty', q ? `No node matches “${q}”. Try part of a name, a title or an alias (for example the name in your traces).` : 'The registry is empty: register nodes with `blast-radius apply manifests/`.'),
        );
        if (q) void didYouMean(q, results, searchCtrl.signal);
      }
      // never "500+": the count is exact, or says that only the first ones are listed
      const capped = nodes.length === LIST_LIMIT;
      listCount.textContent = capped
        ? `first ${LIST_LIMIT.toLocaleString()} ${q ? 'matches' : 'nodes'} listed: type to narrow`
        : q ? plural(nodes.length, 'match', 'matches') : plural(nodes.length, 'node');
      const cur = results.querySelector<HTMLElement>('.rg-row.current');
      if (cur) results.scrollTop = cur.offsetTop - results.clientHeight / 2;
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      results.replaceChildren(h('p.rg-empty', 'The node list could not be loaded.'));
      showError('Could not search the registry', err, 'registry-search');
    }
  };
  search.addEventListener('input', debounce(() => void searchNow(), 120));
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

  return {
    elements: [h('div.rg-section-head', h('h2', 'Registry'), listCount), search, results],
    input: search,
    loaded: searchNow(),
  };
}

/** A typo: the closest names, by alias, part of the name, then edit distance. */
async function didYouMean(q: string, results: HTMLElement, signal: AbortSignal): Promise<void> {
  try {
    const { nodes } = await api.nodes(undefined, 5000, signal);
    const close = closeNames(q, nodes);
    if (signal.aborted || !close.length) return;
    results.append(h('p.rg-did-you-mean', { id: 'did-you-mean' }, 'Did you mean ', ...close.flatMap((d, i) => [i ? ', ' : '', h('a.mono', { href: registryHref(d.metadata.name) }, d.metadata.name)]), '?'));
  } catch {
    /* suggestions are a bonus */
  }
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
