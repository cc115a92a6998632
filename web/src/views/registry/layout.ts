// Where each node of the neighbourhood goes: producers in columns to the left of the focus,
// consumers to the right, each node near the nodes it is linked to.

/** A node on the graph: its column (0 is the focus), the node whose expansion added it, and when. */
export interface Placed {
  col: number;
  parent?: string;
  seq: number;
}

/** Gap between the columns, width of a sub-column, height of a row, rows per sub-column. */
const COLUMN_GAP = 300;
const SUBCOLUMN = 240;
const ROW = 84;
const MAX_ROWS = 10;

/**
 * Columns relative to the focus (producers negative, consumers positive), laid out from the focus
 * outwards. The focus stays in the middle of its column at y = 0; in every other column a node sits
 * as close as it can to the mean height of the nodes it is linked to in the columns already placed
 * (its parent, else where its parent was last time), without overlapping its neighbours. A column
 * of more than MAX_ROWS wraps into sub-columns, staggered half a row so edges do not run through
 * the nodes in front.
 */
export function neighbourhoodLayout(
  placed: Map<string, Placed>,
  edges: [string, string][],
  focus: string | undefined,
  previous: Map<string, { x: number; y: number }> = new Map(),
): Map<string, { x: number; y: number }> {
  const cols = new Map<number, string[]>();
  for (const [name, p] of placed) {
    let list = cols.get(p.col);
    if (!list) cols.set(p.col, (list = []));
    list.push(name);
  }
  const links = new Map<string, string[]>();
  for (const [a, b] of edges) {
    (links.get(a) ?? links.set(a, []).get(a)!).push(b);
    (links.get(b) ?? links.set(b, []).get(b)!).push(a);
  }
  const subcols = (c: number): number => Math.max(1, Math.ceil((cols.get(c)?.length ?? 0) / MAX_ROWS));
  const width = (c: number): number => (subcols(c) - 1) * SUBCOLUMN;
  const left = new Map<number, number>([[0, -width(0) / 2]]);
  const keys = [...cols.keys()];
  const maxC = Math.max(0, ...keys);
  const minC = Math.min(0, ...keys);
  for (let c = 1; c <= maxC; c++) left.set(c, left.get(c - 1)! + width(c - 1) + COLUMN_GAP);
  for (let c = -1; c >= minC; c--) left.set(c, left.get(c + 1)! - COLUMN_GAP - width(c));

  const pos = new Map<string, { x: number; y: number }>();
  const order = [...cols.keys()].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
  for (const c of order) {
    const names = cols.get(c)!;
    const wanted = new Map<string, number>();
    for (const n of names) {
      const ys = (links.get(n) ?? []).map((m) => pos.get(m)?.y).filter((y): y is number => y !== undefined);
      const parent = placed.get(n)!.parent;
      wanted.set(n, ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : (parent ? (previous.get(parent)?.y ?? 0) : 0));
    }
    const sorted = names.filter((n) => n !== focus).sort((a, b) => wanted.get(a)! - wanted.get(b)! || placed.get(a)!.seq - placed.get(b)!.seq);
    const x0 = left.get(c)!;
    const sc = subcols(c);
    const focusHere = c === 0 && focus !== undefined && names.includes(focus);
    if (focusHere) {
      // the focus in the middle, the others split above and below it
      const half = Math.ceil(sorted.length / 2);
      sorted.splice(half, 0, focus);
    }
    if (sc === 1) {
      let ys: number[];
      if (focusHere) {
        const at = sorted.indexOf(focus);
        ys = sorted.map((_, i) => (i - at) * ROW);
      } else {
        // as close to the wanted heights as the row spacing allows, then centred on them
        ys = [];
        sorted.forEach((n, i) => ys.push(i === 0 ? wanted.get(n)! : Math.max(wanted.get(n)!, ys[i - 1] + ROW)));
        const shift = sorted.reduce((acc, n, i) => acc + wanted.get(n)! - ys[i], 0) / Math.max(1, sorted.length);
        ys = ys.map((y) => y + shift);
      }
      sorted.forEach((n, i) => pos.set(n, { x: x0, y: ys[i] }));
    } else {
      const rows = Math.ceil(sorted.length / sc);
      const centre = c === 0 ? 0 : sorted.reduce((acc, n) => acc + wanted.get(n)!, 0) / sorted.length;
      const top = centre - ((rows - 1) * ROW) / 2;
      sorted.forEach((n, i) => {
        const s = i % sc;
        pos.set(n, { x: x0 + s * SUBCOLUMN, y: top + Math.floor(i / sc) * ROW + (s % 2 ? ROW / 2 : 0) });
      });
    }
  }
  return pos;
}
