// Who the UI acts as. The server says how to sign in (GET /api/v1/auth/config):
// - none: nobody signs in; the name in the top bar is sent as X-Actor;
// - oidc: the authorization-code flow with PKCE through oidc-client-ts; the access token is
//   kept in sessionStorage (gone when the tab closes) and sent as a bearer token;
// - token: a token pasted once into the top bar, kept in sessionStorage.
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { AuthConfig, AuthMode, Me } from '../../../graph-schema/index.js';

interface Session {
  mode: AuthMode;
  token?: string;
  identity?: string;
  roles?: string[];
  signOut?: () => Promise<void>;
  signIn?: () => Promise<void>;
}

const TOKEN_KEY = 'blast-radius.token';
let session: Session = { mode: 'none' };

/** The Authorization header value, when signed in. */
export const authorization = (): string | undefined => (session.token ? `Bearer ${session.token}` : undefined);
export const currentSession = (): Readonly<Session> => session;

/**
 * Finds out how to sign in and does it. Resolves false when the page is leaving for the
 * provider's login (nothing should render), true when the app can start.
 */
export async function startSession(): Promise<boolean> {
  let config: AuthConfig = { mode: 'none' };
  try {
    const res = await fetch('/api/v1/auth/config', { headers: { Accept: 'application/json' } });
    if (res.ok) config = (await res.json()) as AuthConfig;
  } catch {
    /* the server is not reachable: the app shows that on its first call */
  }
  if (config.mode === 'oidc') return startOidc(config);
  if (config.mode === 'token') {
    session = {
      mode: 'token',
      token: readStored(),
      signOut: async () => {
        forgetToken();
        location.reload();
      },
    };
    await loadIdentity();
  }
  return true;
}

/** Token mode: keep a pasted token for this tab and learn whose it is. */
export async function useToken(token: string): Promise<void> {
  try {
    sessionStorage.setItem(TOKEN_KEY, token.trim());
  } catch {
    /* private mode: kept in memory only */
  }
  session = { ...session, token: token.trim() };
  await loadIdentity();
}

/** A 401 from the API: the token has expired or was revoked; sign in again (oidc) or ask for a token. */
export async function credentialsRefused(): Promise<void> {
  if (session.mode === 'oidc') await session.signIn?.();
}

async function startOidc(config: AuthConfig): Promise<boolean> {
  if (!config.issuer || !config.clientId) {
    document.getElementById('app')!.textContent = 'Sign-in is not configured: the server needs BLAST_RADIUS_OIDC_CLIENT_ID for the web UI.';
    return false;
  }
  const manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${location.origin}/`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: 'code',
    scope: config.scope ?? 'openid profile email',
    ...(config.audience ? { resource: config.audience } : {}),
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: false,
  });
  // back to the page the user was on before signing in
  const signIn = () => manager.signinRedirect({ state: { hash: location.hash } });
  const params = new URLSearchParams(location.search);
  if (params.has('state') && (params.has('code') || params.has('error'))) {
    try {
      const user = await manager.signinRedirectCallback();
      history.replaceState(null, '', `${location.pathname}${(user.state as { hash?: string } | undefined)?.hash || '#/'}`);
    } catch (err) {
      history.replaceState(null, '', `${location.pathname}${location.hash}`);
      showSignInProblem((err as Error).message, signIn);
      return false;
    }
  }
  const user = await manager.getUser();
  if (!user || user.expired) {
    await signIn();
    return false;
  }
  session = {
    mode: 'oidc',
    token: user.access_token,
    signIn,
    signOut: async () => {
      await manager.removeUser();
      await manager.signoutRedirect({ id_token_hint: user.id_token });
    },
  };
  await loadIdentity();
  return true;
}

/** The name the server records as `by`, from the server itself, so the header shows exactly that. */
async function loadIdentity(): Promise<void> {
  if (!session.token) return;
  try {
    const res = await fetch('/api/v1/auth/me', { headers: { Accept: 'application/json', Authorization: `Bearer ${session.token}` } });
    if (res.ok) {
      const me = (await res.json()) as Me;
      session = { ...session, identity: me.identity, roles: me.roles };
    } else if (res.status === 401 && session.mode === 'token') forgetToken();
  } catch {
    /* shown by the first API call */
  }
}

function readStored(): string | undefined {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function forgetToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* nothing kept */
  }
  session = { mode: session.mode, signOut: session.signOut, signIn: session.signIn };
}

function showSignInProblem(message: string, retry: () => Promise<void>): void {
  const app = document.getElementById('app')!;
  const p = document.createElement('p');
  p.className = 'sign-in-problem';
  p.textContent = `Signing in did not work: ${message}`;
  const button = document.createElement('button');
  button.textContent = 'Sign in again';
  button.addEventListener('click', () => void retry());
  app.replaceChildren(p, button);
}
