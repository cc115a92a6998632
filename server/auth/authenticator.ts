// Who is calling (CONTRACT.md §9): `none`, `token` or `oidc`, chosen by BLAST_RADIUS_AUTH and
// checked once at start, so a server that would be open to the network never starts.
import { isIP } from 'node:net';
import type { Request, Response } from 'express';
import type { AuthConfig, AuthMode } from '../../graph-schema/index.js';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';
import { InvalidToken, oidcVerifier } from './oidc.js';
import type { Principal } from './roles.js';
import { loadTokensFile, tokenVerifier } from './tokens.js';

export interface Authenticator {
  mode: AuthMode;
  /** What GET /api/v1/auth/config answers. */
  publicConfig: AuthConfig;
  /** The caller, or undefined in `none` mode; a missing or bad credential throws a 401. */
  authenticate(req: Request, res: Response): Promise<Principal | undefined>;
}

export const NO_AUTH: Authenticator = { mode: 'none', publicConfig: { mode: 'none' }, authenticate: async () => undefined };

const REALM = 'blast-radius';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

/** Builds the authenticator the configuration asks for, or throws an Error saying what to fix. */
export function createAuthenticator(config: Config): Authenticator {
  const mode = config.BLAST_RADIUS_AUTH;
  if (mode === 'none') {
    if (!isLoopbackHost(config.HOST)) {
      throw new Error(
        `Refusing to start: BLAST_RADIUS_AUTH=none lets anyone who can reach the port change the registry and incidents, and HOST=${config.HOST} is not a loopback address. ` +
          'Set BLAST_RADIUS_AUTH=token (with BLAST_RADIUS_TOKENS=<tokens.yaml>) or BLAST_RADIUS_AUTH=oidc (with BLAST_RADIUS_OIDC_ISSUER and BLAST_RADIUS_OIDC_AUDIENCE), or bind HOST=127.0.0.1.',
      );
    }
    return NO_AUTH;
  }
  if (mode === 'token') {
    if (!config.BLAST_RADIUS_TOKENS) throw new Error('BLAST_RADIUS_AUTH=token needs BLAST_RADIUS_TOKENS: the path of a YAML file `tokens: [{name, sha256, roles}]`.');
    const verify = tokenVerifier(loadTokensFile(config.BLAST_RADIUS_TOKENS));
    return bearerAuthenticator('token', { mode: 'token' }, async (token) => verify(token));
  }
  const issuer = config.BLAST_RADIUS_OIDC_ISSUER;
  const audience = config.BLAST_RADIUS_OIDC_AUDIENCE;
  if (!issuer || !audience) throw new Error('BLAST_RADIUS_AUTH=oidc needs BLAST_RADIUS_OIDC_ISSUER (the issuer URL) and BLAST_RADIUS_OIDC_AUDIENCE (the audience the API tokens are issued for).');
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new Error(`BLAST_RADIUS_OIDC_ISSUER=${issuer} is not a URL.`);
  }
  // keys fetched over plain HTTP could be swapped on the way: only a provider on this machine may use it
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new Error(`BLAST_RADIUS_OIDC_ISSUER=${issuer} must be an https URL (http is accepted only for a provider on loopback).`);
  }
  const verify = oidcVerifier({ issuer, audience, rolesClaim: config.BLAST_RADIUS_OIDC_ROLES_CLAIM });
  const publicConfig: AuthConfig = {
    mode: 'oidc',
    issuer,
    audience,
    scope: config.BLAST_RADIUS_OIDC_SCOPES,
    ...(config.BLAST_RADIUS_OIDC_CLIENT_ID ? { clientId: config.BLAST_RADIUS_OIDC_CLIENT_ID } : {}),
  };
  return bearerAuthenticator('oidc', publicConfig, verify);
}

function bearerAuthenticator(mode: AuthMode, publicConfig: AuthConfig, verify: (token: string) => Promise<Principal | undefined>): Authenticator {
  return {
    mode,
    publicConfig,
    async authenticate(req, res) {
      const token = bearerToken(req);
      if (!token) throw unauthenticated(res, 'Send Authorization: Bearer <token>', undefined);
      let principal: Principal | undefined;
      try {
        principal = await verify(token);
      } catch (err) {
        if (err instanceof InvalidToken) throw unauthenticated(res, `The bearer token is not accepted: ${err.message}`, err.message);
        throw err;
      }
      if (!principal) throw unauthenticated(res, 'The bearer token is not accepted: it is not a known token', 'unknown token');
      return principal;
    },
  };
}

/**
 * The bearer token from the Authorization header. EventSource cannot send headers, so the
 * live-events stream alone also takes `?access_token=` (RFC 6750 §2.3); the request log
 * redacts it.
 */
function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header) {
    const match = /^Bearer[ ]+([\x21-\x7e]+)\s*$/i.exec(header);
    return match?.[1];
  }
  const query = (req.query as Record<string, unknown>).access_token;
  if (typeof query === 'string' && query && (req.get('accept') ?? '').includes('text/event-stream')) return query;
  return undefined;
}

function unauthenticated(res: Response, message: string, problem: string | undefined): ApiError {
  const error = problem ? `, error="invalid_token", error_description="${problem.replace(/["\\]/g, "'")}"` : '';
  res.setHeader('WWW-Authenticate', `Bearer realm="${REALM}"${error}`);
  return new ApiError(401, 'unauthenticated', message, [{ path: 'header.authorization', message: problem ?? 'missing' }]);
}

export function forbidden(message: string, details: { path: string; message: string }[] = []): ApiError {
  return new ApiError(403, 'forbidden', message, details);
}
