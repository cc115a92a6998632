// Each node keeps its live out-edges packed in one list property, `out`, so the radius at the
// current revision reads one property per node instead of every edge's six (about 4x faster on a
// million-edge radius). One packed edge: consumer name, gate, channel, mode, delay in seconds
// ('' for none), then the edge's action classes, each escaped, all joined by OUT_SEP.
import type { FeedsEdge, Gate } from '../../../graph-schema/index.js';
import type { IndexBuilder } from '../../analysis/graph-index.js';

/** A separator no node name, gate, channel or mode can hold. */
export const OUT_SEP = '\u001f';
/** Escapes OUT_SEP (and itself) inside action classes, which are free text. */
const OUT_ESC = '\u001e';
/** The parameters every query that packs edges must pass. */
export const PACK_PARAMS = { sep: OUT_SEP, esc: OUT_ESC } as const;

/** Bumped when the packing changes, so init() rebuilds every list. 2: action classes. */
export const OUT_EDGES_FORMAT = 2;

/** Cypher: the packed form of relationship `rel` into node `consumer`. */
export const packedEdge = (rel: string, consumer: string) =>
  `${consumer}.name + $sep + ${rel}.gate + $sep + ${rel}.channel + $sep + ${rel}.mode + $sep + coalesce(toString(${rel}.delaySeconds), '')` +
  ` + reduce(acc = '', c IN coalesce(${rel}.actionClasses, []) | acc + $sep + replace(replace(c, $esc, $esc + '0'), $sep, $esc + '1'))`;

/** Cypher: the live out-edges of node `p`, packed. */
export const OUT_EDGES = `[(p)-[e:FEEDS]->(m:Node) WHERE e.toRev IS NULL | ${packedEdge('e', 'm')}]`;

const escapeClass = (c: string) => c.replaceAll(OUT_ESC, `${OUT_ESC}0`).replaceAll(OUT_SEP, `${OUT_ESC}1`);

/**
 * The packed form of an edge, as packedEdge() writes it in Cypher (a delay may read "900" here and
 * "900.0" there: both read as the same number, and lists are edited by consumer name).
 */
export function packEdge(e: FeedsEdge): string {
  const head = [e.to, e.gate, e.channel, e.mode, e.delaySeconds === undefined ? '' : String(e.delaySeconds)].join(OUT_SEP);
  return (e.actionClasses ?? []).reduce((acc, c) => acc + OUT_SEP + escapeClass(c), head);
}

/** An action class as packed, unescaped. */
export const unescapeClass = (c: string) => (c.includes(OUT_ESC) ? c.replace(/\u001e([01])/g, (_, k: string) => (k === '0' ? OUT_ESC : OUT_SEP)) : c);

/** The consumer a packed edge leads to (its first field). */
export const consumerOf = (packed: string): string => packed.slice(0, packed.indexOf(OUT_SEP));

/**
 * Adds producer `from`'s packed out-edges to an index, skipping those into a node the index does
 * not hold. Read by offsets: a radius of a million edges is unpacked without an array and an
 * object per edge.
 */
export function addPackedEdges(builder: IndexBuilder, from: number, packedEdges: readonly string[]): void {
  const { ids } = builder;
  for (const packed of packedEdges) {
    const a = packed.indexOf(OUT_SEP);
    const to = ids.get(packed.slice(0, a)); // consumerOf(), with the offset kept for the fields after
    if (to === undefined) continue;
    const b = packed.indexOf(OUT_SEP, a + 1);
    const c = packed.indexOf(OUT_SEP, b + 1);
    const d = packed.indexOf(OUT_SEP, c + 1);
    const e = packed.indexOf(OUT_SEP, d + 1);
    const delay = packed.slice(d + 1, e < 0 ? undefined : e);
    const classes = e < 0 ? null : packed.slice(e + 1).split(OUT_SEP).map(unescapeClass);
    builder.edge(from, to, packed.slice(a + 1, b) as Gate, packed.slice(b + 1, c) as FeedsEdge['channel'], packed.slice(c + 1, d) as FeedsEdge['mode'], delay === '' ? null : Number(delay), classes);
  }
}
