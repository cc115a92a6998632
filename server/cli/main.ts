// The blast-radius command line: serve, validate, apply, export, what-if, incidents, imports.
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { formatSeconds, type ApplyResponse, type BlastRadius, type ErrorDetail, type NodesResponse, type ValidateResponse } from '../../graph-schema/index.js';
import { readConfig } from '../config.js';
import { loadManifests } from '../manifest/files.js';
import { registerAuditCommands } from './audit.js';
import { call, CliError, DEFAULT_SERVER } from './client.js';
import { registerIncidentCommands } from './incident.js';
import { registerPostIncidentCommands } from './post-incident.js';

const program = new Command('blast-radius')
  .description('Find every consumer of a bad AI output, and stop it spreading.')
  .showHelpAfterError();

const serverOption = () => new Option('-s, --server <url>', 'blast-radius server').default(DEFAULT_SERVER).env('BLAST_RADIUS_SERVER');
const print = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

program
  .command('serve')
  .description('Serve the API and the web UI (configured by PORT, HOST, BLAST_RADIUS_* and NEO4J_* variables)')
  .action(async () => {
    // Loaded here, not at the top: the server (express, the stores) costs every other command startup time.
    const { startServer } = await import('../server.js');
    const running = await startServer(readConfig());
    const stop = async () => {
      await running.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

program
  .command('validate')
  .description('Check manifest files (YAML or JSON) without applying them; exits non-zero on any problem')
  .argument('<paths...>', 'files or folders')
  .addOption(new Option('-s, --server <url>', 'also check `from` names against this registry').env('BLAST_RADIUS_SERVER'))
  .option('--external <names>', 'comma-separated producers registered elsewhere (offline check)', '')
  .action(async (paths: string[], opts: { server?: string; external: string }) => {
    const { documents, origins, errors, files } = loadManifests(paths);
    let problems = errors;
    // Checks made on the whole batch name a document index; say which file it is in.
    const located = (p: ErrorDetail): ErrorDetail => {
      const origin = p.document === undefined ? undefined : origins[p.document];
      return origin && !p.file ? { ...p, file: origin.file, message: `${origin.file} document ${origin.indexInFile + 1}: ${p.path.replace(/^documents\[\d+\]\.?/, '')}: ${p.message}` } : p;
    };
    if (problems.length === 0 && opts.server) {
      const verdict = await call<ValidateResponse>(opts.server, '/api/v1/graph/validate', { method: 'POST', body: JSON.stringify(documents) });
      problems = verdict.errors.map(located);
    } else if (problems.length === 0) {
      const known = new Set([...documents.map((d) => d.metadata.name), ...opts.external.split(',').filter(Boolean)]);
      documents.forEach((doc, i) =>
        doc.spec.consumes.forEach((edge, j) => {
          if (!known.has(edge.from)) {
            problems.push(located({ path: `documents[${i}].spec.consumes[${j}].from`, document: i, message: `${doc.metadata.name}: consumes '${edge.from}', which is not defined in these files (pass --server to check the registry, or --external ${edge.from})` }));
          }
        }),
      );
    }
    if (problems.length > 0) {
      for (const p of problems) process.stderr.write(`✗ ${p.message.includes(p.path) || p.file ? p.message : `${p.path}: ${p.message}`}\n`);
      throw new CliError(`${problems.length} problem(s) in ${files.length} file(s)`);
    }
    print(`✓ ${documents.length} document(s) in ${files.length} file(s) are valid`);
  });

program
  .command('apply')
  .description('Apply manifest files to a server as one atomic revision')
  .argument('<paths...>', 'files or folders')
  .addOption(serverOption())
  .option('--json', 'print the server answer as JSON')
  .action(async (paths: string[], opts: { server: string; json?: boolean }) => {
    const { documents, errors } = loadManifests(paths);
    if (errors.length > 0) {
      for (const e of errors) process.stderr.write(`✗ ${e.message}\n`);
      throw new CliError(`${errors.length} problem(s); nothing applied`);
    }
    const body = JSON.stringify(documents);
    const showProgress = body.length > 1_000_000 && process.stderr.isTTY;
    const { SingleBar, Presets } = await import('cli-progress');
    const bar = new SingleBar({ format: 'uploading {bar} {percentage}% | {value}/{total} KiB', stream: process.stderr }, Presets.shades_classic);
    if (showProgress) bar.start(Math.ceil(body.length / 1024), 0);
    else if (body.length > 1_000_000) process.stderr.write(`uploading ${documents.length} documents (${(body.length / 1e6).toFixed(1)} MB)…\n`);
    const result = await call<ApplyResponse>(opts.server, '/api/v1/graph/apply', {
      method: 'POST',
      body,
      onUpload: (sent) => showProgress && bar.update(Math.ceil(sent / 1024)),
    }).finally(() => showProgress && bar.stop());
    if (opts.json) { print(JSON.stringify(result, null, 2)); return; }
    print(`revision ${result.revision}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged`);
    for (const name of result.names.created) print(`  + ${name}`);
    for (const name of result.names.updated) print(`  ~ ${name}`);
  });

program
  .command('export')
  .description('Print the whole graph as manifest YAML that applies back unchanged')
  .addOption(serverOption())
  .option('-r, --revision <n>', 'export the graph as it was at this revision')
  .option('-o, --output <file>', 'write to a file instead of stdout')
  .action(async (opts: { server: string; revision?: string; output?: string }) => {
    const res = await call<NodesResponse>(opts.server, `/api/v1/nodes${opts.revision ? `?revision=${encodeURIComponent(opts.revision)}` : ''}`);
    const yaml = `# blast-radius export of revision ${res.revision}\n` + res.nodes.map((n) => stringify(n)).join('---\n');
    if (opts.output) fs.writeFileSync(opts.output, yaml);
    else process.stdout.write(yaml);
  });

program
  .command('what-if')
  .description('The blast radius if NODE produced a bad output now')
  .argument('<node>')
  .addOption(serverOption())
  .option('-d, --max-depth <n>', 'only consumers up to this depth')
  .option('--json', 'print the answer as JSON')
  .action(async (node: string, opts: { server: string; maxDepth?: string; json?: boolean }) => {
    const q = opts.maxDepth ? `?maxDepth=${encodeURIComponent(opts.maxDepth)}` : '';
    const radius = await call<BlastRadius>(opts.server, `/api/v1/nodes/${encodeURIComponent(node)}/blast-radius${q}`);
    if (opts.json) { print(JSON.stringify(radius, null, 2)); return; }
    const surfaces = radius.consumers.filter((c) => c.kind === 'Surface');
    print(`If ${radius.source} went bad now (revision ${radius.revision}): ${radius.consumers.length} consumers, ${surfaces.length} surfaces${radius.truncated ? ` (${radius.cut} more beyond depth ${radius.maxDepth})` : ''}`);
    for (const c of radius.consumers) {
      print(`  ${'  '.repeat(Math.min(c.depth - 1, 6))}${c.name} [${c.kind}] depth ${c.depth}, ${c.exposure}${c.arrivalSeconds ? `, +${formatSeconds(c.arrivalSeconds)}` : ''} → ${c.suggestedAction}`);
    }
  });

registerIncidentCommands(program, { serverOption, print });
registerPostIncidentCommands(program, { serverOption, print });
registerAuditCommands(program, { serverOption, print });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CliError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(err.exitCode);
  }
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(2);
});
