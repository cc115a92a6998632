// OIDC mode: bearer JWTs from one issuer for one audience, verified with jose against the
// issuer's JWKS (found through /.well-known/openid-configuration). Discovery happens on the
// first request and is kept once it succeeds; an unreachable provider is a 503, not a 401,
// so a caller with a good token is told to retry rather than to sign in again.
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { ApiError } from '../errors.js';
import { rolesFromClaim, type Principal } from './roles.js';

export interface OidcSettings {
  issuer: string;
  audience: string;
  rolesClaim: string;
}

/** The identity recorded as `by`: the first non-empty of `email`, `preferred_username`, `sub`. */
export function identityOf(claims: JWTPayload): string | undefined {
  for (const key of ['email', 'preferred_username', 'sub']) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 200);
  }
  return undefined;
}

/** A claim by name; a dotted name (realm_access.roles) is walked when no claim has that literal name. */
export function claimAt(claims: JWTPayload, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function oidcVerifier(settings: OidcSettings): (token: string) => Promise<Principal> {
  let jwks: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keys = () => {
    jwks ??= discover(settings.issuer).catch((err: unknown) => {
      jwks = undefined; // try again on the next request
      throw err;
    });
    return jwks;
  };

  return async (token) => {
    const keySet = await keys();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet, { issuer: settings.issuer, audience: settings.audience, requiredClaims: ['exp'] }));
    } catch (err) {
      if (err instanceof joseErrors.JWKSTimeout || (err instanceof TypeError && /fetch/i.test(err.message))) throw providerUnavailable(settings.issuer, err);
      throw new InvalidToken(describeJoseError(err));
    }
    const identity = identityOf(payload);
    if (!identity) throw new InvalidToken('the token names no subject (email, preferred_username or sub)');
    return { identity, roles: rolesFromClaim(claimAt(payload, settings.rolesClaim)) };
  };
}

/** A token that was presented but is not good: expired, wrong audience or issuer, bad signature. */
export class InvalidToken extends Error {}

async function discover(issuer: string): Promise<ReturnType<typeof createRemoteJWKSet>> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let metadata: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    metadata = (await res.json()) as typeof metadata;
  } catch (err) {
    throw providerUnavailable(issuer, err);
  }
  // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for
  if (metadata.issuer !== issuer) throw providerUnavailable(issuer, new Error(`its discovery document names the issuer ${String(metadata.issuer)}`));
  if (typeof metadata.jwks_uri !== 'string') throw providerUnavailable(issuer, new Error('its discovery document has no jwks_uri'));
  return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: 5000, cooldownDuration: 30_000 });
}

function providerUnavailable(issuer: string, err: unknown): ApiError {
  return new ApiError(503, 'identity_provider_unavailable', `The identity provider ${issuer} cannot be reached to check the token (${(err as Error).message}); try again shortly`, []);
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${err.claim} claim is not accepted (${err.reason})`;
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'the token is not signed by a key of the issuer';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is not signed with an accepted algorithm';
  if (err instanceof joseErrors.JOSEError) return `the token is not a valid JWT (${err.code})`;
  return 'the token is not a valid JWT';
}
