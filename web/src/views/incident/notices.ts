// Errors where they happened, in the right words: a read that failed says "Could not load …"
// (nothing is lost), a write that failed says "Nothing was saved …" (and what to do). One
// connection banner for the live stream, gone by itself once it is back. A toast with an Undo.
import { ApiError } from '../../api.js';
import { banner, dismiss } from '../../ui/banner.js';
import { h } from '../../ui/dom.js';

function reason(err: unknown): string {
  if (err instanceof ApiError) {
    const details = err.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
    return `${err.message}${details ? ` (${details})` : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}

function advice(err: unknown, kind: 'read' | 'write'): string {
  if (!(err instanceof ApiError)) return 'Try again; if it keeps failing, reload the page.';
  if (err.status === 0) return kind === 'read' ? 'The server did not answer; check the network and try again.' : 'The server did not answer; check the network, then try again.';
  if (err.status === 409) return 'Someone else changed it first: the latest state is shown; review it and decide again.';
  if (err.status === 401 || err.status === 403) return 'You are not allowed to do this; ask the server operator for access.';
  if (err.status === 400) return 'Fix what is named above and try again.';
  if (err.status >= 500) return 'The server failed; try again in a moment.';
  return 'Try again.';
}

/** An inline message for a failed read, with a retry. */
export function readError(what: string, err: unknown, retry?: () => void): HTMLElement {
  const el = h('div.inline-error.read', { role: 'alert' }, h('strong', `Could not load ${what}.`), ' ', reason(err), ' ', h('span.hint', advice(err, 'read')));
  if (retry) {
    const b = h('button.small', { type: 'button' }, 'Retry');
    b.addEventListener('click', retry);
    el.append(' ', b);
  }
  return el;
}

/** An inline message for a failed write, put beside the control that failed. */
export function writeError(what: string, err: unknown): HTMLElement {
  return h('div.inline-error.write', { role: 'alert' }, h('strong', `Nothing was saved: ${what}.`), ' ', reason(err), ' ', h('span.hint', advice(err, 'write')));
}

/** Puts `el` into `slot` (a `.action-error` region), replacing what was there. */
export function showIn(slot: Element | null | undefined, el: HTMLElement | null): void {
  if (slot) slot.replaceChildren(...(el ? [el] : []));
}

const CONNECTION = 'connection';

export function connectionLost(): void {
  banner('warn', 'Live updates interrupted: reconnecting…', 'Decisions made elsewhere will appear once the connection is back. Your own decisions still save.', { key: CONNECTION });
}

export function connectionBack(): void {
  dismiss(CONNECTION);
}

/** A toast that stays a little longer and offers Undo. */
export function undoToast(text: string, onUndo: () => Promise<void> | void, ms = 8000): void {
  const host = document.getElementById('toasts');
  if (!host) return;
  const undo = h('button.small.undo', { type: 'button' }, 'Undo');
  const el = h('div.toast.ok.with-action', h('span', text), undo);
  undo.addEventListener('click', () => {
    undo.disabled = true;
    undo.textContent = 'Undoing…';
    void Promise.resolve(onUndo()).finally(() => el.remove());
  });
  host.append(el);
  // two at most: more would cover the rows being worked on
  while (host.childElementCount > 2) host.firstElementChild!.remove();
  setTimeout(() => el.remove(), ms);
}
