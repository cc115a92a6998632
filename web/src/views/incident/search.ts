// "Find a consumer" (/): names first that start with the text, then those containing it (or
// whose owner or title does); Enter takes the first.
import { h } from '../../ui/dom.js';
import type { Flows, PageCtx } from './flows.js';

export function bindSearch(c: PageCtx, f: Flows): void {
  const { search, searchList } = c.sk;
  let hits: string[] = [];
  const pick = (name: string): void => {
    searchList.hidden = true;
    search.value = name;
    search.blur();
    if (c.view.tab !== 'graph' && c.view.tab !== 'table') c.setView('graph');
    if (name === c.store.source) f.openSource();
    else c.setCurrent(name, { center: true });
  };
  const run = (): void => {
    const q = search.value.trim().toLowerCase();
    if (!q || !c.store.header) {
      searchList.hidden = true;
      return;
    }
    const starts: string[] = [];
    const contains: string[] = [];
    if (c.store.source.startsWith(q)) starts.push(c.store.source);
    for (const x of c.store.list) {
      if (starts.length >= 8) break;
      if (x.name.startsWith(q)) starts.push(x.name);
      else if (contains.length < 8 && (x.name.includes(q) || x.owner.toLowerCase().includes(q) || (x.title ?? '').toLowerCase().includes(q))) contains.push(x.name);
    }
    hits = [...starts, ...contains].slice(0, 8);
    searchList.replaceChildren(
      ...(hits.length
        ? hits.map((n) => {
            const li = h('li.search-item.mono', { dataset: { name: n }, role: 'option' }, n);
            li.addEventListener('mousedown', (e) => {
              e.preventDefault();
              pick(n);
            });
            return li;
          })
        : [h('li.dim', 'no consumer matches')]),
    );
    searchList.hidden = false;
  };
  search.addEventListener('input', run);
  search.addEventListener('blur', () => setTimeout(() => (searchList.hidden = true), 120));
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && hits[0]) pick(hits[0]);
    if (e.key === 'Escape') search.blur();
  });
}
