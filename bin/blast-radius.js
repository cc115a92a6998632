#!/usr/bin/env node
// The blast-radius command. Runs the compiled CLI (dist/, from `npm run build`) when it is
// there and no source is newer; in a dev checkout without a current build, the TypeScript
// sources through tsx, so an edit is never hidden behind a stale build.
import { pathToFileURL } from 'node:url';
import { COMPILED_CLI, hasTsx, isStale } from './build-state.js';

if (hasTsx() && isStale()) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli/main.ts');
} else {
  await import(pathToFileURL(COMPILED_CLI).href);
}
