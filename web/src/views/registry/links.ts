// The explorer's addresses: `#/registry/NAME?revision=N`, and the links out of it.
import { ApiError } from '../../api.js';

const enc = encodeURIComponent;

export const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.status === 404;

/** `#/registry/NAME?revision=N`: the link to a node, now or at a past revision. */
export function registryHref(name?: string, revision?: number): string {
  return `#/registry${name ? `/${enc(name)}` : ''}${revision !== undefined ? `?revision=${revision}` : ''}`;
}

/** The link to `name` at revision `at`, or now when `at` is the current revision. */
export function registryHrefAt(name: string, at: number, current: number): string {
  return registryHref(name, at === current ? undefined : at);
}

export function whatIfHref(name: string, revision: number | undefined): string {
  return `#/what-if/${enc(name)}${revision !== undefined ? `?revision=${revision}` : ''}`;
}

export function newIncidentHref(source: string): string {
  return `#/new?source=${enc(source)}`;
}

/** The `?revision=N` of the page's address, when it is a revision number. */
export function revisionFromHash(): number | undefined {
  const param = new URLSearchParams(location.hash.split('?')[1] ?? '').get('revision');
  return param !== null && /^\d+$/.test(param) ? Number(param) : undefined;
}
