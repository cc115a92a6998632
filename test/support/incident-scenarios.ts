// Random incident scenarios for the time engine (CONTRACT.md §4–§6, §8), driven over HTTP and
// compared consumer by consumer with the independent reference (incident-reference*.ts). Used by
// test/core/incident-time.test.ts (embedded store) and test/neo4j/incident-time.test.ts.
import { afterAll, beforeAll } from 'vitest';
import { rng } from './graphs.js';
import { startTestServer, type TestServer } from './server.js';
import type { Gate, Kind, RefEdge, RefNode } from './incident-reference.js';

export interface Reply {
  status: number;
  body: any;
}

/** A tiny JSON client for one server. */
export class Api {
  constructor(public base: string) {}

  async call(method: string, path: string, body?: unknown): Promise<Reply> {
    const res = await fetch(this.base + path, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-Actor': 'tester' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, body: parsed };
  }

  async ok(method: string, path: string, body?: unknown): Promise<any> {
    const r = await this.call(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 800)}`);
    return r.body;
  }
}

export const CLASSES = ['financial-write', 'customer-communication', 'code-commit', 'ticket-routing'];

export interface GraphSpec {
  nodes: RefNode[];
  edges: RefEdge[];
}

/** Seconds as an ISO 8601 duration, written in varied but valid ways. */
export function isoDuration(seconds: number, random: () => number = Math.random): string {
  if (seconds === 0) return random() < 0.5 ? 'PT0S' : 'P0D';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (random() < 0.3 && seconds < 1e6) return `PT${seconds}S`;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}

/** A delay from PT0S to P2D, or none; zero and small delays are common so that arrivals tie. */
function randomDelay(random: () => number): number | undefined {
  const r = random();
  if (r < 0.25) return undefined;
  if (r < 0.4) return 0;
  if (r < 0.6) return 1 + Math.floor(random() * 600);
  if (r < 0.85) return 600 + Math.floor(random() * 86400);
  return 86400 + Math.floor(random() * 86400);
}

const NAME_CHARS = 'ab0-z9';

/** A random graph of `n` nodes named `${tag}-...`: all kinds, cycles, gates, delays, classes. */
export function randomGraph(seed: number, tag: string, n: number, density: number): GraphSpec {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const names = new Set<string>();
  while (names.size < n) {
    let suffix = '';
    const len = 1 + Math.floor(random() * 4);
    for (let i = 0; i < len; i++) suffix += pick(NAME_CHARS.split(''));
    suffix = suffix.replace(/-+$/, '') + pick(['a', '1', 'b', '0']);
    names.add(`${tag}-${suffix}`);
  }
  const list = [...names];
  const kinds: Kind[] = ['Agent', 'Agent', 'System', 'Surface', 'Surface'];
  const nodes: RefNode[] = list.map((name, i) => {
    const kind: Kind = i === 0 ? 'Agent' : pick(kinds);
    const node: RefNode = { name, kind, owner: pick(['Payments', 'cx-team', 'Risk-Ops']) };
    if (random() < 0.3) node.title = pick(['Refund Bot', 'CRM', 'Chat Widget', 'Ledger']);
    if (kind === 'Agent' && random() < 0.75) {
      node.actionClasses = CLASSES.filter(() => random() < 0.5);
      if (node.actionClasses.length === 0) node.actionClasses = [pick(CLASSES)];
      const registry = node.actionClasses.filter(() => random() < 0.6);
      if (registry.length > 0) node.containment = registry.map((c) => ({ actionClass: c, primitive: `flag ${c}=off`, ...(random() < 0.5 ? { runbook: `https://runbooks.example/${c}` } : {}) }));
    }
    return node;
  });
  const edges: RefEdge[] = [];
  for (const from of nodes) {
    for (const to of nodes) {
      if (from === to || random() >= density) continue;
      const gate: Gate = pick(['none', 'none', 'none', 'human-review', 'automated-check']);
      const edge: RefEdge = { from: from.name, to: to.name, gate };
      const delay = randomDelay(random);
      if (delay !== undefined) edge.delaySeconds = delay;
      if (from.actionClasses && random() < 0.6) {
        const classes = from.actionClasses.filter(() => random() < 0.5);
        edge.actionClasses = (classes.length > 0 ? classes : [pick(from.actionClasses)]).sort();
      }
      edges.push(edge);
    }
  }
  return { nodes, edges };
}

/** The manifest documents of a graph, delays written as ISO durations. */
export function manifestsOf(spec: GraphSpec, random: () => number = Math.random): object[] {
  return spec.nodes.map((n) => ({
    apiVersion: 'blast-radius/v1',
    kind: n.kind,
    metadata: { name: n.name, owner: n.owner, ...(n.title ? { title: n.title } : {}) },
    spec: {
      ...(n.actionClasses ? { actionClasses: n.actionClasses } : {}),
      ...(n.containment ? { containment: n.containment } : {}),
      consumes: spec.edges
        .filter((e) => e.to === n.name)
        .map((e) => ({
          from: e.from,
          gate: e.gate,
          ...(e.delaySeconds !== undefined ? { delay: isoDuration(e.delaySeconds, random) } : {}),
          ...(e.actionClasses ? { actionClasses: e.actionClasses } : {}),
        })),
    },
  }));
}

/** A compact graph for hand-written cases: "a>b" edges with ":gate", "@PT5M" and "[c1,c2]". */
export function graphOf(tag: string, nodes: Record<string, Kind | [Kind, string[]]>, edges: string[]): GraphSpec {
  const name = (n: string) => `${tag}-${n}`;
  const list: RefNode[] = Object.entries(nodes).map(([n, k]) => {
    const [kind, classes] = Array.isArray(k) ? k : [k, undefined];
    return { name: name(n), kind, owner: 'team', ...(classes ? { actionClasses: classes } : {}) };
  });
  const parsed = edges.map((e) => {
    const m = /^([a-z0-9-]+)>([a-z0-9-]+)(?::([a-z-]+))?(?:@(\w+))?(?:\[([a-z0-9,-]+)\])?$/.exec(e);
    if (!m) throw new Error(`bad edge ${e}`);
    const edge: RefEdge = { from: name(m[1]), to: name(m[2]), gate: (m[3] as Gate) ?? 'none' };
    if (m[4]) edge.delaySeconds = durationToSeconds(m[4]);
    if (m[5]) edge.actionClasses = m[5].split(',').sort();
    return edge;
  });
  return { nodes: list, edges: parsed };
}

function durationToSeconds(text: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m) throw new Error(`bad duration ${text}`);
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return d * 86400 + h * 3600 + min * 60 + s;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Api of a fresh embedded server started for the suite, and stopped after it. */
export function embeddedSuiteApi(): Api {
  const api = new Api('');
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer();
    api.base = server.baseUrl;
  });
  afterAll(async () => {
    await server?.close();
  });
  return api;
}
