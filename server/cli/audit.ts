// `blast-radius audit verify`: recompute the record's hash chains (CONTRACT.md §9), through a
// server (GET /api/v1/audit/verify, either store) or offline from an embedded data folder.
import fs from 'node:fs';
import path from 'node:path';
import type { Option, Command } from 'commander';
import type { AuditResult } from '../../graph-schema/index.js';
import { call, CliError } from './client.js';

interface Helpers {
  serverOption: () => Option;
  print: (text: string) => void;
}

export function registerAuditCommands(program: Command, { serverOption, print }: Helpers): void {
  const audit = program.command('audit').description('Check the tamper-evident record');
  audit
    .command('verify')
    .description('Recompute the hash chains of every revision and incident log; exits 0 when they verify, 1 when not')
    .addOption(serverOption())
    .option('--data <folder>', "verify an embedded store's data folder offline instead of asking a server (read only: a running server may keep it)")
    .option('--json', 'print the check as JSON')
    .action(async (opts: { server: string; data?: string; json?: boolean }) => {
      const check = opts.data ? await verifyFolder(opts.data) : await call<AuditResult>(opts.server, '/api/v1/audit/verify');
      const where = opts.data ? path.resolve(opts.data) : opts.server;
      if (opts.json) print(JSON.stringify(check, null, 2));
      else if (check.ok) print(`✓ the record verifies: ${check.entries} entries chained (${where})`);
      if (!check.ok) {
        throw new CliError(
          `✗ the record does not verify: the chain breaks at ${check.firstBad} (${check.entries} entries checked, ${where}); writes are refused until the store is restored from a backup`,
        );
      }
    });
}

async function verifyFolder(folder: string): Promise<AuditResult> {
  if (!fs.existsSync(path.join(folder, 'journal.jsonl'))) throw new CliError(`${path.resolve(folder)} holds no journal.jsonl: is it a blast-radius data folder (BLAST_RADIUS_DATA)?`, 2);
  // loaded here: the store's dependencies cost every other command startup time
  const { EmbeddedStore } = await import('../store/embedded.js');
  return EmbeddedStore.verifyFolder(folder);
}
