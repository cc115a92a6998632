// Incidents at 100,000 consumers (issue 8), over real HTTP to a server process of its own, cold:
// every open is on a fresh revision, so no radius is cached. Beside each figure, the limit measured in the same run: a breadth-first
// search plus the JSON of the consumers, in plain Node, with no store and no server.
import type { NodeDocument } from '../../graph-schema/index.js';
import type { RunningServer } from '../../server/server.js';

/** A server in a process of its own. */
export interface Served {
  url: string;
  close: () => Promise<void>;
  /** What it runs: the build, or tsx. */
  runs: string;
}

export interface IncidentBenchContext {
  store: 'embedded' | 'neo4j';
  docs: NodeDocument[];
  start: () => Promise<RunningServer>;
  /** The server as `npm start` runs it, in a process of its own, on the data `start` loaded (embedded) or the database (Neo4j). */
  spawn: () => Promise<Served>;
  log: (line: string) => void;
  runs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;

/** The limit: BFS from the source with one shortest path each, and JSON of those consumers. */
export function plainLimit(docs: NodeDocument[], source: string, runs: number): { ms: number; consumers: number } {
  const out = new Map<string, string[]>();
  const kind = new Map<string, string>();
  for (const d of docs) {
    kind.set(d.metadata.name, d.kind);
    for (const c of d.spec.consumes) {
      let list = out.get(c.from);
      if (!list) out.set(c.from, (list = []));
      list.push(d.metadata.name);
    }
  }
  const times: number[] = [];
  let count = 0;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const parent = new Map<string, string | null>([[source, null]]);
    const depth = new Map<string, number>([[source, 0]]);
    const order: string[] = [];
    let frontier = [source];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const u of frontier) {
        for (const v of out.get(u) ?? []) {
          if (depth.has(v)) continue;
          depth.set(v, depth.get(u)! + 1);
          parent.set(v, u);
          next.push(v);
          order.push(v);
        }
      }
      frontier = next;
    }
    const paths = new Map<string, string[]>([[source, [source]]]);
    const consumers = order.map((name) => {
      const path = [...paths.get(parent.get(name)!)!, name];
      paths.set(name, path);
      return { name, kind: kind.get(name), depth: depth.get(name), path };
    });
    JSON.stringify(consumers);
    times.push(performance.now() - t);
    count = consumers.length;
  }
  return { ms: median(times), consumers: count };
}

async function call(running: { url: string }, method: string, path: string, body?: unknown): Promise<{ ms: number; status: number; json: unknown; bytes: number }> {
  const t = performance.now();
  const res = await fetch(`${running.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const elapsed = performance.now() - t;
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return { ms: elapsed, status: res.status, json: JSON.parse(text), bytes: text.length };
}

/** A new revision that changes nothing the source reaches, so the next open computes its radius cold. */
async function freshRevision(running: { url: string }, i: number): Promise<void> {
  await call(running, 'POST', '/api/v1/graph/apply', [{ apiVersion: 'blast-radius/v1', kind: 'System', metadata: { name: `bench-spare-${i}`, owner: 'bench' }, spec: { consumes: [] } }]);
}

export async function incidentBench(ctx: IncidentBenchContext): Promise<void> {
  const { log, store } = ctx;
  // two runs first: the heap that just generated a million edges makes the first runs of anything
  // slow, and a limit measured in that state is up to twice what a settled run takes
  plainLimit(ctx.docs, 'n0', 2);
  const limit = plainLimit(ctx.docs, 'n0', 7);
  log(`incidents, ${store}: limit (BFS + JSON of ${limit.consumers.toLocaleString('en')} consumers, plain Node): median ${ms(limit.ms)}`);
  // loaded in this process, then measured on a server of its own: the bench's heap (a generated
  // million edges) is not the server's, and its garbage collections would be counted as the server's
  const loader = await ctx.start();
  try {
    const t = performance.now();
    await loader.store.apply(ctx.docs, { by: 'bench' });
    log(`  load, ${store}: ${ms(performance.now() - t)}`);
  } finally {
    await loader.close();
  }
  let running = await ctx.spawn();
  log(`  measured on a server process of its own (${running.runs})`);
  try {
    const opens: number[] = [];
    const ids: string[] = [];
    let bytes = 0;
    for (let i = 0; i < 3; i++) {
      await freshRevision(running, i);
      const r = await call(running, 'POST', '/api/v1/incidents', { title: `bench ${i}`, source: 'n0', failureMode: 'hallucination', outputAt: new Date(Date.now() - 3600_000).toISOString() });
      opens.push(r.ms);
      bytes = r.bytes;
      ids.push((r.json as { id: string }).id);
    }
    const open = median(opens);
    log(`  open an incident, cold (fresh revision), ${store}: median ${ms(open)} of 3 (${(bytes / 1e6).toFixed(0)} MB answer) = ${(open / limit.ms).toFixed(1)}x the limit`);
    // embedded: the first open builds its revision's index from every document; the next two patch the index of the revision before
    log(`    each open: ${opens.map(ms).join(', ')}; slowest ${(Math.max(...opens) / limit.ms).toFixed(1)}x the limit`);

    const id = ids[0];
    const header = await call(running, 'GET', `/api/v1/incidents/${id}?consumers=false`);
    const firstHeader = header.ms;
    const headers: number[] = [];
    for (let i = 0; i < ctx.runs; i++) headers.push((await call(running, 'GET', `/api/v1/incidents/${id}?consumers=false`)).ms);
    log(`  summary read (?consumers=false), ${store}: median ${ms(median(headers))} of ${ctx.runs} (first ${ms(firstHeader)})`);

    const page = await call(running, 'GET', `/api/v1/incidents/${id}/consumers?limit=500&sort=arrival`);
    const pages: number[] = [page.ms];
    for (let i = 0; i < ctx.runs; i++) pages.push((await call(running, 'GET', `/api/v1/incidents/${id}/consumers?limit=500&reached=true&kind=Surface`)).ms);
    log(`  a page of 500 consumers, filtered, ${store}: median ${ms(median(pages))}`);

    const { consumers } = (await call(running, 'GET', `/api/v1/incidents/${id}/consumers?limit=${ctx.runs * 2 + 2}&sort=depth`)).json as { consumers: { name: string; kind: string; version: number }[] };
    const decide = async (name: string, action: string) => {
      const t0 = performance.now();
      await call(running, 'PUT', `/api/v1/incidents/${id}/decisions/${name}`, { action, note: 'bench' });
      await call(running, 'GET', `/api/v1/incidents/${id}?consumers=false`);
      return performance.now() - t0;
    };
    const notes: number[] = [];
    const stops: number[] = [];
    for (let i = 0; i < ctx.runs; i++) notes.push(await decide(consumers[i].name, 'notify'));
    for (let i = 0; i < ctx.runs; i++) stops.push(await decide(consumers[ctx.runs + i].name, 'stop'));
    // the nearest consumers were reached long ago: their stops come too late to change any arrival
    // (only exposure is walked again); a stop on one the output has not reached yet changes arrivals
    // downstream, and recomputes them all
    const pending = ((await call(running, 'GET', `/api/v1/incidents/${id}/consumers?limit=${ctx.runs}&reached=false&sort=arrival`)).json as { consumers: { name: string }[] }).consumers;
    const timely: number[] = [];
    for (const c of pending) timely.push(await decide(c.name, 'stop'));
    log(
      `  decide and read the summary, ${store}: notify median ${ms(median(notes))}; stop after arrival (exposure recomputed) median ${ms(median(stops))}; ` +
        `stop before arrival (arrival and exposure recomputed) median ${ms(median(timely))}; of ${ctx.runs} each`,
    );

    const lists: number[] = [];
    for (let i = 0; i < ctx.runs; i++) lists.push((await call(running, 'GET', '/api/v1/incidents')).ms);
    log(`  the list of ${ids.length} incidents, ${store}: median ${ms(median(lists))}`);

    const t1 = performance.now();
    await running.close();
    running = await ctx.spawn();
    const started = performance.now() - t1;
    await call(running, 'GET', `/api/v1/incidents/${id}?consumers=false`);
    log(`  restart with three ${limit.consumers.toLocaleString('en')}-consumer incidents, ${store}: ${ms(started)} to ready, ${ms(performance.now() - t1)} to the first summary`);
  } finally {
    await running.close();
  }
}
