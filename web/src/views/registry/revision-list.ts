// The revision history as a list, newest first: who changed what and when, each revision and
// each node it names a way to see the graph as it was then.
import type { RevisionRecord } from '../../../../graph-schema/index.js';
import { clockTime, h, relativeTime } from '../../ui/dom.js';
import { changeOf, shownAt, type Change } from './changes.js';
import { registryHrefAt } from './links.js';

/** How many names of one kind of change a revision shows before a "+N more". */
const NAME_LIMIT = 8;

export function revisionList(list: RevisionRecord[], current: number, viewing: number, focus: string | undefined, open: (r: number) => void): HTMLElement {
  if (list.length === 0) return h('p.rg-empty', 'No revisions yet: nothing has been applied.');
  const names = (what: Change, r: RevisionRecord) => {
    const arr = r[what];
    if (!arr.length) return null;
    const link = (n: string) => {
      const a = h(`a.mono${n === focus ? '.rg-focus-name' : ''}`, { href: registryHrefAt(n, shownAt(r.revision, what === 'deleted'), current) }, n);
      a.addEventListener('click', (e) => e.stopPropagation());
      return a;
    };
    const box = h(`div.rg-rev-names.${what}`, h('span.rev-label', `${what} ${arr.length}`), ...arr.slice(0, NAME_LIMIT).map(link));
    if (arr.length > NAME_LIMIT) {
      const moreBtn = h('button.link.small', { type: 'button' }, `+${arr.length - NAME_LIMIT} more`);
      moreBtn.addEventListener('click', (e) => {
        e.stopPropagation();
        moreBtn.replaceWith(...arr.slice(NAME_LIMIT).map(link));
      });
      box.append(moreBtn);
    }
    return box;
  };
  return h(
    'ol.rg-rev-list',
    ...[...list].reverse().map((r) => {
      const focusChange = focus ? changeOf(r, focus) : undefined;
      const li = h(
        `li${r.revision === viewing ? '.viewing' : ''}${r.revision === current ? '.current' : ''}`,
        { dataset: { revision: String(r.revision) } },
        // the revision's own button opens it (the names inside are links of their own: a list
        // item acting as a button around them would nest controls)
        h('div.rg-rev-top',
          h('button.link.strong.rg-rev-open', { type: 'button', title: focus ? `Show ${focus} as it was at revision ${r.revision}` : `Show the graph as it was at revision ${r.revision}` }, `r${r.revision}`),
          h('span', { title: clockTime(r.at) }, relativeTime(r.at)),
          h('span.dim.rg-rev-by', `by ${r.by}`),
          r.revision === current ? h('span.rg-now-tag', 'now') : null,
          r.revision === viewing && r.revision !== current ? h('span.rg-past-tag', 'viewing') : null),
        h('div.rg-rev-summary', r.summary),
        focusChange ? h('div.rg-rev-touch', `${focusChange === 'updated' ? 'changed' : focusChange} ${focus}`) : null,
        names('created', r),
        names('updated', r),
        names('deleted', r),
      );
      li.addEventListener('click', (e) => {
        if ((e.target as HTMLElement).closest('a,button:not(.rg-rev-open)')) return;
        open(r.revision);
      });
      return li;
    }),
  );
}
