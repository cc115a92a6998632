// The panel's "Changes to this node": which revisions touched it, each a link to the node as it
// was then.
import type { RevisionRecord } from '../../../../graph-schema/index.js';
import { clockTime, h, relativeTime } from '../../ui/dom.js';
import { changeOf, shownAt } from './changes.js';
import { registryHrefAt } from './links.js';

/** `viewing`: the revision the page shows, undefined for now. */
export function nodeHistory(name: string, revisions: RevisionRecord[], viewing: number | undefined): HTMLElement | null {
  const touched = revisions.flatMap((r) => {
    const what = changeOf(r, name);
    return what ? [{ r, what }] : [];
  });
  if (touched.length === 0) return null;
  const current = revisions.length ? revisions[revisions.length - 1].revision : 0;
  return h(
    'div.rg-node-history',
    { id: 'node-history' },
    h('h3', 'Changes to this node'),
    h(
      'ul',
      ...touched.reverse().map(({ r, what }) => {
        const target = shownAt(r.revision, what === 'deleted');
        return h(
          `li${viewing === target ? '.viewing' : ''}`,
          h('a', { href: registryHrefAt(name, target, current) }, `r${r.revision}`),
          h(`span.rg-change.${what}`, what),
          h('span.dim', { title: clockTime(r.at) }, ` ${relativeTime(r.at)} by ${r.by}`),
        );
      }),
    ),
  );
}
