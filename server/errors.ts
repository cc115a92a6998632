// Errors without HTTP: what stores, analysis and services throw. The API maps a kind to a status
// once (server/api/app.ts); the CLI and tests read the kind. ApiError is for what only HTTP can
// get wrong (authentication, content types), and carries its status.
import type { ErrorDetail } from '../graph-schema/index.js';

export type ErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unavailable' | 'unauthenticated' | 'forbidden';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

const STATUS: Record<ErrorKind, number> = { invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, unavailable: 503 };
const KIND_OF_STATUS = new Map(Object.entries(STATUS).map(([k, v]) => [v, k as ErrorKind]));

/** An error only the HTTP layer can raise; a status outside the domain kinds (413, 415, 421) keeps its own. */
export class ApiError extends DomainError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    details: ErrorDetail[] = [],
  ) {
    super(KIND_OF_STATUS.get(status) ?? 'invalid', code, message, details);
  }
}

export const statusOf = (err: DomainError): number => (err instanceof ApiError ? err.status : STATUS[err.kind]);

export const invalid = (message: string, details: ErrorDetail[] = [], code = 'invalid') => new DomainError('invalid', code, message, details);
export const notFound = (what: string, name: string) =>
  new DomainError('not_found', `${what}_not_found`, `No ${what} named '${name}'`, [{ path: what, message: `'${name}' is unknown` }]);
export const conflict = (message: string, details: ErrorDetail[] = [], code = 'version_conflict') => new DomainError('conflict', code, message, details);
export const unavailable = (message: string, code = 'store_unavailable') => new DomainError('unavailable', code, message, []);
