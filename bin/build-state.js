// Where the compiled build lives and whether it is current, for bin/blast-radius.js and
// bin/ensure-build.js (plain JavaScript: it must run before anything is built).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const COMPILED_CLI = path.join(ROOT, 'dist', 'server', 'cli', 'main.js');
export const WEB_INDEX = path.join(ROOT, 'dist', 'web', 'index.html');
const SOURCES = ['server', 'graph-schema'].map((d) => path.join(ROOT, d));

/** Both halves of `npm run build` are there. */
export const isBuilt = () => fs.existsSync(COMPILED_CLI) && fs.existsSync(WEB_INDEX);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** A TypeScript source was edited after the last build (false when the sources are not shipped). */
export function isStale() {
  if (!fs.existsSync(COMPILED_CLI)) return true;
  const built = fs.statSync(COMPILED_CLI).mtimeMs;
  return SOURCES.some((dir) => fs.existsSync(dir) && newestMtime(dir) > built);
}

const installed = (pkg) => fs.existsSync(path.join(ROOT, 'node_modules', pkg, 'package.json'));
/** tsx is a dev dependency: present in a dev checkout, absent after `npm ci --omit=dev`. */
export const hasTsx = () => installed('tsx');
/** What `npm run build` needs (dev dependencies too). */
export const hasBuildTools = () => installed('typescript') && installed('vite');
