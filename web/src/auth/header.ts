// The top bar's sign-in corner: "Signed in as X · Sign out" when the server authenticates
// (the typed "You are" name is then not used: the server records the signed-in identity), and
// in token mode a field to paste a token into.
import { h } from '../ui/dom.js';
import { currentSession, useToken } from './session.js';

export function mountAuthHeader(header: HTMLElement): void {
  const s = currentSession();
  if (s.mode === 'none') return;
  header.querySelector<HTMLElement>('label.actor')?.setAttribute('hidden', '');
  header.querySelector('#auth')?.remove();
  const corner = h('span#auth.signed-in');
  header.append(corner);
  if (s.identity) {
    corner.append(
      'Signed in as ',
      h('strong#signed-in-as', { title: s.roles?.length ? `Roles: ${s.roles.join(', ')}` : 'No roles: you can sign in but not read or change anything' }, s.identity),
      ' · ',
      h('button#sign-out.link', { type: 'button', onclick: () => void s.signOut?.() }, 'Sign out'),
    );
    return;
  }
  if (s.mode === 'token') {
    const input = h('input#token-input', { type: 'password', placeholder: 'Paste your API token', autocomplete: 'off', 'aria-label': 'API token' });
    const form = h(
      'form.token-form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (!input.value.trim()) return;
          void useToken(input.value).then(() => location.reload());
        },
      },
      input,
      h('button', { type: 'submit' }, 'Use token'),
    );
    corner.append(form);
  }
}
