// Who is deciding: kept in localStorage, sent as X-Actor on every write, recorded on each decision.
import { currentSession } from './auth/session.js';

const KEY = 'blast-radius.actor';
export const DEFAULT_ACTOR = 'commander';

export function actor(): string {
  // signed in (token or oidc): the server records the signed-in identity, so compare with that
  const signedIn = currentSession().identity;
  if (signedIn) return signedIn;
  try {
    return localStorage.getItem(KEY)?.trim() || DEFAULT_ACTOR;
  } catch {
    return DEFAULT_ACTOR;
  }
}

export function hasChosenActor(): boolean {
  try {
    return !!localStorage.getItem(KEY);
  } catch {
    return true;
  }
}

export function setActor(name: string): void {
  try {
    localStorage.setItem(KEY, name.trim() || DEFAULT_ACTOR);
  } catch {
    /* private mode: keep the default */
  }
}

/** The input in the top bar: asks once (highlighted until a name is chosen), editable any time. */
export function bindActorInput(input: HTMLInputElement): void {
  input.value = actor();
  input.placeholder = DEFAULT_ACTOR;
  input.size = Math.max(8, input.value.length + 1);
  if (!hasChosenActor()) input.classList.add('ask');
  const save = (): void => {
    setActor(input.value);
    input.value = actor();
    input.classList.remove('ask');
  };
  input.addEventListener('change', save);
  input.addEventListener('input', () => (input.size = Math.max(8, input.value.length + 1)));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === 'Escape') input.blur();
  });
}
