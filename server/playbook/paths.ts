// Where the playbook's files live: the repository root, found from this file whether it runs from
// server/playbook (tsx) or dist/server/playbook (the build).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export const PLAYBOOK_ROOT = repoRoot();
export const DEFAULT_REGIMES_FILE = path.join(PLAYBOOK_ROOT, 'regimes', 'regimes.yaml');
export const TEMPLATES_DIR = path.join(PLAYBOOK_ROOT, 'playbook', 'templates');
