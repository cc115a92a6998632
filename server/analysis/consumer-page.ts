// One page of an incident's consumers or edges: filters, a stable order, and an opaque cursor
// (the position in that order), so 100,000 consumers travel 500 at a time.
import type { ConsumersPage, ConsumersQuery, EdgesPage } from '../../graph-schema/index.js';
import { invalid } from '../errors.js';
import { byName } from '../../graph-schema/rules.js';
import { consumerAt, reachedOf, type Facts } from './incident-view.js';
import { edgesOf, KIND_CODE } from './radius-graph.js';

export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  try {
    const { o } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // falls through to the error
  }
  throw invalid('The cursor is not one this server gave out', [{ path: 'query.cursor', message: 'unknown cursor: pass nextCursor of the previous page' }]);
}

/** Local ids of the consumers in the requested order (the radius's own order is depth, then name). */
export function orderOf(f: Facts, sort: ConsumersQuery['sort']): Int32Array {
  const n = f.g.n - 1;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i + 1;
  if (sort === 'depth') return ids;
  const names = f.g.names;
  if (sort === 'name') return ids.sort((a, b) => byName(names[a], names[b]));
  const arrival = f.timeline.arrival;
  // earliest first, never-arriving last; ties keep the depth-then-name order (ids are in it)
  return ids.sort((a, b) => {
    const ta = arrival[a];
    const tb = arrival[b];
    if (Number.isNaN(ta)) return Number.isNaN(tb) ? a - b : 1;
    if (Number.isNaN(tb)) return -1;
    return ta - tb || a - b;
  });
}

function matches(f: Facts, id: number, q: ConsumersQuery, needle: string | undefined): boolean {
  const c = f.g.radius.consumers[id - 1];
  if (q.kind !== undefined && f.g.kind[id] !== KIND_CODE[q.kind]) return false;
  if (q.exposed !== undefined && (f.timeline.exposed[id] === 1) !== q.exposed) return false;
  if (q.held !== undefined && Number.isNaN(f.timeline.arrival[id]) !== q.held) return false;
  const decision = f.log.decisions.get(c.name);
  if (q.decided !== undefined) {
    if (q.decided === 'true' && !decision) return false;
    if (q.decided === 'false' && decision) return false;
    if (q.decided !== 'true' && q.decided !== 'false' && decision?.action !== q.decided) return false;
  }
  if (q.reached !== undefined || q.needsDecision !== undefined) {
    const reached = reachedOf(f, id);
    if (q.reached === 'true' && reached === false) return false;
    if (q.reached === 'false' && reached !== false) return false;
    if ((q.reached === 'observed' || q.reached === 'estimated') && reached !== q.reached) return false;
    if (q.needsDecision !== undefined) {
      const needs = (reached !== false || f.timeline.exposed[id] === 1) && !decision;
      if (needs !== q.needsDecision) return false;
    }
  }
  if (needle !== undefined) {
    const hay = `${c.name}\u0000${c.title ?? ''}\u0000${c.owner}`.toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

export function consumersPage(
  f: Facts,
  q: ConsumersQuery,
  order: Int32Array,
): ConsumersPage {
  const offset = decodeCursor(q.cursor);
  const needle = q.q?.trim().toLowerCase() || undefined;
  const unfiltered = q.reached === undefined && q.exposed === undefined && q.needsDecision === undefined && q.held === undefined && q.kind === undefined && q.decided === undefined && needle === undefined;
  let total = 0;
  const page: number[] = [];
  for (let i = 0; i < order.length; i++) {
    const id = order[i];
    if (!unfiltered && !matches(f, id, q, needle)) continue;
    if (total >= offset && page.length < q.limit) page.push(id);
    total++;
  }
  const end = offset + page.length;
  return { consumers: page.map((id) => consumerAt(f, id)), total, nextCursor: end < total ? encodeCursor(end) : null };
}

export function edgesPage(f: Facts, limit: number, cursor: string | undefined): EdgesPage {
  const offset = decodeCursor(cursor);
  const total = f.g.outTo.length;
  const end = Math.min(total, offset + limit);
  return { edges: edgesOf(f.g, offset, end - offset), total, nextCursor: end < total ? encodeCursor(end) : null };
}
