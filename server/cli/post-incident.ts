// CLI commands for after the incident: observations, accuracy, the registry patch, drift, and
// the Backstage import.
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { stringify } from 'yaml';
import type { Accuracy, DriftResult, ObservationsResult } from '../../graph-schema/index.js';
import { importBackstage } from '../analysis/backstage.js';
import { manifestFiles } from '../manifest/files.js';
import { call, CliError } from './client.js';

interface Helpers {
  serverOption: () => Option;
  print: (text: string) => void;
}

const readJson = (file: string): string => {
  const text = fs.readFileSync(file, 'utf8');
  try {
    JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return text;
};

const percent = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(0)}%`);

export function registerPostIncidentCommands(program: Command, { serverOption, print }: Helpers): void {
  const incident = program.commands.find((c) => c.name() === 'incident')!;
  incident
    .command('observe')
    .description('Record what really received the bad output: a JSON file with {reached: [...]} or OTLP JSON traces')
    .argument('<id>')
    .argument('<file>')
    .addOption(serverOption())
    .action(async (id: string, file: string, opts: { server: string }) => {
      const result = await call<ObservationsResult>(opts.server, `/api/v1/incidents/${encodeURIComponent(id)}/observations`, { method: 'POST', body: readJson(file) });
      print(`recorded ${result.recorded} observation(s): ${result.reached.length} reached, ${result.hops.length} hop(s)`);
      if (result.unmatched.length > 0) print(`unmatched (no registered name or alias): ${result.unmatched.join(', ')}`);
    });
  incident
    .command('accuracy')
    .description('How well the graph predicted the propagation')
    .argument('<id>')
    .option('--json')
    .addOption(serverOption())
    .action(async (id: string, opts: { server: string; json?: boolean }) => {
      const a = await call<Accuracy>(opts.server, `/api/v1/incidents/${encodeURIComponent(id)}/accuracy`);
      if (opts.json) {
        print(JSON.stringify(a, null, 2));
        return;
      }
      print(`precision ${percent(a.precision)}, recall ${percent(a.recall)}: ${a.truePositives.length} hit, ${a.falsePositives.length} predicted but not reached, ${a.falseNegatives.length} reached but not predicted`);
      if (a.falseNegatives.length) print(`  surprises: ${a.falseNegatives.join(', ')}`);
      for (const e of a.missingEdges) print(`  missing edge: ${e.from} -> ${e.to}`);
      if (a.unmatched.length) print(`  unmatched names: ${a.unmatched.join(', ')}`);
    });
  incident
    .command('patch')
    .description('Write the proposed registry fix (manifest YAML) for review; apply it with `blast-radius apply` once approved')
    .argument('<id>')
    .requiredOption('-o, --output <file>')
    .addOption(serverOption())
    .action(async (id: string, opts: { server: string; output: string }) => {
      const yaml = await call<string>(opts.server, `/api/v1/incidents/${encodeURIComponent(id)}/registry-patch`, { accept: 'application/yaml' });
      fs.writeFileSync(opts.output, typeof yaml === 'string' ? yaml : stringify(yaml));
      print(`wrote ${opts.output}`);
    });

  program
    .command('drift')
    .description('Compare OTLP JSON traces with the registry: hops it lacks, and registered edges never seen')
    .argument('<file>')
    .option('--json')
    .addOption(serverOption())
    .action(async (file: string, opts: { server: string; json?: boolean }) => {
      const d = await call<DriftResult>(opts.server, '/api/v1/drift', { method: 'POST', body: readJson(file) });
      if (opts.json) {
        print(JSON.stringify(d, null, 2));
        return;
      }
      print(`${d.spans} spans: ${d.missingEdges.length} hop(s) missing from the registry, ${d.unseenEdges.length} registered edge(s) never seen`);
      for (const e of d.missingEdges) print(`  missing: ${e.from} -> ${e.to} (seen ${e.count}x)`);
      for (const e of d.unseenEdges) print(`  unseen:  ${e.from} -> ${e.to}`);
    });

  const importer = program.command('import').description('Turn other catalogs into manifest documents');
  importer
    .command('backstage')
    .description('Map a Backstage catalog (Component, API, Resource, System) to manifest YAML; what cannot be mapped is listed, not guessed')
    .argument('<paths...>', 'catalog files or folders')
    .option('-o, --output <file>', 'write the manifest here instead of stdout')
    .option('--owner <team>', 'owner for entities without spec.owner')
    .action(async (paths: string[], opts: { output?: string; owner?: string }) => {
      const files = manifestFiles(paths).filter((f) => /\.ya?ml$/i.test(f));
      const result = importBackstage(files.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') })), opts.owner ? { defaultOwner: opts.owner } : {});
      const yaml = `# imported from Backstage: ${files.length} file(s), ${result.documents.length} node(s), ${result.unmapped.length} unmapped\n` + result.documents.map((d) => stringify(d)).join('---\n');
      if (opts.output) fs.writeFileSync(opts.output, yaml);
      else process.stdout.write(yaml);
      process.stderr.write(`${result.documents.length} node(s) and ${result.edges.length} edge(s) mapped from ${files.length} file(s)\n`);
      for (const u of result.unmapped) process.stderr.write(`  not mapped: ${u.entity} (${u.file}): ${u.reason}\n`);
    });
}
