// CLI commands for the incident itself (CONTRACT.md §3, §5): open, show, the decision queue,
// decide (stop, correct, notify, clear; effective times and partial stops), report.
import fs from 'node:fs';
import { Argument, Option, type Command } from 'commander';
import {
  DecisionAction,
  FailureMode,
  type ConsumersPage,
  type DecisionResult,
  type Incident,
  type IncidentConsumer,
  type IncidentSummaryCounts,
} from '../../graph-schema/index.js';
import { stateInWords } from '../../graph-schema/rules.js';
import { call } from './client.js';

interface Helpers {
  serverOption: () => Option;
  print: (text: string) => void;
}

const incidentPath = (id: string) => `/api/v1/incidents/${encodeURIComponent(id)}`;
const classList = (text: string | undefined) => (text ? text.split(',').map((c) => c.trim()).filter(Boolean) : undefined);

/** One line a commander reads: what is reached, held and waiting, and whether the source is stopped. */
function summaryLine(s: IncidentSummaryCounts): string {
  const source = s.source ? `source stopped${s.source.actionClasses ? ` for ${s.source.actionClasses.join(', ')}` : ''}` : 'source NOT stopped';
  return `as of ${s.asOf}: ${s.reached} reached (${s.surfacesReached} surfaces), ${s.held} held, ${s.needsDecision} need a decision; ${source}`;
}

const decisionText = (c: IncidentConsumer) =>
  c.decision ? `${c.decision.action}${c.decision.actionClasses ? ` (${c.decision.actionClasses.join(', ')})` : ''} (v${c.decision.version} by ${c.decision.by})` : `undecided, suggest ${c.suggestedAction}`;

export function registerIncidentCommands(program: Command, { serverOption, print }: Helpers): Command {
  const incident = program.command('incident').description('Open, show, decide and report incidents');
  incident
    .command('open')
    .requiredOption('--source <node>', 'the node that produced the bad output')
    .addOption(new Option('--failure-mode <mode>', 'what went wrong').choices(FailureMode.options).makeOptionMandatory())
    .requiredOption('--title <text>')
    .option('--output-ref <ref>', 'id of the bad output')
    .option('--output-at <iso>', 'when the bad output was first produced (default: the detection time)')
    .option('--detected-at <iso>', 'when it was detected')
    .option('--action-classes <list>', "the source's broken action classes, comma-separated (default: all of it)")
    .addOption(serverOption())
    .action(async (opts: { source: string; failureMode: string; title: string; outputRef?: string; outputAt?: string; detectedAt?: string; actionClasses?: string; server: string }) => {
      const classes = classList(opts.actionClasses);
      const body = {
        title: opts.title,
        source: opts.source,
        failureMode: opts.failureMode,
        ...(opts.outputRef ? { outputRef: opts.outputRef } : {}),
        ...(opts.outputAt ? { outputAt: opts.outputAt } : {}),
        ...(opts.detectedAt ? { detectedAt: opts.detectedAt } : {}),
        ...(classes ? { actionClasses: classes } : {}),
      };
      const inc = await call<Incident>(opts.server, '/api/v1/incidents', { method: 'POST', body: JSON.stringify(body) });
      print(`${inc.id}: ${inc.progress.total} consumers, ${inc.progress.surfacesExposed} surfaces exposed`);
      print(summaryLine(inc.summary));
    });
  incident
    .command('show')
    .argument('<id>')
    .addOption(serverOption())
    .option('--as-of <iso>', 'the incident as it stood then')
    .option('--json')
    .action(async (id: string, opts: { server: string; asOf?: string; json?: boolean }) => {
      const inc = await call<Incident>(opts.server, `${incidentPath(id)}${opts.asOf ? `?asOf=${encodeURIComponent(opts.asOf)}` : ''}`);
      if (opts.json) {
        print(JSON.stringify(inc, null, 2));
        return;
      }
      const p = inc.progress;
      print(`${inc.id} [${inc.status}] ${inc.title}\nsource ${inc.source} (${inc.failureMode}), revision ${inc.revision}; output at ${inc.outputAt}, detected ${inc.detectedAt} (UTC)`);
      print(`${p.total} consumers: ${p.stop} stop, ${p.correct} correct, ${p.notify} notify, ${p.undecided} undecided; ${inc.remainingExposure.length} still exposed (${p.surfacesExposed} surfaces)`);
      print(summaryLine(inc.summary));
      for (const c of inc.consumers) print(`  ${c.exposed ? '!' : ' '} ${c.name} [${c.kind}] depth ${c.depth}, ${stateInWords(c)}: ${decisionText(c)}`);
    });
  incident
    .command('queue')
    .description('The consumers that need a decision (reached or exposed, undecided), earliest arrival first')
    .argument('<id>')
    .addOption(serverOption())
    .option('--limit <n>', 'at most this many', '500')
    .option('--json')
    .action(async (id: string, opts: { server: string; limit: string; json?: boolean }) => {
      const limit = Math.max(1, Number(opts.limit) || 500);
      const consumers: IncidentConsumer[] = [];
      const pageOf = (cursor: string | null) =>
        call<ConsumersPage>(opts.server, `${incidentPath(id)}/consumers?needsDecision=true&sort=arrival&limit=${Math.min(limit - consumers.length, 5000)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      let page = await pageOf(null);
      consumers.push(...page.consumers);
      while (page.nextCursor !== null && consumers.length < limit) {
        page = await pageOf(page.nextCursor);
        consumers.push(...page.consumers);
      }
      const total = page.total;
      if (opts.json) {
        print(JSON.stringify({ consumers, total }, null, 2));
        return;
      }
      print(`${total} need a decision${total > consumers.length ? ` (first ${consumers.length})` : ''}`);
      for (const c of consumers) print(`  ${c.name} [${c.kind}] ${c.arrival ?? 'never'}, ${stateInWords(c)}: suggest ${c.suggestedAction} (version ${c.version})`);
    });
  incident
    .command('decide')
    .argument('<id>')
    .argument('<name>', 'a consumer, or the source (stop or clear only)')
    .addArgument(new Argument('<action>', 'stop, correct, notify, or clear (back to undecided)').choices(DecisionAction.options))
    .option('--note <text>', 'why (required to clear a stop)')
    .option('--expected-version <n>', 'refuse if the decision changed since this version (0: undecided)')
    .option('--effective-at <iso>', 'when it took effect (default now)')
    .option('--action-classes <list>', 'a partial stop: pause only these action classes, comma-separated')
    .addOption(serverOption())
    .action(async (id: string, name: string, action: string, opts: { note?: string; expectedVersion?: string; effectiveAt?: string; actionClasses?: string; server: string }) => {
      const classes = classList(opts.actionClasses);
      const body = {
        action,
        ...(opts.note ? { note: opts.note } : {}),
        ...(opts.expectedVersion !== undefined ? { expectedVersion: Number(opts.expectedVersion) } : {}),
        ...(opts.effectiveAt ? { effectiveAt: opts.effectiveAt } : {}),
        ...(classes ? { actionClasses: classes } : {}),
      };
      const result = await call<DecisionResult>(opts.server, `${incidentPath(id)}/decisions/${encodeURIComponent(name)}`, { method: 'PUT', body: JSON.stringify(body) });
      const e = result.entry;
      const effective = e.effectiveAt !== e.at ? `, effective ${e.effectiveAt}` : '';
      print(`${e.name}: ${e.action}${e.actionClasses ? ` (${e.actionClasses.join(', ')} only)` : ''} (version ${e.version}, by ${e.by}${effective})`);
      print(summaryLine(result.summary));
    });
  incident
    .command('report')
    .argument('<id>')
    .addOption(new Option('-f, --format <format>').choices(['markdown', 'json', 'csv']).default('markdown'))
    .option('-o, --output <file>')
    .addOption(serverOption())
    .action(async (id: string, opts: { format: string; output?: string; server: string }) => {
      const res = await call<unknown>(opts.server, `${incidentPath(id)}/report?format=${opts.format}`, { accept: '*/*' });
      const text = typeof res === 'string' ? res : JSON.stringify(res, null, 2);
      if (opts.output) fs.writeFileSync(opts.output, text);
      else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    });
  return incident;
}
