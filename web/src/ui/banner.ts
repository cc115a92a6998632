// Errors people understand: a banner says what failed and what to do, and stays until dismissed
// (or until the same problem is reported again, which replaces it instead of stacking).
import { h } from './dom.js';
import { ApiError } from '../api.js';

export type Tone = 'error' | 'warn' | 'info' | 'ok';

let watching = false;
const root = (): HTMLElement => {
  const el = document.getElementById('banners')!;
  if (!watching) {
    watching = true;
    // A banner coming or going moves the graph down or up without resizing it; Cytoscape
    // re-reads where its canvas is on a window resize, so clicks keep landing on the right node.
    new MutationObserver(() => window.dispatchEvent(new Event('resize'))).observe(el, { childList: true });
  }
  return el;
};

export function banner(tone: Tone, title: string, detail?: string | Node, options: { key?: string; timeoutMs?: number } = {}): HTMLElement {
  const key = options.key ?? `${tone}:${title}`;
  root().querySelector(`[data-key="${CSS.escape(key)}"]`)?.remove();
  const close = h('button.banner-close', { type: 'button', 'aria-label': 'Dismiss', title: 'Dismiss' }, '×');
  const el = h(`div.banner.${tone}`, { dataset: { key } }, h('div.banner-body', h('strong', title), detail ? h('div.banner-detail', detail) : null), close);
  close.addEventListener('click', () => el.remove());
  root().append(el);
  if (options.timeoutMs) setTimeout(() => el.remove(), options.timeoutMs);
  return el;
}

export function clearBanners(): void {
  root().replaceChildren();
}

export function dismiss(key: string): void {
  root().querySelector(`[data-key="${CSS.escape(key)}"]`)?.remove();
}

/** One readable banner for any failure: the API's own message and details, plus what to do. */
export function showError(what: string, err: unknown, key?: string): HTMLElement {
  if (err instanceof ApiError) {
    const detail = h('div', h('div', err.message), err.details.length ? h('ul', ...err.details.map((d) => h('li', d.path ? `${d.path}: ${d.message}` : d.message))) : null, h('div.hint', err.advice()));
    return banner(err.status >= 500 || err.status === 0 ? 'error' : 'warn', what, detail, { key });
  }
  return banner('error', what, `${err instanceof Error ? err.message : String(err)} — try again; if it keeps failing, reload the page.`, { key });
}

export function toast(text: string, tone: Tone = 'info', ms = 4000): void {
  const el = h(`div.toast.${tone}`, text);
  const host = document.getElementById('toasts')!;
  host.append(el);
  while (host.childElementCount > 3) host.firstElementChild!.remove();
  setTimeout(() => el.remove(), ms);
}
