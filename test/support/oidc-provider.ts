// A real OpenID Provider (the `oidc-provider` package) on 127.0.0.1 for the authentication tests.
// It issues JWT access tokens for one API audience (RFC 8707 resource indicators), with the
// caller's roles and email as claims:
// - machines: the client_credentials grant, one client per entry of `machines`;
// - people: the authorization-code flow with PKCE for the web UI's public client, through the
//   provider's own login and consent pages (devInteractions: any password; the login is the
//   account id, and `people` gives its email and roles).
// Start it in two steps when the UI's address is not known yet: reserve() binds the port (the
// issuer URL is then known), start() configures the provider with the UI's redirect URI.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
// @ts-expect-error -- oidc-provider ships no type declarations
import Provider, { errors as providerErrors } from 'oidc-provider';

export const API_AUDIENCE = 'urn:blast-radius:api';
export const OTHER_AUDIENCE = 'urn:some-other:api';
export const UI_CLIENT_ID = 'blast-radius-ui';

export interface Machine {
  secret: string;
  roles: string[];
  /** Access token lifetime in seconds (default 600). */
  ttl?: number;
}
export interface Person {
  email: string;
  roles: string[];
}

export interface OidcProviderOptions {
  machines?: Record<string, Machine>;
  people?: Record<string, Person>;
  /** The web UI's redirect URI (its origin + '/'): registers the public PKCE client. */
  uiRedirectUri?: string;
}

export interface RunningOidcProvider {
  issuer: string;
  /** The env for startTestServer: oidc mode against this provider. */
  env: Record<string, string>;
  /** An access token from the client_credentials grant. */
  clientToken(clientId: string, options?: { audience?: string }): Promise<string>;
  close(): Promise<void>;
}

export interface ReservedOidcProvider {
  issuer: string;
  env: Record<string, string>;
  start(options: OidcProviderOptions): Promise<RunningOidcProvider>;
  close(): Promise<void>;
}

/** Binds a free port on 127.0.0.1; the provider answers once start() has configured it. */
export async function reserveOidcProvider(): Promise<ReservedOidcProvider> {
  const server = http.createServer((_req, res) => {
    res.writeHead(503).end('the test provider is not started yet');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env = { BLAST_RADIUS_AUTH: 'oidc', BLAST_RADIUS_OIDC_ISSUER: issuer, BLAST_RADIUS_OIDC_AUDIENCE: API_AUDIENCE, BLAST_RADIUS_OIDC_CLIENT_ID: UI_CLIENT_ID, BLAST_RADIUS_OIDC_SCOPES: 'openid profile email api' };
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    issuer,
    env,
    close,
    async start(options) {
      const provider = await createProvider(issuer, options);
      server.removeAllListeners('request');
      server.on('request', provider.callback());
      return {
        issuer,
        env,
        close,
        clientToken: (clientId, tokenOptions = {}) => clientToken(issuer, clientId, options.machines?.[clientId]?.secret ?? '', tokenOptions.audience ?? API_AUDIENCE),
      };
    },
  };
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<RunningOidcProvider> {
  return (await reserveOidcProvider()).start(options);
}

async function createProvider(issuer: string, options: OidcProviderOptions) {
  const machines = options.machines ?? {};
  const people = options.people ?? {};
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

  const clients: Record<string, unknown>[] = Object.entries(machines).map(([id, m]) => ({
    client_id: id,
    client_secret: m.secret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'api',
  }));
  if (options.uiRedirectUri) {
    clients.push({
      client_id: UI_CLIENT_ID,
      token_endpoint_auth_method: 'none', // a public client: PKCE instead of a secret
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [options.uiRedirectUri],
      post_logout_redirect_uris: [options.uiRedirectUri],
      scope: 'openid profile email api',
    });
  }

  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: [jwk] },
    cookies: { keys: ['blast-radius-test-cookie-key'] },
    scopes: ['openid', 'profile', 'email', 'api'],
    claims: { openid: ['sub'], email: ['email'], profile: ['preferred_username'] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // the UI asks for the API with `resource`; a request without one gets the API too
        defaultResource: async () => API_AUDIENCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, indicator: string, client: { clientId: string }) => {
          if (indicator !== API_AUDIENCE && indicator !== OTHER_AUDIENCE) throw new providerErrors.InvalidTarget();
          return { scope: 'api', audience: indicator, accessTokenFormat: 'jwt', accessTokenTTL: machines[client.clientId]?.ttl ?? 600, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: people[id]?.email ?? `${id}@example.test`, preferred_username: id }),
    }),
    // the roles (and a person's email) travel in the access token: the API reads nothing else
    extraTokenClaims: async (_ctx: unknown, token: { accountId?: string; clientId: string }) => {
      if (token.accountId) {
        const person = people[token.accountId];
        return { email: person?.email ?? `${token.accountId}@example.test`, roles: person?.roles ?? [] };
      }
      return { roles: machines[token.clientId]?.roles ?? [] };
    },
  });
  provider.on('server_error', (_ctx: unknown, err: Error) => process.stderr.write(`[oidc-provider] ${err.stack}\n`));
  return provider;
}

async function clientToken(issuer: string, clientId: string, secret: string, audience: string): Promise<string> {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', resource: audience }),
  });
  const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!res.ok || !body.access_token) throw new Error(`the test provider refused a token for ${clientId}: ${body.error} ${body.error_description ?? ''}`);
  return body.access_token;
}
