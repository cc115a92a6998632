#!/usr/bin/env node
// `npm start` runs the compiled build; this `prestart` step builds only the half of dist/
// that is missing (a fresh clone: `npm ci && npm start`), so a restart costs no rebuild.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { COMPILED_CLI, ROOT, WEB_INDEX, hasBuildTools, isStale } from './build-state.js';

const missing = [
  ...(fs.existsSync(COMPILED_CLI) ? [] : ['build:server']),
  ...(fs.existsSync(WEB_INDEX) ? [] : ['build:web']),
];
if (missing.length > 0) {
  if (!hasBuildTools()) {
    // `npm ci --omit=dev` leaves out tsc and vite: the build must come before that install.
    console.error('dist/ is incomplete and the build tools are not installed: run `npm ci && npm run build` first.');
    process.exit(1);
  }
  for (const script of missing) {
    console.error(`dist/ is incomplete: npm run ${script}`);
    const built = spawnSync('npm', ['run', script], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
} else if (hasBuildTools() && isStale()) {
  console.error('note: sources changed since the last build; `npm run build` to run them (starting the existing build).');
}
