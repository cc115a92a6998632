// Small helpers shared by the test/core suites: compact graph specs, an independent reachability
// reference and a random small-graph generator, and an incident assembled from the pure parts
// (incidentOf) for the suites that need one to read.
import type { BlastRadius, HistoryEntry, Incident, IncidentRecord, LogEntry, NodeDocument, StatusChange } from '../../graph-schema/index.js';
import { blastRadius } from '../../server/analysis/blast-radius.js';
import { buildGraph } from '../../server/analysis/graph.js';
import { emptyLogState, foldLog } from '../../server/analysis/incident-log.js';
import { consumerAt, factsOf, progressOf, summaryOf, timelineOf } from '../../server/analysis/incident-view.js';
import { radiusGraph } from '../../server/analysis/radius-graph.js';
import { doc, rng } from '../support/graphs.js';

export type Kind = 'Agent' | 'System' | 'Surface';
type Gate = 'none' | 'human-review' | 'automated-check';

export interface EdgeSpec {
  from: string;
  to: string;
  gate?: Gate;
  delay?: string;
}

/**
 * Documents from a compact spec: `nodes` maps name to kind, `edges` are "from>to" strings with an
 * optional ":gate" and "@delay" suffix, e.g. "a>b:human-review@PT5M".
 */
export function docsFrom(nodes: Record<string, Kind>, edges: (string | EdgeSpec)[], extra: Record<string, { owner?: string; contact?: string; title?: string }> = {}): NodeDocument[] {
  const parsed = edges.map(parseEdge);
  return Object.entries(nodes).map(([name, kind]) => {
    const consumes = parsed
      .filter((e) => e.to === name)
      .map((e) => ({ from: e.from, ...(e.gate ? { gate: e.gate } : {}), ...(e.delay ? { delay: e.delay } : {}) }));
    return doc(name, kind, consumes as never, extra[name] ?? {});
  });
}

export function parseEdge(e: string | EdgeSpec): EdgeSpec {
  if (typeof e !== 'string') return e;
  const m = /^([a-z0-9-]+)>([a-z0-9-]+)(?::([a-z-]+))?(?:@(\S+))?$/.exec(e);
  if (!m) throw new Error(`bad edge spec ${e}`);
  return { from: m[1], to: m[2], ...(m[3] ? { gate: m[3] as Gate } : {}), ...(m[4] ? { delay: m[4] } : {}) };
}

export function radiusOf(docs: NodeDocument[], source: string, options: { revision?: number; maxDepth?: number } = {}): BlastRadius {
  return blastRadius(buildGraph(docs), source, { revision: options.revision ?? 1, ...(options.maxDepth !== undefined ? { maxDepth: options.maxDepth } : {}) });
}

/** Out-lists straight from the documents. */
export function outLists(docs: NodeDocument[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of docs) out.set(d.metadata.name, []);
  for (const d of docs) for (const c of d.spec.consumes) out.get(c.from)?.push(d.metadata.name);
  return out;
}

/**
 * By definition: the nodes reachable from `source` along paths whose nodes (after the source) are
 * all outside `blocked`; the source itself never counts.
 */
export function reachAvoiding(out: Map<string, string[]>, source: string, blocked: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>([source]);
  const queue = [source];
  while (queue.length > 0) {
    const u = queue.shift()!;
    for (const v of out.get(u) ?? []) {
      if (seen.has(v) || blocked.has(v)) continue;
      seen.add(v);
      queue.push(v);
    }
  }
  seen.delete(source);
  return seen;
}

/** A random small graph (names g0..g{n-1}) with random kinds, gates and delays; cycles allowed. */
export function randomSmallGraph(seed: number, n: number, density = 0.25): NodeDocument[] {
  const random = rng(seed);
  const kinds: Kind[] = ['Agent', 'System', 'Surface'];
  const gates: Gate[] = ['none', 'none', 'human-review', 'automated-check'];
  const names = Array.from({ length: n }, (_, i) => `g${i}`);
  const nodes: Record<string, Kind> = {};
  names.forEach((name, i) => (nodes[name] = i === 0 ? 'Agent' : kinds[Math.floor(random() * kinds.length)]));
  const edges: EdgeSpec[] = [];
  for (const from of names) {
    for (const to of names) {
      if (from === to) continue;
      if (random() < density) {
        const gate = gates[Math.floor(random() * gates.length)];
        edges.push({ from, to, gate, ...(random() < 0.6 ? { delay: `PT${1 + Math.floor(random() * 40)}S` } : {}) });
      }
    }
  }
  return docsFrom(nodes, edges);
}

/** Every subset of `items` of exactly size k, in lexicographic index order. */
export function* subsetsOfSize<T>(items: T[], k: number, start = 0, chosen: T[] = []): Generator<T[]> {
  if (chosen.length === k) {
    yield [...chosen];
    return;
  }
  for (let i = start; i <= items.length - (k - chosen.length); i++) {
    chosen.push(items[i]);
    yield* subsetsOfSize(items, k, i + 1, chosen);
    chosen.pop();
  }
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export function incidentRecord(radius: BlastRadius, overrides: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    id: 'inc-test-1',
    title: 'Bad output',
    source: radius.source,
    sourceKind: radius.sourceKind,
    failureMode: 'hallucination',
    outputAt: '2025-03-01T10:00:00.000Z',
    detectedAt: '2025-03-01T10:00:00.000Z',
    openedAt: '2025-03-01T10:05:00.000Z',
    openedBy: 'sam',
    status: 'open',
    revision: radius.revision,
    actionClasses: null,
    size: { consumers: radius.consumers.length, surfaces: radius.consumers.filter((c) => c.kind === 'Surface').length, edges: radius.edges.length },
    ...overrides,
  };
}

/** The incident a commander would read at asOf (default: long after every arrival), from pure parts. */
export function incidentOf(record: IncidentRecord, radius: BlastRadius, history: HistoryEntry[], statusHistory: StatusChange[] = [], asOfMs = Date.parse('2030-01-01T00:00:00Z')): Incident {
  const g = radiusGraph(radius);
  const entries: LogEntry[] = [
    ...history.map((entry) => ({ seq: entry.seq, type: 'decision' as const, entry })),
    ...statusHistory.map((change, i) => ({ seq: history.length + i + 1, type: 'status' as const, change })),
  ];
  const log = foldLog(emptyLogState(), entries);
  const facts = factsOf(g, timelineOf(g, Date.parse(record.outputAt), log.decisions), log, asOfMs);
  const summary = summaryOf(facts, record);
  const consumers = radius.consumers.map((_, i) => consumerAt(facts, i + 1));
  return {
    ...record,
    status: statusHistory.at(-1)?.status ?? record.status,
    asOf: summary.asOf,
    sourceActionClasses: [],
    summary,
    progress: progressOf(summary),
    statusHistory,
    clocks: [],
    lastSeq: log.lastSeq,
    consumers,
    remainingExposure: consumers.filter((c) => c.exposed).map((c) => ({ name: c.name, kind: c.kind, depth: c.depth })),
  };
}

/** A decision history as the store would write it: versions grow per consumer, seq overall. */
export function historyOf(entries: { name: string; action: 'stop' | 'correct' | 'notify'; note?: string; by?: string; at?: string }[]): HistoryEntry[] {
  const versions = new Map<string, { version: number; action: 'stop' | 'correct' | 'notify' }>();
  return entries.map((e, i) => {
    const before = versions.get(e.name);
    const version = (before?.version ?? 0) + 1;
    versions.set(e.name, { version, action: e.action });
    const entry: HistoryEntry = {
      seq: i + 1,
      name: e.name,
      action: e.action,
      previousAction: before?.action ?? null,
      version,
      by: e.by ?? 'sam',
      at: e.at ?? new Date(Date.parse('2025-03-01T10:10:00.000Z') + i * 60_000).toISOString(),
      effectiveAt: '',
    };
    entry.effectiveAt = entry.at;
    if (e.note !== undefined) entry.note = e.note;
    return entry;
  });
}
