// Configuration from the environment (CONTRACT.md §5), read once and validated like any input.
import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(7700),
  HOST: z.string().default('127.0.0.1'),
  BLAST_RADIUS_DATA: z.string().default('./data'),
  BLAST_RADIUS_DEMO: z.enum(['0', '1']).default('1'),
  BLAST_RADIUS_STORE: z.enum(['embedded', 'neo4j']).default('embedded'),
  BLAST_RADIUS_BODY_LIMIT: z.string().default('32mb'),
  BLAST_RADIUS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NEO4J_URI: z.string().default('bolt://127.0.0.1:7687'),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default('neo4j'),
  NEO4J_DATABASE: z.string().optional(),
  // Authentication (CONTRACT.md §9); server/auth checks the combinations at start.
  BLAST_RADIUS_AUTH: z.enum(['none', 'token', 'oidc']).default('none'),
  BLAST_RADIUS_TOKENS: z.string().optional(),
  BLAST_RADIUS_OIDC_ISSUER: z.string().optional(),
  BLAST_RADIUS_OIDC_AUDIENCE: z.string().optional(),
  BLAST_RADIUS_OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  BLAST_RADIUS_OIDC_CLIENT_ID: z.string().optional(),
  BLAST_RADIUS_OIDC_SCOPES: z.string().min(1).default('openid profile email'),
  // Requests (CONTRACT.md §9): host names this server answers to, comma-separated (server/api/security.ts)
  BLAST_RADIUS_ALLOWED_HOSTS: z.string().optional(),
});
export type Config = z.infer<typeof Env>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = Env.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Bad configuration: ${problems}`);
  }
  return result.data;
}
