// Roles (CONTRACT.md §9) and the authenticated caller. A role is one of five names, or
// `registrar:<owner>`: a registrar limited to the nodes whose metadata.owner is <owner>.
import { z } from 'zod';

export const BASE_ROLES = ['viewer', 'registrar', 'commander', 'reviewer', 'admin'] as const;
export type BaseRole = (typeof BASE_ROLES)[number];

const OWNER_ROLE = /^registrar:(.+)$/;

export const RoleName = z
  .string()
  .refine((r) => (BASE_ROLES as readonly string[]).includes(r) || (OWNER_ROLE.test(r) && r.trim() === r), {
    message: `a role is one of ${BASE_ROLES.join(', ')}, or registrar:<owner>`,
  });

/** Who is calling, once authenticated: `identity` is what `by` records. */
export interface Principal {
  identity: string;
  roles: string[];
}

/** The base role a role string grants (`registrar:team-a` grants `registrar`), or undefined. */
export function baseRole(role: string): BaseRole | undefined {
  if ((BASE_ROLES as readonly string[]).includes(role)) return role as BaseRole;
  return OWNER_ROLE.test(role) ? 'registrar' : undefined;
}

/** True when the principal holds one of `allowed`; admin holds every role. */
export function hasRole(principal: Principal, allowed: readonly BaseRole[]): boolean {
  return principal.roles.some((r) => {
    const base = baseRole(r);
    return base === 'admin' || (base !== undefined && allowed.includes(base));
  });
}

/**
 * The owners a registrar may write, or 'all' for a full registrar or an admin.
 * A principal with both `registrar:a` and `registrar` is a full registrar.
 */
export function registrarOwners(principal: Principal): 'all' | Set<string> {
  const owners = new Set<string>();
  for (const role of principal.roles) {
    if (role === 'registrar' || role === 'admin') return 'all';
    const match = OWNER_ROLE.exec(role);
    if (match) owners.add(match[1]!);
  }
  return owners;
}

/** Roles from an OIDC claim: an array of strings, or one space- or comma-separated string; unknown names are dropped. */
export function rolesFromClaim(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return raw.filter((r): r is string => typeof r === 'string' && baseRole(r) !== undefined);
}
