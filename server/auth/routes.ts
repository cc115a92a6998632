// The web UI's sign-in settings and "who am I" (CONTRACT.md §9).
import { AuthConfig, Me } from '../../graph-schema/index.js';
import { defineRoute, type Route } from '../api/route.js';
import type { Authenticator } from './authenticator.js';

export function authRoutes(auth: Authenticator): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/auth/config',
      tag: 'auth',
      summary: 'How to sign in: the authentication mode, and for oidc the issuer, client id and audience',
      storeless: true,
      responses: { 200: { description: 'The settings', schema: AuthConfig } },
      handler: async () => auth.publicConfig,
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/auth/me',
      tag: 'auth',
      summary: 'Who the credentials sent name, and their roles (in none mode: the X-Actor name, and every role)',
      storeless: true,
      responses: { 200: { description: 'The caller', schema: Me } },
      handler: async ({ principal, actor }) => ({ mode: auth.mode, identity: principal?.identity ?? actor, roles: principal?.roles ?? ['admin'] }),
    }),
  ];
}
