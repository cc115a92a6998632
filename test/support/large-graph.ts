// A deterministic graph in which one source has a very large blast radius (5,000 consumers by
// default): agents, systems and surfaces mixed over several depths, hubs, lateral edges within a
// layer, cycles (edges back to shallower nodes and to the source), gates and delays. Every
// consumer's depth is its layer, so tests know the shape without recomputing the radius.
import type { NodeDocument } from '../../graph-schema/index.js';
import { rng } from './graphs.js';

type Kind = 'Agent' | 'System' | 'Surface';
type Gate = 'none' | 'human-review' | 'automated-check';
type Consume = NodeDocument['spec']['consumes'][number];

export interface LargeRadiusGraph {
  docs: NodeDocument[];
  source: string;
  /** Consumer names per depth (index 0 is the source alone). */
  layers: string[][];
  consumers: number;
  edges: number;
}

/** Share of the consumers at each depth 1..5 (the rest go to the last). */
const LAYER_SHARE = [0.0024, 0.032, 0.22, 0.52];
const PREFIX: Record<Kind, string> = { Agent: 'agent', System: 'system', Surface: 'surface' };

export function largeRadiusGraph(consumers = 5000, seed = 5000): LargeRadiusGraph {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const gate = (): Gate => {
    const r = random();
    return r < 0.08 ? 'human-review' : r < 0.14 ? 'automated-check' : 'none';
  };
  const delay = (): { delay?: string } => (random() < 0.5 ? { delay: `PT${1 + Math.floor(random() * 45)}M` } : {});

  const sizes = LAYER_SHARE.map((s) => Math.max(1, Math.round(consumers * s)));
  sizes.push(consumers - sizes.reduce((a, b) => a + b, 0));

  const source = 'origin-agent';
  const kindOf = new Map<string, Kind>([[source, 'Agent']]);
  const consumes = new Map<string, Consume[]>([[source, []]]);
  const layers: string[][] = [[source]];
  const producers: string[][] = [[source]]; // the non-Surface nodes of each layer, which feed the next

  sizes.forEach((size, i) => {
    const depth = i + 1;
    const last = depth === sizes.length;
    const layer: string[] = [];
    const prods: string[] = [];
    for (let k = 0; k < size; k++) {
      const r = random();
      const kind: Kind = depth === 1 ? 'Agent' : last ? (r < 0.2 ? 'Agent' : r < 0.5 ? 'System' : 'Surface') : r < 0.42 ? 'Agent' : r < 0.75 ? 'System' : 'Surface';
      const name = `${PREFIX[kind]}-${depth}-${String(k).padStart(4, '0')}`;
      kindOf.set(name, kind);
      layer.push(name);
      if (kind !== 'Surface') prods.push(name);
      // the primary producer sits near the same relative position in the previous layer, so
      // subtrees form (what a real estate of teams looks like) and the depth is this layer's
      const prev = producers[depth - 1];
      const at = Math.min(prev.length - 1, Math.max(0, Math.round((k / size) * prev.length + (random() - 0.5) * 6)));
      const list: Consume[] = [{ from: prev[at], channel: 'api', mode: 'async', gate: gate(), ...delay() }];
      const seen = new Set([prev[at]]);
      const more = random() < 0.35 ? 1 + Math.floor(random() * 2) : 0;
      for (let m = 0; m < more; m++) {
        const from = pick(prev);
        if (seen.has(from)) continue;
        seen.add(from);
        list.push({ from, channel: pick(['queue', 'event', 'db'] as const), mode: 'async', gate: gate(), ...delay() });
      }
      // a lateral edge from an earlier producer in the same layer
      if (prods.length > 1 && random() < 0.04) {
        const from = pick(prods.slice(0, -1));
        if (!seen.has(from) && from !== name) {
          seen.add(from);
          list.push({ from, channel: 'api', mode: 'sync', gate: 'none' });
        }
      }
      consumes.set(name, list);
    }
    layers.push(layer);
    producers.push(prods);
  });

  // cycles: some nodes also consume from a deeper node (their depth stays the same)
  for (let d = 1; d < layers.length - 1; d++) {
    for (const name of layers[d]) {
      if (random() >= 0.03) continue;
      const deeper = producers[d + 1 + Math.floor(random() * (layers.length - d - 1))];
      if (!deeper?.length) continue;
      const from = pick(deeper);
      const list = consumes.get(name)!;
      if (list.some((c) => c.from === from)) continue;
      list.push({ from, channel: 'event', mode: 'async', gate: gate() });
    }
  }
  // and back to the source itself
  consumes.get(source)!.push({ from: producers[3][0], channel: 'queue', mode: 'async', gate: 'human-review' });

  const docs: NodeDocument[] = [];
  let edges = 0;
  layers.forEach((layer, d) =>
    layer.forEach((name, k) => {
      const kind = kindOf.get(name)!;
      const list = consumes.get(name)!;
      edges += list.length;
      docs.push({
        apiVersion: 'blast-radius/v1',
        kind,
        metadata: { name, owner: d === 0 ? 'incident-response' : `team-${(k * 7 + d) % 40}`, title: name.replace(/-/g, ' ') },
        spec: { ...(kind === 'Agent' ? { actionClasses: ['customer-communication'] } : {}), consumes: list },
      } as NodeDocument);
    }),
  );
  return { docs, source, layers, consumers: layers.reduce((a, l) => a + l.length, 0) - 1, edges };
}
