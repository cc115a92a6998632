// The public input data in ../shared/realdata beside the repository (CI checks out shared/ next
// to the clone). The suites over it run when it is there, skip loudly when it is not, and fail
// when it is required (CI=true or REQUIRE_REALDATA=1): the default suite covers the same code
// paths on the project's own fixtures (fixtures/, read through ./fixtures.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// BLAST_RADIUS_REALDATA points elsewhere when the clone does not sit beside shared/.
export const REALDATA = path.resolve(process.env.BLAST_RADIUS_REALDATA ?? path.join(repoRoot, '../shared/realdata'));
export const HAS_REALDATA = fs.existsSync(REALDATA);
const REQUIRED = process.env.CI === 'true' || process.env.REQUIRE_REALDATA === '1';
const MISSING = `the public test data is missing at ${REALDATA}: check out shared/ beside the repository, or set BLAST_RADIUS_REALDATA`;

let warned = false;
/**
 * `describe` for a suite over the real data. Its body runs at collection even when skipped, so it
 * reads the data only inside its tests or a `beforeAll`.
 */
export function describeRealdata(name: string, body: () => void): void {
  if (HAS_REALDATA) {
    describe(name, body);
    return;
  }
  if (REQUIRED) {
    describe(name, () => {
      it('has its public test data (required by CI=true or REQUIRE_REALDATA=1)', () => {
        throw new Error(MISSING);
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(`\n*** SKIPPING the real-data suites: ${MISSING}. REQUIRE_REALDATA=1 makes this a failure. ***\n`);
  }
  describe.skip(`[SKIPPED: no ../shared/realdata] ${name}`, body);
}

export const realPath = (...parts: string[]) => path.join(REALDATA, ...parts);
export const readReal = (...parts: string[]) => fs.readFileSync(realPath(...parts), 'utf8');
export const readRealJson = (...parts: string[]): unknown => JSON.parse(readReal(...parts));
export const readRealYaml = (...parts: string[]): unknown => parseYaml(readReal(...parts));

export function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}
