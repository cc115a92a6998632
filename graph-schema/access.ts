// The audit check and who is signed in (CONTRACT.md §9).
import { z } from 'zod';

// ---------- audit (§9) ----------
export const AuditResult = z
  .object({
    ok: z.boolean(),
    entries: z.number().int().meta({ description: 'Revisions and incident log entries checked' }),
    firstBad: z.string().nullable().meta({ description: 'The first entry whose hash does not verify, e.g. "revision 12" or "incident inc-… seq 4"' }),
  })
  .meta({ id: 'AuditResult' });
export type AuditResult = z.infer<typeof AuditResult>;

// ---------- auth (§9) ----------
export const AuthMode = z.enum(['none', 'token', 'oidc']);
export type AuthMode = z.infer<typeof AuthMode>;
/** What the web UI needs to sign in: GET /api/v1/auth/config. */
export const AuthConfig = z
  .object({
    mode: AuthMode,
    issuer: z.string().optional(),
    clientId: z.string().optional(),
    audience: z.string().optional(),
    scope: z.string().optional().meta({ description: 'The scopes the UI asks for (BLAST_RADIUS_OIDC_SCOPES)' }),
  })
  .meta({ id: 'AuthConfig' });
export type AuthConfig = z.infer<typeof AuthConfig>;
/** GET /api/v1/auth/me: who the credentials name. */
export const Me = z.object({ mode: AuthMode, identity: z.string(), roles: z.array(z.string()) }).meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;
