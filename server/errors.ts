// One error type for everything a client can get wrong; the API turns it into CONTRACT.md §4's shape.
import type { ErrorDetail } from '../graph-schema/index.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const invalid = (message: string, details: ErrorDetail[] = []) => new ApiError(400, 'invalid', message, details);
export const notFound = (what: string, name: string) =>
  new ApiError(404, `${what}_not_found`, `No ${what} named '${name}'`, [{ path: what, message: `'${name}' is unknown` }]);
export const conflict = (message: string, details: ErrorDetail[] = []) => new ApiError(409, 'version_conflict', message, details);
