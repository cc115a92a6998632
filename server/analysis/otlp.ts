// OTLP JSON trace data → observations (CONTRACT.md §3 "Accuracy"). Pure: the caller passes the
// parsed body and a name resolver; nothing here does I/O.
//
// Which node a span names
//   The first of these that resolves to a registered node (by name, alias or normalised form,
//   see name-resolver.ts):
//     0. `gen_ai.tool.name`, only on a tool span: `gen_ai.operation.name` is `execute_tool`, or the
//        span carries `gen_ai.tool.name` and no `gen_ai.operation.name` at all (Pydantic AI and Koog
//        emit tool spans that way). Tools are often registered as Systems (a CRM write, a payment
//        call), and a tool span is where the agent's output enters that system. A tool name that
//        matches nothing falls through to the contract's order below, so the span then counts as
//        the agent that called the tool.
//     1. the span's `gen_ai.agent.name`,
//     2. the span's `gen_ai.agent.id`,
//     3. its resource's `service.name`.
//   A span that names no node is not attributed to anything: it inherits nothing from its parent.
//
// Hops
//   A span naming node B whose nearest ancestor that names a node names A ≠ B is an observed hop
//   A → B. The walk goes up through spans that name nothing (an LLM call, an HTTP client span, a
//   framework's "running 3 tools" wrapper): this is what users expect, since instrumentation puts
//   such spans between an agent and the tool it calls. The walk stops at the first ancestor that
//   names a node, so A → X → B yields A → X and X → B, never A → B. When that ancestor names B itself
//   there is no hop. Parents are looked up by (traceId, parentSpanId) across the whole body, so
//   one trace may be split across resources and scopes. A parent that is not in the body (a
//   partial export) gives no hop: the span is reached, with no `from`.
//   Span links (`links[]`, how messaging and batch systems relate a consumer to the producer in
//   another trace) are read the same way: a link to a span in the body whose nearest named
//   ancestor-or-self names another node is a hop from that node.
//
// Output
//   `reached`: one entry per distinct (node, from) pair, the earliest span's start as `at` and
//   that span as evidence, sorted by name then `from` (none first). `hops`: distinct, sorted.
//   `unmatched`: identifier values that matched no node and were tried before the span's match
//   (or all of them when the span names nothing), deduplicated and sorted; these are the
//   agents, tools and services the registry does not know. `spans`: how many spans the body has.
//
// Ids are hex as OTLP/JSON prescribes (upper case accepted, e.g. the canonical example), or the
// base64 form protobuf's generic JSON mapping produces. Malformed input throws OtlpFormatError
// (a DomainError of kind invalid, every problem as {path, message}; the API answers 400).
import { DomainError } from '../errors.js';
import type { ErrorDetail, Hop, ReachedEntry } from '../../graph-schema/index.js';
import { byName } from '../../graph-schema/rules.js';
import type { NameResolver } from './name-resolver.js';

export interface OtlpReadResult {
  reached: ReachedEntry[];
  hops: Hop[];
  unmatched: string[];
  spans: number;
}

/** Malformed OTLP: kind `invalid`, with every problem found as its details. */
export class OtlpFormatError extends DomainError {
  constructor(readonly issues: ErrorDetail[]) {
    super('invalid', 'invalid', `The body is not valid OTLP JSON trace data (${issues.length} problem${issues.length === 1 ? '' : 's'})`, issues);
    this.name = 'OtlpFormatError';
  }
}

/** True when the body should be read as OTLP JSON rather than `{reached: [...]}`. */
export function isOtlpBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'resourceSpans' in body;
}

const MAX_ISSUES = 50;
const MAX_EVIDENCE_NAME = 300;

interface SpanRecord {
  key: string;
  traceId: string;
  spanId: string;
  parentKey?: string;
  links: string[];
  name: string;
  at?: string;
  startNs?: bigint;
  node?: string;
}

type Attrs = Map<string, string>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `undefined` when absent, `null` when malformed, else the lower-case hex id. */
function readId(raw: unknown, bytes: 16 | 8): string | undefined | null {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') return null;
  const hexLength = bytes * 2;
  if (raw.length === hexLength && /^[0-9a-fA-F]+$/.test(raw)) return raw.toLowerCase();
  const b64 = bytes === 16 ? /^[A-Za-z0-9+/]{22}==$/ : /^[A-Za-z0-9+/]{11}=$/;
  if (b64.test(raw)) return Buffer.from(raw, 'base64').toString('hex');
  return null;
}

const isZero = (id: string) => /^0+$/.test(id);

/** Attribute values that can name something: strings, and integers written as such. */
function anyValueString(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.intValue === 'string' || typeof value.intValue === 'number') return String(value.intValue);
  return undefined;
}

export function readOtlpTraces(body: unknown, resolve: NameResolver): OtlpReadResult {
  const issues: ErrorDetail[] = [];
  const issue = (path: string, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ path, message });
  };
  let problems = 0;
  const fail = (path: string, message: string) => {
    problems++;
    issue(path, message);
  };

  if (!isObject(body)) {
    throw new OtlpFormatError([{ path: 'body', message: 'must be a JSON object with resourceSpans (OTLP JSON trace data)' }]);
  }
  if (!Array.isArray(body.resourceSpans)) {
    throw new OtlpFormatError([{ path: 'resourceSpans', message: 'must be an array of resource spans' }]);
  }

  const readAttrs = (raw: unknown, path: string): Attrs => {
    const attrs: Attrs = new Map();
    if (raw === undefined || raw === null) return attrs;
    if (!Array.isArray(raw)) {
      fail(path, 'must be an array of {key, value}');
      return attrs;
    }
    raw.forEach((kv, i) => {
      if (!isObject(kv) || typeof kv.key !== 'string') {
        fail(`${path}[${i}]`, 'must be an object {key, value} with a string key');
        return;
      }
      const s = anyValueString(kv.value);
      if (s !== undefined && !attrs.has(kv.key)) attrs.set(kv.key, s);
    });
    return attrs;
  };

  const spans: SpanRecord[] = [];
  const byKey = new Map<string, SpanRecord>();
  const unmatched = new Set<string>();
  let count = 0;

  body.resourceSpans.forEach((rs, r) => {
    const rPath = `resourceSpans[${r}]`;
    if (!isObject(rs)) return fail(rPath, 'must be an object');
    let resourceAttrs: Attrs = new Map();
    if (rs.resource !== undefined && rs.resource !== null) {
      if (!isObject(rs.resource)) fail(`${rPath}.resource`, 'must be an object');
      else resourceAttrs = readAttrs(rs.resource.attributes, `${rPath}.resource.attributes`);
    }
    const serviceName = resourceAttrs.get('service.name');
    for (const field of ['scopeSpans', 'instrumentationLibrarySpans'] as const) {
      const scopes = rs[field];
      if (scopes === undefined || scopes === null) continue;
      if (!Array.isArray(scopes)) {
        fail(`${rPath}.${field}`, 'must be an array');
        continue;
      }
      scopes.forEach((ss, s) => {
        const sPath = `${rPath}.${field}[${s}]`;
        if (!isObject(ss)) return fail(sPath, 'must be an object');
        if (ss.spans === undefined || ss.spans === null) return;
        if (!Array.isArray(ss.spans)) return fail(`${sPath}.spans`, 'must be an array');
        ss.spans.forEach((sp, k) => {
          const path = `${sPath}.spans[${k}]`;
          count++;
          const record = readSpan(sp, path, serviceName);
          if (record === undefined) return;
          if (!byKey.has(record.key)) byKey.set(record.key, record); // a retried export repeats spans: the first wins
          spans.push(record);
        });
      });
    }
  });

  function readSpan(sp: unknown, path: string, serviceName: string | undefined): SpanRecord | undefined {
    if (!isObject(sp)) {
      fail(path, 'must be an object');
      return undefined;
    }
    const before = problems;
    const traceId = readId(sp.traceId, 16);
    if (traceId === undefined) fail(`${path}.traceId`, 'is required');
    else if (traceId === null || isZero(traceId)) fail(`${path}.traceId`, 'must be 32 hex digits (16 bytes), not all zero');
    const spanId = readId(sp.spanId, 8);
    if (spanId === undefined) fail(`${path}.spanId`, 'is required');
    else if (spanId === null || isZero(spanId)) fail(`${path}.spanId`, 'must be 16 hex digits (8 bytes), not all zero');
    const parentId = readId(sp.parentSpanId, 8);
    if (parentId === null) fail(`${path}.parentSpanId`, 'must be empty or 16 hex digits (8 bytes)');
    if (sp.name !== undefined && typeof sp.name !== 'string') fail(`${path}.name`, 'must be a string');
    let startNs: bigint | undefined;
    const rawStart = sp.startTimeUnixNano;
    if (rawStart !== undefined && rawStart !== null) {
      if (typeof rawStart === 'string' && /^\d{1,20}$/.test(rawStart)) startNs = BigInt(rawStart);
      else if (typeof rawStart === 'number' && Number.isSafeInteger(rawStart) && rawStart >= 0) startNs = BigInt(rawStart);
      else fail(`${path}.startTimeUnixNano`, 'must be an unsigned integer (nanoseconds since the epoch), as a string or number');
      if (startNs !== undefined && startNs >= 2n ** 64n) {
        fail(`${path}.startTimeUnixNano`, 'is beyond the 64-bit range');
        startNs = undefined;
      }
    }
    const attrs = readAttrs(sp.attributes, `${path}.attributes`);
    const links: string[] = [];
    if (sp.links !== undefined && sp.links !== null) {
      if (!Array.isArray(sp.links)) fail(`${path}.links`, 'must be an array');
      else {
        sp.links.forEach((link, i) => {
          const lPath = `${path}.links[${i}]`;
          if (!isObject(link)) return fail(lPath, 'must be an object {traceId, spanId}');
          const lt = readId(link.traceId, 16);
          const ls = readId(link.spanId, 8);
          if (lt === undefined || lt === null) return fail(`${lPath}.traceId`, 'must be 32 hex digits (16 bytes)');
          if (ls === undefined || ls === null) return fail(`${lPath}.spanId`, 'must be 16 hex digits (8 bytes)');
          links.push(`${lt}/${ls}`);
        });
      }
    }
    if (problems > before || typeof traceId !== 'string' || typeof spanId !== 'string') return undefined;

    const record: SpanRecord = {
      key: `${traceId}/${spanId}`,
      traceId,
      spanId,
      links,
      name: typeof sp.name === 'string' ? sp.name : '',
    };
    if (typeof parentId === 'string' && !isZero(parentId)) record.parentKey = `${traceId}/${parentId}`;
    if (startNs !== undefined && startNs > 0n) {
      record.startNs = startNs;
      record.at = new Date(Number(startNs / 1_000_000n)).toISOString();
    }

    // Which node the span names (see the header).
    const candidates: string[] = [];
    const operation = attrs.get('gen_ai.operation.name');
    const tool = attrs.get('gen_ai.tool.name');
    if (tool !== undefined && (operation === 'execute_tool' || operation === undefined)) candidates.push(tool);
    for (const value of [attrs.get('gen_ai.agent.name'), attrs.get('gen_ai.agent.id'), serviceName]) {
      if (value !== undefined) candidates.push(value);
    }
    const tried: string[] = [];
    for (const value of candidates) {
      const node = value.trim() === '' ? undefined : resolve(value);
      if (node !== undefined) {
        record.node = node;
        break;
      }
      if (value.trim() !== '') tried.push(value);
    }
    for (const value of tried) unmatched.add(value);
    return record;
  }

  if (issues.length > 0) {
    if (problems > issues.length) issues.push({ path: 'resourceSpans', message: `and ${problems - issues.length} more problems` });
    throw new OtlpFormatError(issues);
  }

  // Nearest span naming a node, the span itself included, walking up parents (cycle-safe).
  const nearest = new Map<string, SpanRecord | null>();
  const nearestNamed = (start: SpanRecord): SpanRecord | null => {
    const chain: SpanRecord[] = [];
    const onChain = new Set<string>();
    let current: SpanRecord | undefined = start;
    let found: SpanRecord | null = null;
    while (current !== undefined) {
      const known = nearest.get(current.key);
      if (known !== undefined) {
        found = known;
        break;
      }
      if (current.node !== undefined) {
        found = current;
        break;
      }
      if (onChain.has(current.key)) break; // a parent cycle in malformed data
      onChain.add(current.key);
      chain.push(current);
      current = current.parentKey === undefined ? undefined : byKey.get(current.parentKey);
    }
    for (const span of chain) nearest.set(span.key, found);
    return found;
  };

  interface Sighting {
    name: string;
    from?: string;
    at?: string;
    startNs?: bigint;
    evidence?: string;
  }
  const sightings = new Map<string, Sighting>();
  const hops = new Map<string, Hop>();
  const evidenceOf = (span: SpanRecord, extra = '') =>
    `otlp trace ${span.traceId} span ${span.spanId} (${span.name.length > MAX_EVIDENCE_NAME ? `${span.name.slice(0, MAX_EVIDENCE_NAME)}…` : span.name})${extra}`;
  const see = (span: SpanRecord, from: string | undefined, extra = '') => {
    const name = span.node!;
    const key = `${name}\u0000${from ?? ''}`;
    if (from !== undefined) hops.set(`${from}\u0000${name}`, { from, to: name });
    const known = sightings.get(key);
    const earlier =
      known === undefined ||
      (span.startNs !== undefined && (known.startNs === undefined || span.startNs < known.startNs));
    if (!earlier) return;
    const sighting: Sighting = { name };
    if (from !== undefined) sighting.from = from;
    if (span.at !== undefined) sighting.at = span.at;
    sighting.evidence = evidenceOf(span, extra);
    if (span.startNs !== undefined) sighting.startNs = span.startNs;
    sightings.set(key, sighting);
  };

  for (const span of spans) {
    if (span.node === undefined || byKey.get(span.key) !== span) continue;
    const froms = new Map<string, string>(); // from node → evidence suffix
    if (span.parentKey !== undefined) {
      const parent = byKey.get(span.parentKey);
      const ancestor = parent === undefined ? null : nearestNamed(parent);
      if (ancestor !== null && ancestor.node !== span.node) froms.set(ancestor.node!, '');
    }
    for (const link of span.links) {
      const linked = byKey.get(link);
      const origin = linked === undefined ? null : nearestNamed(linked);
      if (origin !== null && origin.node !== span.node && !froms.has(origin.node!)) {
        froms.set(origin.node!, ` linked from span ${origin.spanId} of trace ${origin.traceId}`);
      }
    }
    if (froms.size === 0) see(span, undefined);
    for (const [from, extra] of froms) see(span, from, extra);
  }

  const reached: ReachedEntry[] = [...sightings.values()]
    .sort((a, b) => byName(a.name, b.name) || byName(a.from ?? '', b.from ?? ''))
    .map(({ startNs: _ns, ...entry }) => entry);
  return {
    reached,
    hops: [...hops.values()].sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to)),
    unmatched: [...unmatched].sort(byName),
    spans: count,
  };
}
