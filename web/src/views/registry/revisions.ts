// Left, bottom: the revision history, loaded once and then polled, so that a colleague's
// `blast-radius apply` shows up without a reload.
import type { RevisionRecord, RevisionsResponse } from '../../../../graph-schema/index.js';
import { api } from '../../api.js';
import { go } from '../../router.js';
import { showError } from '../../ui/banner.js';
import { h } from '../../ui/dom.js';
import { shownAt } from './changes.js';
import { retryBox } from './errors.js';
import { registryHrefAt } from './links.js';
import { revisionList } from './revision-list.js';

const POLL_MS = 20_000;

export interface RevisionHistoryOptions {
  focus: string | undefined;
  /** The revision the page shows; undefined for now. */
  revision: number | undefined;
  signal: AbortSignal;
  /** The history was loaded (`news` empty) or has moved on since (`news`: the revisions since). */
  onUpdate: (data: RevisionsResponse, news: RevisionRecord[]) => void;
}

export interface RevisionHistory {
  /** The heading and the list, in that order. */
  elements: HTMLElement[];
  /** The history as first loaded; undefined when it could not be. */
  loaded: Promise<RevisionsResponse | undefined>;
}

export function createRevisionHistory({ focus, revision, signal, onUpdate }: RevisionHistoryOptions): RevisionHistory {
  const revCount = h('span.rg-count');
  const host = h('div.rg-revisions', { id: 'revisions' }, h('p.loading', 'Loading revisions…'));
  let data: RevisionsResponse | undefined;

  /** A click on a revision: the focus as it was then, or else the first node it changed. */
  const open = (r: number): void => {
    if (!data) return;
    const { revisions: list, current } = data;
    if (focus) go(registryHrefAt(focus, r, current));
    else {
      const rec = list.find((x) => x.revision === r);
      const first = rec?.updated[0] ?? rec?.created[0] ?? rec?.deleted[0];
      if (rec && first) go(registryHrefAt(first, shownAt(r, rec.deleted.includes(first)), current));
    }
  };

  const update = (next: RevisionsResponse, news: RevisionRecord[]): void => {
    data = next;
    const { revisions: list, current } = next;
    revCount.textContent = list.length ? `now at r${current}` : '';
    host.replaceChildren(revisionList(list, current, revision ?? current, focus, open));
    const viewingLi = host.querySelector<HTMLElement>('li.viewing');
    if (viewingLi && viewingLi.offsetTop + viewingLi.offsetHeight > host.scrollTop + host.clientHeight) {
      host.scrollTop = viewingLi.offsetTop + viewingLi.offsetHeight - host.clientHeight + 8;
    }
    onUpdate(next, news);
  };

  const loaded = api.revisions().then(
    (first) => {
      if (!signal.aborted) update(first, []);
      return first;
    },
    (err) => {
      host.replaceChildren(retryBox('The revision history could not be loaded.', () => go(location.hash)));
      showError('Could not load the revision history', err, 'revisions');
      return undefined;
    },
  );
  const poll = setInterval(async () => {
    try {
      const next = await api.revisions();
      if (signal.aborted || !data || next.current === data.current) return;
      const seen = data.current;
      update(next, next.revisions.filter((r) => r.revision > seen));
    } catch {
      /* the next poll tries again; the first load already reported failures */
    }
  }, POLL_MS);
  signal.addEventListener('abort', () => clearInterval(poll));

  return { elements: [h('div.rg-section-head.rg-rev-head', h('h3', 'Revision history'), revCount), host], loaded };
}
