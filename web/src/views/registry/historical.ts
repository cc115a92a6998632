// The bar above the graph: PAST when the page shows an old revision, NEW when someone applied a
// change while the page was open.
import type { RevisionRecord, RevisionsResponse } from '../../../../graph-schema/index.js';
import { go } from '../../router.js';
import { h, relativeTime } from '../../ui/dom.js';
import { registryHref } from './links.js';

export interface HistoricalBar {
  element: HTMLElement;
  /** Says which past revision the page shows (hidden when it shows now), with what is known of the history. */
  showPast: (data: RevisionsResponse | undefined) => void;
  /** Someone applied a change while this page was open: say so, and offer to redraw. */
  showChanged: (news: RevisionRecord[], onGraph: (name: string) => boolean) => void;
}

export function createHistoricalBar(focus: string | undefined, revision: number | undefined): HistoricalBar {
  const bar = h('div.rg-historical', { id: 'registry-historical', hidden: true });
  const show = (...content: (HTMLElement | string)[]): void => {
    bar.replaceChildren(...content);
    bar.hidden = false;
  };

  const showPast = (data: RevisionsResponse | undefined): void => {
    const current = data?.current;
    if (revision === undefined || (current !== undefined && revision > current)) {
      bar.hidden = true;
      return;
    }
    const rec = data?.revisions.find((r) => r.revision === revision);
    show(
      h('span.rg-historical-tag', 'PAST'),
      h(
        'span',
        `You are looking at the graph as it was at revision ${revision}`,
        rec ? ` (${relativeTime(rec.at)}, by ${rec.by})` : '',
        current !== undefined ? `; it is now at revision ${current}.` : '.',
      ),
      h('a.rg-back-now', { href: registryHref(focus) }, 'Back to now'),
    );
  };

  const showChanged = (news: RevisionRecord[], onGraph: (name: string) => boolean): void => {
    const last = news[news.length - 1];
    if (!last) return;
    const touched = news.some((r) => [...r.created, ...r.updated, ...r.deleted].some(onGraph));
    const reload = h('a.rg-back-now', { href: '#', id: 'registry-reload' }, 'Redraw with the latest graph');
    reload.addEventListener('click', (e) => {
      e.preventDefault();
      go(registryHref(focus));
    });
    show(
      h('span.rg-historical-tag', 'NEW'),
      h('span', `The registry changed: revision ${last.revision} by ${last.by} (${last.summary}).`, touched ? ' It touches nodes on this graph.' : ''),
      reload,
    );
  };

  showPast(undefined);
  return { element: bar, showPast, showChanged };
}
