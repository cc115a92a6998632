// The one check every API route passes through (app.ts's route loop): who is calling, and may
// they call this route. In `none` mode nobody is asked anything (loopback only).
import type { Request, RequestHandler, Response } from 'express';
import { accessOf, type Access } from '../api/access.js';
import type { GraphStore } from '../store/types.js';
import { forbidden, type Authenticator } from './authenticator.js';
import { hasRole, type Principal } from './roles.js';

/** The caller, checked against the route's roles; undefined for a public route or in `none` mode. */
export async function authorize(auth: Authenticator, access: Access, req: Request, res: Response): Promise<Principal | undefined> {
  if (access.who === 'public' || auth.mode === 'none') return undefined;
  const principal = (res.locals.principal as Principal | undefined) ?? (await auth.authenticate(req, res));
  if (!principal) return undefined;
  if (access.who !== 'authenticated' && !hasRole(principal, access.who)) {
    const allowed = [...new Set([...access.who, 'admin'])].join(', ');
    throw forbidden(`${principal.identity} may not ${req.method} ${req.baseUrl}${req.route?.path ?? req.path}: it needs one of the roles ${allowed} (has ${principal.roles.join(', ') || 'none'})`, [
      { path: 'roles', message: `needs one of ${allowed}` },
    ]);
  }
  return principal;
}

/** The route's further check (registrar:<owner>), once the caller is known. */
export async function guard(access: Access, principal: Principal | undefined, req: Request, store: GraphStore): Promise<void> {
  if (principal && access.guard) await access.guard({ req, principal, store });
}

/**
 * Mounted before the body parsers: a caller without good credentials is answered 401 before
 * the server spends any time reading a body it sent. Public API paths (openapi.json,
 * auth/config) pass; the route loop then checks the caller's roles.
 */
export function authenticateFirst(auth: Authenticator): RequestHandler {
  return (req, res, next) => {
    if (auth.mode === 'none' || accessOf(req.method === 'HEAD' ? 'GET' : req.method, `${req.baseUrl}${req.path}`).who === 'public') return next();
    auth.authenticate(req, res).then(
      (principal) => {
        res.locals.principal = principal;
        next();
      },
      next,
    );
  };
}
