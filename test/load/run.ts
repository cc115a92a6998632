// `npm run load` (issue 11, "Load held"): loopback only and bounded in time. Two API processes on
// one throwaway Neo4j, then one process on the embedded store; in each, one 5,000-consumer
// incident, 50 commanders deciding through autocannon for LOAD_SECONDS (120) while 200 live
// subscribers watch through every instance. Then: no error, the history complete, every event
// delivered to every subscriber exactly once; latencies of decisions and of event delivery.
// Prints the table and writes it to test-results/load.txt; exits 1 when anything did not hold.
// LOAD_ONLY=neo4j|embedded runs one; LOAD_COMMANDERS, LOAD_SUBSCRIBERS, LOAD_CONSUMERS scale it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { throwawayNeo4j, type ThrowawayNeo4j } from '../support/throwaway-neo4j.js';
import { checkDelivery, checkHistory, sameHistory, type HistoryLine } from './check.js';
import { runCommanders, type CommanderResults } from './commanders.js';
import { SOURCE, treeGraph } from './graph.js';
import { neo4jEnv, startInstance, type Instance } from './instances.js';
import { subscribe, type Subscriber } from './sse.js';
import { ms, percentile, table } from './stats.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECONDS = Number(process.env.LOAD_SECONDS ?? 120);
const COMMANDERS = Number(process.env.LOAD_COMMANDERS ?? 50);
const SUBSCRIBERS = Number(process.env.LOAD_SUBSCRIBERS ?? 200);
const CONSUMERS = Number(process.env.LOAD_CONSUMERS ?? 5000);
const CATCH_UP_MS = 20_000;

const log = (message: string) => process.stderr.write(`load: ${message}\n`);

async function json(url: string, init: { method?: string; body?: unknown } = {}): Promise<any> {
  const res = await fetch(url, { method: init.method ?? 'GET', headers: { 'Content-Type': 'application/json', 'X-Actor': 'load-setup' }, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${init.method ?? 'GET'} ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

async function settledLastSeq(url: string): Promise<number> {
  let last = -1;
  for (let still = 0, tries = 0; still < 4 && tries < 120; tries++) {
    const seq = (await json(url)).lastSeq as number;
    still = seq === last ? still + 1 : 0;
    last = seq;
    await new Promise((r) => setTimeout(r, 500));
  }
  return last;
}

interface Outcome {
  label: string;
  instances: number;
  commanders: CommanderResults;
  network: number;
  delivery: number[];
  deliveries: number;
  historyProblems: string[];
  cutOff: number;
  sameEverywhere: boolean;
  deliveryProblems: string[];
  exact: number;
  lastSeq: number;
}

async function scenario(label: string, instances: Instance[]): Promise<Outcome> {
  const urls = instances.map((i) => i.url);
  const { docs, names } = treeGraph(CONSUMERS);
  log(`${label}: applying ${docs.length} nodes`);
  await json(`${urls[0]}/api/v1/graph/apply`, { method: 'POST', body: docs });
  const incident = await json(`${urls[0]}/api/v1/incidents`, {
    method: 'POST',
    body: { title: 'load run', source: SOURCE, failureMode: 'hallucination', outputAt: new Date(Date.now() - 60 * 60_000).toISOString() },
  });
  if (incident.size.consumers !== CONSUMERS) throw new Error(`the incident has ${incident.size.consumers} consumers, not ${CONSUMERS}`);
  for (const url of urls) await json(`${url}/api/v1/incidents/${incident.id}?consumers=false`); // each instance reads the radius once

  log(`${label}: ${SUBSCRIBERS} subscribers through ${urls.length} instance(s)`);
  const subs: { sub: Subscriber; start: number }[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const sub = subscribe(urls[i % urls.length], incident.id, { light: true });
    subs.push({ sub, start: await sub.ready });
  }

  log(`${label}: ${COMMANDERS} commanders for ${SECONDS} s`);
  const commanders = await runCommanders(urls, incident.id, names, COMMANDERS, SECONDS);
  const network = commanders.runs.reduce((n, r) => n + r.errors + r.timeouts, 0);

  // decisions whose answers the stop cut off are still being written: wait until the log is still
  const lastSeq = await settledLastSeq(`${urls[0]}/api/v1/incidents/${incident.id}?consumers=false`);
  log(`${label}: ${commanders.accepted.length} decisions, lastSeq ${lastSeq}; waiting for every subscriber`);
  const deadline = Date.now() + CATCH_UP_MS;
  await Promise.all(subs.map(({ sub }) => sub.until(lastSeq, Math.max(1, deadline - Date.now())).catch(() => undefined)));
  await new Promise((r) => setTimeout(r, 1000)); // anything extra (a duplicate) would come now

  const histories: HistoryLine[][] = [];
  for (const url of urls) histories.push((await json(`${url}/api/v1/incidents/${incident.id}/history`)).history);
  const { problems: historyProblems, cutOff } = checkHistory(histories[0], commanders.accepted, commanders.inFlight, lastSeq);
  const { problems: deliveryProblems, exact } = checkDelivery(subs, lastSeq);

  // delivery: from the decision's answer to the commander, to the event at each subscriber
  const answered = new Map(commanders.accepted.map((a) => [a.seq, a.answeredAt]));
  const delivery: number[] = [];
  for (const { sub } of subs) for (const e of sub.events) {
    const at = answered.get(e.seq);
    if (at !== undefined) delivery.push(Math.max(0, e.at - at));
  }
  for (const { sub } of subs) sub.close();
  return {
    label,
    instances: instances.length,
    commanders,
    network,
    delivery,
    deliveries: subs.reduce((n, s) => n + s.sub.events.length, 0),
    historyProblems,
    cutOff,
    sameEverywhere: histories.every((h) => sameHistory(h, histories[0])),
    deliveryProblems,
    exact,
    lastSeq,
  };
}

function held(o: Outcome): boolean {
  return o.network === 0 && o.commanders.otherStatuses.size === 0 && o.historyProblems.length === 0 && o.sameEverywhere && o.deliveryProblems.length === 0;
}

function report(outcomes: Outcome[], notes: string[]): string {
  const c = (f: (o: Outcome) => string) => outcomes.map(f);
  const errors = (o: Outcome) => [...o.commanders.otherStatuses.values()].reduce((a, b) => a + b, 0);
  const pct = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 99))}`;
  const within = (o: Outcome) => (o.delivery.length ? `${((100 * o.delivery.filter((d) => d <= 1000).length) / o.delivery.length).toFixed(2)} %` : '-');
  const rows = [
    ['', ...c((o) => o.label)],
    ['API instances', ...c((o) => String(o.instances))],
    ['commanders / live subscribers', ...c(() => `${COMMANDERS} / ${SUBSCRIBERS}`)],
    ['seconds / consumers', ...c(() => `${SECONDS} / ${CONSUMERS}`)],
    ['decisions accepted (per s)', ...c((o) => `${o.commanders.accepted.length} (${(o.commanders.accepted.length / SECONDS).toFixed(1)})`)],
    ['written, answer cut off by the stop', ...c((o) => `${o.cutOff} of ${o.commanders.inFlight.length} in flight`)],
    ['409 answers (stale version)', ...c((o) => String(o.commanders.conflicts))],
    ['header reads', ...c((o) => String(o.commanders.reads))],
    ['errors: 5xx or other status / network', ...c((o) => `${errors(o)} / ${o.network}`)],
    ['decision p50 / p99', ...c((o) => pct(o.commanders.latency.decision))],
    ['409 p50 / p99', ...c((o) => pct(o.commanders.latency.conflict))],
    ['header read p50 / p99', ...c((o) => pct(o.commanders.latency.read))],
    ['event delivery p50 / p99 (after the answer; 0: before it)', ...c((o) => pct(o.delivery))],
    ['event delivery max / within 1 s', ...c((o) => `${ms(percentile(o.delivery, 100))} / ${within(o)}`)],
    ['events delivered', ...c((o) => String(o.deliveries))],
    ['history complete (seqs, versions, answers)', ...c((o) => (o.historyProblems.length ? `NO (${o.historyProblems.length})` : `yes (${o.lastSeq})`))],
    ['same history through every instance', ...c((o) => (o.sameEverywhere ? 'yes' : 'NO'))],
    ['subscribers with every event exactly once', ...c((o) => `${o.exact} / ${SUBSCRIBERS}`)],
    ['held', ...c((o) => (held(o) ? 'yes' : 'NO'))],
  ];
  const details = outcomes.flatMap((o) => [...o.commanders.errorSamples, ...o.historyProblems, ...o.deliveryProblems].map((p) => `${o.label}: ${p}`));
  return [
    `Load run ${new Date().toISOString()}: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; loopback only`,
    '',
    table(rows),
    ...(notes.length ? ['', ...notes] : []),
    ...(details.length ? ['', 'Problems:', ...details] : []),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const only = process.env.LOAD_ONLY;
  const outcomes: Outcome[] = [];
  const notes: string[] = [];
  if (only !== 'embedded') {
    let neo: ThrowawayNeo4j | undefined;
    const instances: Instance[] = [];
    try {
      log('starting a throwaway Neo4j');
      neo = await throwawayNeo4j({ heap: process.env.NEO4J_HEAP ?? '1g', pagecache: '256m' });
      await neo.start();
      // one after the other: each runs the schema migration at start
      for (let i = 0; i < 2; i++) instances.push(await startInstance(neo4jEnv(neo)));
      outcomes.push(await scenario('Neo4j, two instances', instances));
    } catch (err) {
      notes.push(`Neo4j run did not complete: ${(err as Error).message.split('\n')[0]}`);
      log((err as Error).stack ?? String(err));
    } finally {
      for (const i of instances) await i.stop();
      await neo?.dispose();
    }
  }
  if (only !== 'neo4j') {
    const instances: Instance[] = [];
    try {
      instances.push(await startInstance({ BLAST_RADIUS_STORE: 'embedded' }));
      outcomes.push(await scenario('embedded, one instance', instances));
    } catch (err) {
      notes.push(`embedded run did not complete: ${(err as Error).message.split('\n')[0]}`);
      log((err as Error).stack ?? String(err));
    } finally {
      for (const i of instances) {
        await i.stop();
        fs.rmSync(i.dataDir, { recursive: true, force: true });
      }
    }
  }
  const text = outcomes.length ? report(outcomes, notes) : `Load run: nothing completed\n${notes.join('\n')}\n`;
  process.stdout.write(text);
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'test-results', 'load.txt'), text);
  process.exit(outcomes.length > 0 && notes.length === 0 && outcomes.every(held) ? 0 : 1);
}

await main();
