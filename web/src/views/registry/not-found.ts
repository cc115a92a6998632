// `#/registry/typo`: say so, offer close names, never a blank page. A deleted node gets when and
// by whom, and a link to how it was.
import type { NodeDocument, RevisionsResponse } from '../../../../graph-schema/index.js';
import { api } from '../../api.js';
import { h, relativeTime } from '../../ui/dom.js';
import type { Centre } from './centre.js';
import { registryHref } from './links.js';

export interface NotFoundView {
  centre: Centre;
  panel: (...content: HTMLElement[]) => void;
  search: HTMLInputElement;
  revisions: Promise<RevisionsResponse | undefined>;
  signal: AbortSignal;
}

export async function showUnknown(name: string, { centre, panel, search, revisions, signal }: NotFoundView): Promise<void> {
  centre.setTitle(h('span.dim', 'No node named '), h('strong.mono', name));
  const suggestions = h('ul.rg-suggestions', { id: 'registry-suggestions' });
  centre.showMessage(
    h('div.rg-message.rg-not-found', { id: 'not-found' },
      h('h2', `No node named “${name}”`),
      h('p', 'Nothing with that name is registered. Check the spelling, or search the registry on the left: it matches names, titles and aliases.'),
      suggestions),
  );
  panel(h('div.panel-body', h('h2', 'Not found'), h('p', `“${name}” is not a registered node name. If it is a name from your traces, try it in the search: aliases match too.`)));
  search.focus();
  const revs = await revisions;
  const deletedIn = revs?.revisions.filter((r) => r.deleted.includes(name)).pop();
  if (deletedIn && !signal.aborted) {
    suggestions.before(
      h('p.rg-deleted', { id: 'deleted-in' }, `It was deleted in revision ${deletedIn.revision} (${relativeTime(deletedIn.at)}, by ${deletedIn.by}). `,
        h('a', { href: registryHref(name, deletedIn.revision - 1) }, `See ${name} as it was before`)),
    );
  }
  try {
    const { nodes } = await api.nodes(undefined, 5000);
    const close = closeNames(name, nodes);
    if (!signal.aborted && close.length) suggestions.replaceChildren(h('li.dim', 'Did you mean:'), ...close.map((d) => h('li', h('a.mono', { href: registryHref(d.metadata.name) }, d.metadata.name), d.metadata.title ? h('span.dim', ` ${d.metadata.title}`) : null)));
  } catch {
    /* suggestions are a bonus */
  }
}

/** Close names for a typo: an alias that matches, then shared prefix/substring, then by edit distance. */
export function closeNames(name: string, nodes: NodeDocument[]): NodeDocument[] {
  const q = name.toLowerCase();
  const scored = nodes.map((d) => {
    const n = d.metadata.name;
    const aliasHit = (d.spec.aliases ?? []).some((a) => a.toLowerCase() === q);
    const sub = n.includes(q) || q.includes(n) ? 0 : 1;
    return { d, score: aliasHit ? -1 : sub * 100 + editDistance(q, n) };
  });
  return scored
    .filter((s) => s.score < 100 || s.score - 100 <= Math.max(3, Math.floor(q.length / 3)))
    .sort((a, b) => a.score - b.score)
    .slice(0, 6)
    .map((s) => s.d);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
