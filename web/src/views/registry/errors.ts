// What the page shows when something could not be loaded: what failed, and what to do next.
import { ApiError } from '../../api.js';
import { go } from '../../router.js';
import { banner, showError } from '../../ui/banner.js';
import { h } from '../../ui/dom.js';
import type { Centre } from './centre.js';
import { isNotFound, registryHref } from './links.js';

type Content = HTMLElement | string | null;

export function retryButton(fn: () => void): HTMLElement {
  const b = h('button.small', { type: 'button' }, 'Try again');
  b.addEventListener('click', fn);
  return b;
}

export function retryBox(text: string, fn: () => void): HTMLElement {
  return h('div.rg-retry', h('p', text), retryButton(fn));
}

/** The details panel for a node it cannot show: the name, then why. */
export function panelNote(name: string, ...content: Content[]): HTMLElement {
  return h('div.panel-body', h('h2.panel-title.mono', name), ...content);
}

/** The box that stands in for the graph: what happened, then what to do. */
export function graphNote(title: string, ...content: Content[]): HTMLElement {
  return h('div.rg-message', h('h2', title), ...content);
}

/**
 * The focus node's neighbourhood could not be loaded at a past revision, or the revision does not
 * exist, or the request failed. (A name unknown now is `showUnknown`'s.)
 */
export function showFocusError(err: unknown, focus: string, revision: number | undefined, centre: Centre, panel: (...content: HTMLElement[]) => void): void {
  if (isNotFound(err)) {
    centre.showMessage(graphNote(`${focus} did not exist at revision ${revision}`, h('p', 'It was created later, or deleted before then. ', h('a', { href: registryHref(focus) }, `See ${focus} now`), ', or pick another revision on the left.')));
    panel(panelNote(focus, h('p', `Not in the registry at revision ${revision}.`)));
  } else if (err instanceof ApiError && err.code === 'unknown_revision') {
    const what = `Revision ${revision} does not exist`;
    const todo = 'Pick a revision from the history on the left, or look at the graph as it is now.';
    centre.showMessage(graphNote(what, h('p', err.message), h('p', todo), h('div.rg-message-actions', h('a', { href: registryHref(focus) }, `Show ${focus} now`))));
    panel();
    banner('warn', what, h('div', h('div', err.message), h('div.hint', todo)), { key: 'neighbours' });
  } else {
    const what = `Could not load ${focus}`;
    centre.showMessage(
      graphNote(what,
        h('p', err instanceof ApiError ? err.message : String(err)),
        h('p', err instanceof ApiError ? err.advice() : 'Try again; if it keeps failing, reload the page.'),
        h('div.rg-message-actions', retryButton(() => go(location.hash)), revision !== undefined ? h('a', { href: registryHref(focus) }, 'Show it now') : null)),
    );
    panel();
    showError(what, err, 'neighbours');
  }
}
