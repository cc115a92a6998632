// Runs `blast-radius ...` as a user does (node bin/blast-radius.js) and never rejects, so the
// audit suites can assert exit codes.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  delete inherited.BLAST_RADIUS_SERVER; // never reach a server by accident
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin', 'blast-radius.js'), ...args], { cwd: root, timeout: 60_000, env: { ...inherited, NO_COLOR: '1', ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
