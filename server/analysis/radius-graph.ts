// A radius as integer-indexed arrays, for the incident's time computations (CONTRACT.md §5):
// local id 0 is the source, id i+1 is consumers[i]. Built once per cached radius; every decision
// then recomputes arrival and exposure on these arrays instead of walking objects.
import type { BlastRadius, NodeKind } from '../../graph-schema/index.js';

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
  /** Each node's declared action classes (Agents), for partial stops. */
  declared: (readonly string[] | undefined)[];
}

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
  const classSets: string[][] = [];
  const classSetIds = new Map<string, number>();
  radius.edges.forEach((e, k) => {
    const slot = fill[from[k]]++;
    outTo[slot] = ids.get(e.to)!;
    outDelayMs[slot] = (e.delaySeconds ?? 0) * 1000;
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
  return { radius, n, names, ids, kind, outStart, outTo, outDelayMs, outClasses, classSets, declared };
}

/** The edges of the radius in its own order, for paging. */
export const radiusEdgeCount = (g: RadiusGraph): number => g.radius.edges.length;
