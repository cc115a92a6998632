// A radius as integer-indexed arrays, for the incident's time computations (CONTRACT.md §5):
// local id 0 is the source, id i+1 is consumers[i]. Built once per cached radius; every decision
// then recomputes arrival and exposure on these arrays instead of walking objects.
import type { BlastRadius, FeedsEdge, NodeKind } from '../../graph-schema/index.js';
import { channelName, gateName, modeName } from './graph-index.js';

export const KIND_CODE: Record<NodeKind, number> = { Agent: 0, System: 1, Surface: 2 };
export const SURFACE = KIND_CODE.Surface;

export interface RadiusGraph {
  radius: BlastRadius;
  /** Nodes, the source included. */
  n: number;
  names: string[];
  ids: Map<string, number>;
  kind: Uint8Array;
  outStart: Int32Array;
  outTo: Int32Array;
  /** Milliseconds; 0 where no delay is declared. */
  outDelayMs: Float64Array;
  /** Index into classSets, -1 for an unclassified edge. */
  outClasses: Int32Array;
  classSets: string[][];
  /** Codes as in GraphIndex, and the delay as declared (NaN: none), to give edges back on demand. */
  outGate: Uint8Array;
  outChannel: Uint8Array;
  outMode: Uint8Array;
  outDelaySeconds: Float64Array;
  /** Each node's declared action classes (Agents), for partial stops. */
  declared: (readonly string[] | undefined)[];
}

/** Edge slot k as the API writes an edge. */
export function edgeAt(g: RadiusGraph, from: number, k: number): FeedsEdge {
  const edge: FeedsEdge = { from: g.names[from], to: g.names[g.outTo[k]], gate: gateName(g.outGate[k]), channel: channelName(g.outChannel[k]), mode: modeName(g.outMode[k]) };
  if (!Number.isNaN(g.outDelaySeconds[k])) edge.delaySeconds = g.outDelaySeconds[k];
  if (g.outClasses[k] >= 0) edge.actionClasses = g.classSets[g.outClasses[k]];
  return edge;
}

/** Edges in slot order (grouped by producer, source first, in the consumers' order): `count` from `start`. */
export function edgesOf(g: RadiusGraph, start = 0, count = Infinity): FeedsEdge[] {
  const out: FeedsEdge[] = [];
  const end = Math.min(g.outTo.length, start + count);
  let u = 0;
  for (let k = start; k < end; k++) {
    while (g.outStart[u + 1] <= k) u++;
    out.push(edgeAt(g, u, k));
  }
  return out;
}

const GATE_CODE = { none: 0, 'human-review': 1, 'automated-check': 2 } as const;
const CHANNEL_CODE = { api: 0, queue: 1, db: 2, file: 3, event: 4, ui: 5 } as const;
const MODE_CODE = { sync: 0, async: 1, batch: 2 } as const;

/** The arrays of a radius answer that has its edges (tests and the answer cache build it this way). */
export function radiusGraph(radius: BlastRadius, sourceActionClasses?: readonly string[]): RadiusGraph {
  const n = radius.consumers.length + 1;
  const names = [radius.source, ...radius.consumers.map((c) => c.name)];
  const ids = new Map<string, number>();
  names.forEach((name, i) => ids.set(name, i));
  const kind = new Uint8Array(n);
  kind[0] = KIND_CODE[radius.sourceKind];
  const declared: (readonly string[] | undefined)[] = [sourceActionClasses];
  radius.consumers.forEach((c, i) => {
    kind[i + 1] = KIND_CODE[c.kind];
    declared.push(c.actionClasses);
  });

  const m = radius.edges.length;
  const outStart = new Int32Array(n + 1);
  const from = new Int32Array(m);
  radius.edges.forEach((e, k) => {
    from[k] = ids.get(e.from)!;
    outStart[from[k] + 1]++;
  });
  for (let i = 0; i < n; i++) outStart[i + 1] += outStart[i];
  const fill = outStart.slice(0, n);
  const outTo = new Int32Array(m);
  const outDelayMs = new Float64Array(m);
  const outClasses = new Int32Array(m);
  const outGate = new Uint8Array(m);
  const outChannel = new Uint8Array(m);
  const outMode = new Uint8Array(m);
  const outDelaySeconds = new Float64Array(m);
  const classSets: string[][] = [];
  const classSetIds = new Map<string, number>();
  radius.edges.forEach((e, k) => {
    const slot = fill[from[k]]++;
    outTo[slot] = ids.get(e.to)!;
    outDelayMs[slot] = (e.delaySeconds ?? 0) * 1000;
    outDelaySeconds[slot] = e.delaySeconds ?? NaN;
    outGate[slot] = GATE_CODE[e.gate];
    outChannel[slot] = CHANNEL_CODE[e.channel];
    outMode[slot] = MODE_CODE[e.mode];
    if (e.actionClasses && e.actionClasses.length > 0) {
      const key = e.actionClasses.join('\u0000');
      let id = classSetIds.get(key);
      if (id === undefined) {
        classSetIds.set(key, (id = classSets.length));
        classSets.push(e.actionClasses);
      }
      outClasses[slot] = id;
    } else outClasses[slot] = -1;
  });
  return { radius, n, names, ids, kind, outStart, outTo, outDelayMs, outClasses, classSets, outGate, outChannel, outMode, outDelaySeconds, declared };
}
