// Token mode: a YAML file of hashed bearer tokens, `tokens: [{name, sha256, roles}]`.
// Only hashes are stored, so the file can be read by anyone who can read the config; a
// presented token is hashed and compared with every entry in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { RoleName, type Principal } from './roles.js';

const TokenEntry = z
  .object({
    name: z.string().trim().min(1).max(200),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'the hex SHA-256 of the token: 64 hex digits'),
    roles: z.array(RoleName).min(1),
  })
  .strict();

export const TokensFile = z
  .object({ tokens: z.array(TokenEntry).min(1) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.tokens.forEach((t, i) => {
      const hash = t.sha256.toLowerCase();
      if (seen.has(hash)) ctx.addIssue({ code: 'custom', path: ['tokens', i, 'sha256'], message: `the same token as tokens[${seen.get(hash)}]` });
      seen.set(hash, i);
    });
  });
export type TokensFile = z.infer<typeof TokensFile>;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Reads and validates the tokens file, or throws an Error naming the file and every problem. */
export function loadTokensFile(file: string): TokensFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`BLAST_RADIUS_TOKENS=${file} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 0 });
  } catch (err) {
    throw new Error(`BLAST_RADIUS_TOKENS=${file} is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  const result = TokensFile.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
    throw new Error(`BLAST_RADIUS_TOKENS=${file} is not a valid tokens file (tokens: [{name, sha256, roles}]): ${problems}`);
  }
  return result.data;
}

/** Finds the principal of a presented token, or undefined. */
export function tokenVerifier(file: TokensFile): (token: string) => Principal | undefined {
  const entries = file.tokens.map((t) => ({ digest: Buffer.from(t.sha256.toLowerCase(), 'hex'), principal: { identity: t.name, roles: t.roles } }));
  return (token) => {
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let found: Principal | undefined;
    // every entry is compared, hit or miss, so the time taken says nothing about which entry matched
    for (const entry of entries) if (timingSafeEqual(digest, entry.digest) && !found) found = entry.principal;
    return found;
  };
}
