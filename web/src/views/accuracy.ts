// The Accuracy tab of an incident (JOURNEYS.md journey 3, "did our graph tell the truth?"):
// observations added from the page (a reached list or OTLP JSON traces), the numbers (precision,
// recall, hits, predicted-only, missed, missing and silent edges, unmatched names), one graph of
// predicted against observed, the proposed registry patch to download, and the scorecard across
// incidents. Everything is computed by the server (CONTRACT.md §3 "Accuracy"); this only shows it.
//
// The tab is re-entered whenever it is shown and whenever observations arrive (live event), so
// the view keeps one state per host: the form (with whatever is typed in it) survives every
// refresh, and the graph is rebuilt only when the answer really changed.
import type { Core, ElementDefinition, EventObject, NodeSingular, StylesheetJson } from 'cytoscape';
import type { Accuracy, Incident, NodeKind, ObservationsResult, ReachedEntry, Scorecard } from '../../../graph-schema/index.js';
import { api, ApiError } from '../api.js';
import { createGraph } from '../graph/cy.js';
import { layeredLayout, type LayoutEdge, type LayoutNode } from '../graph/layout.js';
import { COLOR, EDGE_LABEL, NODE_BASE, nodeTextStyle, SHAPE, SIZE } from '../graph/style.js';
import { dismiss, showError, toast } from '../ui/banner.js';
import { append, debounce, download, h } from '../ui/dom.js';
import { iconSvg, plural, shapeIcon, SVG_NS } from './common.js';
import '../styles/accuracy.css';

// The incident page exposes its debug handle as window.__blastRadius; the accuracy graph joins it.
declare module './incident.js' {
  interface IncidentDebug {
    accuracyCy?: Core;
  }
}

export type NodeStatus = 'source' | 'hit' | 'predicted-only' | 'missed' | 'context';
type EdgeStatus = Accuracy['edges'][number]['status'] | 'missing';

/** One palette for the accuracy graph, its legend and the tiles. Colour is never the only cue:
 * every status also has its own border style and a glyph in front of the name. */
export const ACC = {
  hit: '#2fb380',
  hitBorder: '#c2f5dd',
  predicted: '#161b22',
  predictedBorder: '#f2b53a',
  missed: '#d63fc4',
  missedBorder: '#ffd1f5',
  missedText: '#ff9ef0',
  context: '#2b313a',
  contextBorder: '#8b949e',
  fired: '#3fd68f',
  silent: '#9da7b3',
  unobserved: '#4d5663',
  missing: '#ff4fd8',
} as const;

const GLYPH: Record<NodeStatus, string> = { source: '', hit: '✓', 'predicted-only': '○', missed: '!', context: '' };
const STATUS_TEXT: Record<NodeStatus, string> = {
  source: 'the source of the bad output',
  hit: 'hit: predicted and reached',
  'predicted-only': 'predicted only: never reached',
  missed: 'missed: reached, never predicted',
  context: 'only seen passing the output on (not counted as reached)',
};
const GATE_LABEL: Record<string, string> = { 'human-review': 'human review', 'automated-check': 'auto check' };

/** Above this size a pasted file is kept aside instead of being shown in the text box. */
const INLINE_LIMIT = 512 * 1024;

// ---------------------------------------------------------------- input parsing

export type ParsedInput =
  | { kind: 'otlp'; body: unknown; summary: string }
  | { kind: 'reached'; body: { reached: ReachedEntry[] }; summary: string }
  | { kind: 'error'; message: string; hint: string };

const FORMAT_HINT =
  'Paste one name per line ("crm"), or "from -> name" when you know who passed it on; optionally "@ 2026-03-02T03:12:00Z" for when and "# evidence" at the end. Also accepted: JSON {"reached": [...]}, a CSV with a header row name,from,at,evidence, or OTLP JSON traces ({"resourceSpans": [...]}).';

/** Reads what was pasted or uploaded: OTLP JSON (also one export per line), reached-list JSON, CSV, or lines. */
export function parseObservations(text: string): ParsedInput {
  const t = text.trim();
  if (!t) return { kind: 'error', message: 'Nothing to record: the box is empty.', hint: FORMAT_HINT };
  if (t.startsWith('{') || t.startsWith('[')) return parseJson(t);
  return parseLines(t);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function countSpans(body: Record<string, unknown>): number {
  let n = 0;
  for (const rs of Array.isArray(body.resourceSpans) ? body.resourceSpans : []) {
    if (!isObject(rs)) continue;
    for (const field of ['scopeSpans', 'instrumentationLibrarySpans']) {
      const scopes = rs[field];
      if (!Array.isArray(scopes)) continue;
      for (const ss of scopes) if (isObject(ss) && Array.isArray(ss.spans)) n += ss.spans.length;
    }
  }
  return n;
}

function lineOf(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

function parseJson(t: string): ParsedInput {
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch (err) {
    // The collector's file exporter writes one OTLP export per line (JSON Lines): merge them.
    const lines = t.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length > 1 && lines.every((l) => l.startsWith('{'))) {
      try {
        const parts = lines.map((l) => JSON.parse(l) as unknown);
        if (parts.every((p) => isObject(p) && Array.isArray(p.resourceSpans))) {
          const body = { resourceSpans: parts.flatMap((p) => (p as { resourceSpans: unknown[] }).resourceSpans) };
          return { kind: 'otlp', body, summary: `OTLP JSON traces (${lines.length} exports, one per line): ${plural(countSpans(body), 'span')}` };
        }
      } catch {
        /* not JSON Lines either: report the first error below */
      }
    }
    let message = err instanceof Error ? err.message : String(err);
    const m = /position (\d+)/.exec(message);
    if (m && !/line \d+/.test(message)) {
      const { line, column } = lineOf(t, Number(m[1]));
      message += ` (line ${line}, column ${column})`;
    }
    return { kind: 'error', message: `This is not valid JSON: ${message}.`, hint: 'Fix the JSON at the place named, or paste a plain list of names instead. Nothing was sent.' };
  }
  if (isObject(value) && 'resourceSpans' in value) {
    if (!Array.isArray(value.resourceSpans)) return { kind: 'error', message: '"resourceSpans" must be an array of resource spans (OTLP JSON).', hint: 'Export the traces as OTLP JSON, e.g. with the OpenTelemetry collector\'s file exporter.' };
    return { kind: 'otlp', body: value, summary: `OTLP JSON traces: ${plural(countSpans(value), 'span')}` };
  }
  if (isObject(value) && 'reached' in value) {
    const n = Array.isArray(value.reached) ? value.reached.length : 0;
    return { kind: 'reached', body: value as { reached: ReachedEntry[] }, summary: `reached list (JSON): ${plural(n, 'entry', 'entries')}` };
  }
  if (Array.isArray(value)) {
    const reached = value.map((v) => (typeof v === 'string' ? { name: v } : v)) as ReachedEntry[];
    return { kind: 'reached', body: { reached }, summary: `reached list (JSON array): ${plural(reached.length, 'entry', 'entries')}` };
  }
  return {
    kind: 'error',
    message: 'This JSON is neither OTLP trace data ({"resourceSpans": [...]}) nor a reached list ({"reached": [{"name": ...}]} or ["name", ...]).',
    hint: FORMAT_HINT,
  };
}

function splitCsvLine(line: string, sep: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur.trim() === '') {
      quoted = true;
      cur = '';
    } else if (c === sep) {
      cells.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  cells.push(cur.trim());
  return cells;
}

function checkAt(at: string, where: string): string | undefined {
  return Number.isNaN(Date.parse(at)) ? `${where}: "${at}" is not a date-time. Write it as ISO 8601, e.g. 2026-03-02T03:12:00Z.` : undefined;
}

function parseLines(t: string): ParsedInput {
  const lines = t.split(/\r?\n/);
  const isComment = (l: string) => l.trim() === '' || /^\s*(#|\/\/)/.test(l);
  const first = lines.findIndex((l) => !isComment(l));
  const head = lines[first] ?? '';
  const sep = head.includes('\t') ? '\t' : ',';
  const headerCells = splitCsvLine(head, sep).map((c) => c.toLowerCase());
  const reached: ReachedEntry[] = [];
  const fail = (message: string): ParsedInput => ({ kind: 'error', message, hint: FORMAT_HINT });

  if (headerCells.includes('name')) {
    // CSV (or TSV) with a header row
    const col = (name: string) => headerCells.indexOf(name);
    const [ni, fi, ai, ei] = [col('name'), col('from'), col('at'), col('evidence')];
    for (let i = first + 1; i < lines.length; i++) {
      if (lines[i].trim() === '') continue;
      const cells = splitCsvLine(lines[i], sep);
      const where = `line ${i + 1}`;
      const name = cells[ni] ?? '';
      if (!name) return fail(`${where}: the name column is empty.`);
      const entry: ReachedEntry = { name };
      if (fi >= 0 && cells[fi]) entry.from = cells[fi];
      if (ai >= 0 && cells[ai]) {
        const bad = checkAt(cells[ai], where);
        if (bad) return fail(bad);
        entry.at = cells[ai];
      }
      if (ei >= 0 && cells[ei]) entry.evidence = cells[ei];
      reached.push(entry);
    }
    if (reached.length === 0) return fail('The CSV has a header row but no names under it.');
    return { kind: 'reached', body: { reached }, summary: reachedSummary(reached, 'CSV') };
  }

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (isComment(line)) continue;
    const where = `line ${i + 1}`;
    let evidence: string | undefined;
    let at: string | undefined;
    const ev = /\s#\s?(.*)$/.exec(line);
    if (ev) {
      evidence = ev[1].trim() || undefined;
      line = line.slice(0, ev.index);
    }
    const when = /\s@\s*(\S+)\s*$/.exec(line);
    if (when) {
      at = when[1];
      const bad = checkAt(at, where);
      if (bad) return fail(bad);
      line = line.slice(0, when.index);
    }
    const parts = line.split(/\s*(?:->|→|=>)\s*/).map((p) => p.trim());
    if (parts.length > 2) return fail(`${where}: more than one arrow. Write one hop per line ("from -> name"), or just the name.`);
    if (parts.length === 2) {
      const [from, name] = parts;
      if (!from || !name) return fail(`${where}: "${lines[i].trim()}" needs a name on both sides of the arrow.`);
      reached.push({ name, from, ...(at ? { at } : {}), ...(evidence ? { evidence } : {}) });
      continue;
    }
    // a line without an arrow: one name, or several separated by commas
    const names = parts[0].split(/\s*,\s*/).filter(Boolean);
    if (names.length === 0) return fail(`${where}: no name before the "@" or "#".`);
    for (const name of names) reached.push({ name, ...(at ? { at } : {}), ...(evidence ? { evidence } : {}) });
  }
  if (reached.length === 0) return fail('Only comments: there is no name to record.');
  for (const r of reached) if (r.name.length > 200 || (r.from?.length ?? 0) > 200) return fail(`A name longer than 200 characters: "${r.name.slice(0, 40)}…". Is this the right text?`);
  return { kind: 'reached', body: { reached }, summary: reachedSummary(reached, 'one per line') };
}

function reachedSummary(reached: ReachedEntry[], how: string): string {
  const withFrom = reached.filter((r) => r.from).length;
  return `reached list (${how}): ${plural(reached.length, 'name')}${withFrom ? `, ${withFrom} with who passed it on` : ''}`;
}

// ---------------------------------------------------------------- graph model

export interface AccuracyGraphInput {
  source: string;
  sourceKind: NodeKind;
  consumers: { name: string; kind: NodeKind; depth: number }[];
  accuracy: Accuracy;
  kinds: Map<string, NodeKind | null>;
}

export interface AccNode {
  name: string;
  kind: NodeKind | null;
  depth: number;
  status: NodeStatus;
}

/** Every node of the accuracy graph with its status and its column (depth). */
export function accuracyNodes(input: AccuracyGraphInput): AccNode[] {
  const { accuracy: a, source } = input;
  const observed = new Set(a.observed);
  const nodes = new Map<string, AccNode>();
  nodes.set(source, { name: source, kind: input.sourceKind, depth: 0, status: 'source' });
  for (const c of input.consumers) {
    if (c.name === source) continue;
    nodes.set(c.name, { name: c.name, kind: c.kind, depth: c.depth, status: observed.has(c.name) ? 'hit' : 'predicted-only' });
  }
  const floating = new Map<string, AccNode>(); // depth not known yet
  for (const name of a.falseNegatives) if (!nodes.has(name)) floating.set(name, { name, kind: input.kinds.get(name) ?? null, depth: Number.POSITIVE_INFINITY, status: 'missed' });
  for (const e of a.missingEdges) {
    for (const name of [e.from, e.to]) {
      if (!nodes.has(name) && !floating.has(name)) floating.set(name, { name, kind: input.kinds.get(name) ?? null, depth: Number.POSITIVE_INFINITY, status: 'context' });
    }
  }
  // A node outside the radius sits one column right of the node it was seen coming from; a node
  // seen only passing the output on sits one column left of what it fed. Repeat until stable.
  const depthOf = (n: string) => nodes.get(n)?.depth ?? floating.get(n)?.depth ?? Number.POSITIVE_INFINITY;
  for (let round = 0; round <= floating.size + 1; round++) {
    let changed = false;
    for (const e of a.missingEdges) {
      const to = floating.get(e.to);
      const df = depthOf(e.from);
      if (to && Number.isFinite(df) && df + 1 < to.depth) {
        to.depth = df + 1;
        changed = true;
      }
      const from = floating.get(e.from);
      const dt = depthOf(e.to);
      if (from && from.status === 'context' && Number.isFinite(dt) && !Number.isFinite(from.depth)) {
        from.depth = Math.max(1, dt - 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  let maxDepth = 0;
  for (const n of [...nodes.values(), ...floating.values()]) if (Number.isFinite(n.depth)) maxDepth = Math.max(maxDepth, n.depth);
  for (const n of floating.values()) {
    if (!Number.isFinite(n.depth)) n.depth = maxDepth + 1; // nothing says where it came from: a final column
    nodes.set(n.name, n);
  }
  return [...nodes.values()];
}

export function accuracyElements(input: AccuracyGraphInput): ElementDefinition[] {
  const nodes = accuracyNodes(input);
  const a = input.accuracy;
  const layoutNodes: LayoutNode[] = nodes.map((n) => ({ name: n.name, depth: n.depth, kind: n.kind ?? 'Agent' }));
  const layoutEdges: LayoutEdge[] = [...a.edges, ...a.missingEdges];
  const pos = layeredLayout(input.source, layoutNodes, layoutEdges);
  const els: ElementDefinition[] = nodes.map((n) => ({
    group: 'nodes',
    data: { id: n.name, label: GLYPH[n.status] ? `${GLYPH[n.status]} ${n.name}` : n.name, kind: n.kind ?? 'unknown', depth: n.depth, status: n.status },
    position: pos.get(n.name) ?? { x: 0, y: 0 },
    classes: n.status,
  }));
  const lateral = (from: string, to: string) => {
    const p = pos.get(from);
    const q = pos.get(to);
    return !!p && !!q && Math.abs(p.x - q.x) < 1;
  };
  for (const e of a.edges) {
    if (e.from === e.to) continue;
    els.push({
      group: 'edges',
      data: { id: `${e.from}->${e.to}`, source: e.from, target: e.to, status: e.status, gate: e.gate, gateLabel: GATE_LABEL[e.gate] ?? '' },
      classes: [e.status, e.gate !== 'none' ? 'gated' : '', lateral(e.from, e.to) ? 'lateral' : ''].filter(Boolean).join(' '),
    });
  }
  for (const e of a.missingEdges) {
    if (e.from === e.to) continue;
    els.push({
      group: 'edges',
      data: { id: `missing:${e.from}->${e.to}`, source: e.from, target: e.to, status: 'missing', gate: 'none', gateLabel: 'not registered' },
      classes: ['missing', lateral(e.from, e.to) ? 'lateral' : ''].filter(Boolean).join(' '),
    });
  }
  return els;
}

export function accuracyStylesheet(big: boolean): StylesheetJson {
  const s: StylesheetJson = [
    {
      selector: 'node',
      style: { ...NODE_BASE, ...nodeTextStyle(big), 'text-max-width': '220px' },
    },
    { selector: 'node[kind = "Agent"]', style: { shape: SHAPE.Agent as 'round-rectangle', 'corner-radius': '20', width: SIZE.Agent[0], height: SIZE.Agent[1] } },
    { selector: 'node[kind = "System"]', style: { shape: SHAPE.System as 'barrel', width: SIZE.System[0], height: SIZE.System[1] } },
    { selector: 'node[kind = "Surface"]', style: { shape: SHAPE.Surface as 'diamond', width: SIZE.Surface[0], height: SIZE.Surface[1] } },
    { selector: 'node.hit', style: { 'background-color': ACC.hit, 'border-color': ACC.hitBorder, 'border-width': 3, 'border-style': 'solid' } },
    {
      selector: 'node.predicted-only',
      style: { 'background-color': ACC.predicted, 'border-color': ACC.predictedBorder, 'border-width': 3, 'border-style': 'dashed', color: '#c9d1d9', 'font-weight': 500 },
    },
    {
      selector: 'node.missed',
      style: { 'background-color': ACC.missed, 'border-color': ACC.missedBorder, 'border-width': 8, 'border-style': 'double', color: ACC.missedText, 'font-weight': 800, 'min-zoomed-font-size': 0 },
    },
    { selector: 'node.context', style: { 'background-color': ACC.context, 'border-color': ACC.contextBorder, 'border-width': 2, 'border-style': 'dotted', color: COLOR.textDim } },
    {
      selector: 'node.source',
      style: {
        'background-color': COLOR.source,
        'border-color': '#ffffff',
        'border-width': 4,
        width: 90,
        height: 56,
        'font-size': 17,
        'font-weight': 800,
        color: COLOR.source,
        'min-zoomed-font-size': 0,
      },
    },
    { selector: 'node:selected', style: { 'overlay-color': '#ffffff', 'overlay-opacity': 0.28, 'overlay-padding': 8 } },
    // A big graph names only the nodes in view once zoomed in (cy.ts sets `labelled`), plus the
    // source and the missed nodes, which are few and the point of the view.
    ...((big ? [{ selector: 'node', style: { label: '' } }, { selector: 'node.labelled, node.source, node.missed', style: { label: 'data(label)' } }] : []) as StylesheetJson),
    {
      selector: 'edge',
      style: big
        ? { 'curve-style': 'haystack', 'haystack-radius': 0, width: 1.5, 'line-color': ACC.unobserved, opacity: 0.5, events: 'no' }
        : {
            events: 'no',
            'curve-style': 'bezier',
            width: 1.5,
            'line-color': ACC.unobserved,
            'target-arrow-shape': 'triangle',
            'target-arrow-color': ACC.unobserved,
            'arrow-scale': 1,
            opacity: 0.6,
          },
    },
    ...((big ? [] : [{ selector: 'edge.lateral', style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': '-70', 'control-point-weights': '0.5' } }]) as StylesheetJson),
    { selector: 'edge.fired', style: { 'line-color': ACC.fired, 'target-arrow-color': ACC.fired, width: big ? 2 : 4, opacity: 1, 'z-index': 5 } },
    {
      selector: 'edge.silent',
      style: big ? { 'line-color': '#6e7681', opacity: 0.5 } : { 'line-color': ACC.silent, 'target-arrow-color': ACC.silent, 'line-style': 'dotted', width: 2.5, opacity: 0.7 },
    },
    {
      selector: 'edge.missing',
      style: big
        ? { 'line-color': ACC.missing, width: 3, opacity: 1, 'z-index': 10 }
        : { 'line-color': ACC.missing, 'target-arrow-color': ACC.missing, 'line-style': 'dashed', 'line-dash-pattern': [12, 7], width: 5, 'arrow-scale': 1.3, opacity: 1, 'z-index': 10 },
    },
  ];
  if (!big) {
    s.push({
      selector: 'edge.gated, edge.missing',
      style: EDGE_LABEL,
    });
    s.push({ selector: 'edge.missing', style: { color: ACC.missedText, 'font-weight': 700 } });
  }
  return s;
}

// ---------------------------------------------------------------- the view

interface FormParts {
  el: HTMLFormElement;
  textarea: HTMLTextAreaElement;
  file: HTMLInputElement;
}

interface State {
  id: string;
  host: HTMLElement;
  seq: number;
  incident?: Incident;
  accuracy?: Accuracy;
  scorecard?: Scorecard;
  signature?: string;
  mode?: 'loading' | 'empty' | 'data' | 'failed';
  kinds: Map<string, NodeKind | null>;
  cy?: Core;
  needsFit: boolean;
  fileText?: string;
  fileName?: string;
  patchText?: string;
  lastResult?: HTMLElement;
  // persistent sections
  root: HTMLElement;
  loading: HTMLElement;
  empty: HTMLElement;
  summary: HTMLElement;
  unmatched: HTMLElement;
  graphCard: HTMLElement;
  graphHost: HTMLElement;
  detail: HTMLElement;
  columns: HTMLElement;
  form: FormParts;
  patch: HTMLElement;
  scorecardCard: HTMLElement;
}

const states = new WeakMap<HTMLElement, State>();

/** replaceChildren that skips null/false children (conditional pieces). */
function put(el: HTMLElement, ...children: (Node | string | null | undefined | false)[]): void {
  el.replaceChildren();
  append(el, children);
}
let current: State | undefined;

/** Shows the accuracy view of incident `id` in `host`; safe to call again at any time (refreshes). */
export async function accuracyTab(id: string, host: HTMLElement): Promise<void> {
  let st = states.get(host);
  if (!st || st.id !== id) {
    if (st) destroyGraph(st);
    st = createState(id, host);
    states.set(host, st);
  }
  if (current && current !== st && !current.host.isConnected) destroyGraph(current);
  current = st;
  if (st.cy) {
    st.cy.resize();
    if (st.needsFit && st.graphHost.clientWidth > 0) fit(st);
  }
  await refresh(st);
}

function destroyGraph(st: State): void {
  st.cy?.destroy();
  st.cy = undefined;
  if (window.__blastRadius?.accuracyCy && window.__blastRadius.accuracyCy.destroyed()) delete window.__blastRadius.accuracyCy;
}

function fit(st: State): void {
  if (!st.cy) return;
  st.cy.fit(undefined, 40);
  if (st.cy.zoom() > 1.4) {
    st.cy.zoom(1.4);
    st.cy.center();
  }
  st.needsFit = false;
}

function createState(id: string, host: HTMLElement): State {
  const loading = h('p.loading', 'Loading predicted against observed…');
  const empty = h('section.acc-empty', { id: 'accuracy-empty' });
  const summary = h('section.acc-summary', { id: 'accuracy-summary' });
  const unmatched = h('section.acc-unmatched', { id: 'acc-unmatched', role: 'status' });
  const graphHost = h('div.acc-graph-host', { id: 'accuracy-graph' });
  const detail = h('div.acc-detail', { id: 'acc-detail', 'aria-live': 'polite' });
  const fitButton = h('button.small', { type: 'button', title: 'Fit the whole graph' }, 'Fit');
  const graphCard = h(
    'section.card.acc-graph-card',
    h(
      'div.acc-card-head',
      h('h2', 'Predicted against observed'),
      h('span.dim.small', 'source on the left, consumers by depth to the right; a missed node sits one column right of where it was seen coming from'),
    ),
    h('div.acc-graph-canvas', graphHost, h('div.graph-tools', fitButton)),
    accuracyLegend(),
    detail,
  );
  const patch = h('section.card.acc-patch', { id: 'acc-patch' });
  const scorecardCard = h('section.card.acc-scorecard-card', { id: 'acc-scorecard-card' });
  const root = h('div.acc', loading);
  const st: State = {
    id,
    host,
    seq: 0,
    kinds: new Map(),
    needsFit: false,
    root,
    loading,
    empty,
    summary,
    unmatched,
    graphCard,
    graphHost,
    detail,
    columns: h('div.acc-columns'),
    form: undefined as unknown as FormParts,
    patch,
    scorecardCard,
  };
  st.form = buildForm(st);
  fitButton.addEventListener('click', () => fit(st));
  host.replaceChildren(root);
  return st;
}

async function refresh(st: State): Promise<void> {
  const seq = ++st.seq;
  try {
    const [incident, accuracy, scorecard] = await Promise.all([
      st.incident ? Promise.resolve(st.incident) : api.incident(st.id),
      api.accuracy(st.id),
      api.scorecard().catch(() => undefined),
    ]);
    if (seq !== st.seq) return;
    st.incident = incident;
    const hasData = accuracy.observed.length > 0 || accuracy.unmatched.length > 0;
    const signature = JSON.stringify(accuracy);
    const changed = signature !== st.signature;
    st.accuracy = accuracy;
    st.signature = signature;
    if (scorecard) st.scorecard = scorecard;
    if (!hasData) {
      setMode(st, 'empty');
      renderEmpty(st);
    } else {
      if (changed) {
        // kinds of the nodes outside the radius (for their shapes)
        const radius = new Set([incident.source, ...incident.blastRadius.consumers.map((c) => c.name)]);
        const outside = [...new Set([...accuracy.falseNegatives, ...accuracy.missingEdges.flatMap((e) => [e.from, e.to])])].filter((n) => !radius.has(n) && !st.kinds.has(n)).slice(0, 300);
        await Promise.all(outside.map((n) => api.node(n).then((d) => st.kinds.set(n, d.kind), () => st.kinds.set(n, null))));
        if (seq !== st.seq) return;
      }
      setMode(st, 'data');
      renderSummary(st);
      renderUnmatched(st);
      if (changed || !st.cy) renderGraph(st);
      void renderPatch(st, seq);
    }
    renderScorecard(st);
  } catch (err) {
    if (seq !== st.seq) return;
    showError('Could not load the accuracy of this incident', err, 'accuracy');
    if (st.mode === 'empty' || st.mode === 'data') return; // keep what is shown, and the form with its text
    setMode(st, 'failed');
    st.loading.replaceChildren(
      h('p', 'The accuracy could not be loaded.'),
      err instanceof ApiError ? h('p.dim', err.message, ' ', err.advice()) : h('p.dim', 'Try again; if it keeps failing, reload the page.'),
    );
  }
}

/** Puts the persistent sections in the order the mode needs, keeping the focus in the form. */
function setMode(st: State, mode: NonNullable<State['mode']>): void {
  if (st.mode === mode) return;
  const active = document.activeElement;
  const keepFocus = active instanceof HTMLElement && st.form.el.contains(active) ? active : undefined;
  const selection = keepFocus instanceof HTMLTextAreaElement ? [keepFocus.selectionStart, keepFocus.selectionEnd] : undefined;
  st.mode = mode;
  if (mode === 'loading' || mode === 'failed') {
    st.root.replaceChildren(st.loading);
  } else if (mode === 'empty') {
    destroyGraph(st);
    st.root.replaceChildren(st.empty, st.form.el, st.scorecardCard);
    st.root.classList.add('is-empty');
  } else {
    st.root.classList.remove('is-empty');
    st.columns.replaceChildren(st.form.el, st.patch);
    st.root.replaceChildren(st.summary, st.unmatched, st.graphCard, st.columns, st.scorecardCard);
  }
  if (keepFocus) {
    keepFocus.focus();
    if (selection && keepFocus instanceof HTMLTextAreaElement) keepFocus.setSelectionRange(selection[0], selection[1]);
  }
}

function renderEmpty(st: State): void {
  const n = st.incident?.blastRadius.consumers.length ?? 0;
  st.empty.replaceChildren(
    h('h2', 'No observations yet'),
    h(
      'p',
      'Did the graph tell the truth? Record what really received the bad output, and this view compares it with the prediction: ',
      h('strong', plural(n, 'consumer')),
      ' frozen when the incident was opened.',
    ),
    h(
      'ul.acc-empty-list',
      h(
        'li',
        h('strong', 'OpenTelemetry traces'),
        ' (OTLP JSON, e.g. from the collector\'s file exporter): each span is matched to a node by ',
        h('code', 'gen_ai.agent.name'),
        ', ',
        h('code', 'gen_ai.agent.id'),
        ' or its resource\'s ',
        h('code', 'service.name'),
        '; a span under another node\'s span is an observed hop.',
      ),
      h('li', h('strong', 'Or a list of names'), ' that were reached, one per line; ', h('code', 'answer-composer -> crm'), ' when you know who passed it on.'),
    ),
    h('p.dim', 'Names match registered names and aliases. Uploads add up: nothing is replaced.'),
  );
}

const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(2));

function tile(id: string, value: number | string, raw: string, label: string, cls: string, title: string, glyph = ''): HTMLElement {
  return h(
    `div.stat.acc-tile.${cls}`,
    { id, dataset: { value: raw }, title },
    h('div.stat-value', glyph ? h('span.acc-glyph', { 'aria-hidden': 'true' }, glyph) : null, typeof value === 'number' ? value.toLocaleString() : value),
    h('div.stat-label', label),
  );
}

function renderSummary(st: State): void {
  const a = st.accuracy!;
  const silent = a.edges.filter((e) => e.status === 'silent').length;
  const tp = a.truePositives.length;
  const fp = a.falsePositives.length;
  const fn = a.falseNegatives.length;
  const sentence = `${plural(tp, 'hit')}, ${fp.toLocaleString()} predicted but never reached, ${fn.toLocaleString()} reached but never predicted${a.missingEdges.length ? `, ${plural(a.missingEdges.length, 'missing edge')}` : ''}.`;
  const jump = (label: string, target: HTMLElement) => {
    const b = h('button.link', { type: 'button' }, `${label} ↓`);
    b.addEventListener('click', () => target.scrollIntoView({ block: 'start' }));
    return b;
  };
  st.summary.replaceChildren(
    h(
      'div.acc-headline',
      h('h2', { id: 'acc-sentence' }, sentence),
      h('span.dim.small', `${plural(a.observed.length, 'node')} observed against ${plural(a.predicted.length, 'consumer')} predicted`),
      h('span.spacer'),
      h('nav.acc-jumps', jump('Graph', st.graphCard), jump('Add observations', st.form.el), jump('Registry patch', st.patch), jump('Scorecard', st.scorecardCard)),
    ),
    h(
      'div.stats.acc-stats',
      tile('acc-precision', fmt(a.precision), String(a.precision ?? ''), `precision · ${tp} of ${tp + fp} predicted were reached`, 'ratio', 'Of the consumers the graph predicted, the share that really received the output'),
      tile('acc-recall', fmt(a.recall), String(a.recall ?? ''), `recall · ${tp} of ${tp + fn} reached were predicted`, 'ratio', 'Of the nodes that really received the output, the share the graph predicted'),
      tile('acc-hit', tp, String(tp), 'hit · predicted and reached', 'hit', 'Predicted and reached', '✓'),
      tile('acc-predicted-only', fp, String(fp), 'predicted only · never reached', 'predicted-only', 'Predicted, never reached: a gate held, or an edge is stale', '○'),
      tile('acc-missed', fn, String(fn), 'missed · reached, not predicted', `missed${fn ? '.alarm' : ''}`, 'Reached, never predicted: the next-day surprise', '!'),
      tile('acc-missing-edges', a.missingEdges.length, String(a.missingEdges.length), 'missing edges · hops not registered', `missing${a.missingEdges.length ? '.alarm' : ''}`, 'Observed hops that are not registered edges: the patch below adds them'),
      tile('acc-silent-edges', silent, String(silent), 'silent edges · had it, never passed on', 'silent', 'The producer had the output, the consumer was never reached: a gate held, or the edge is stale'),
      tile('acc-unmatched-count', a.unmatched.length, String(a.unmatched.length), 'unmatched names', `unmatched${a.unmatched.length ? '.warn-tile' : ''}`, 'Names in the observations that match no registered node or alias'),
    ),
  );
}

function renderUnmatched(st: State): void {
  const names = st.accuracy!.unmatched;
  st.unmatched.hidden = names.length === 0;
  if (names.length === 0) {
    st.unmatched.replaceChildren();
    return;
  }
  st.unmatched.replaceChildren(
    h('div.acc-unmatched-icon', { 'aria-hidden': 'true' }, '?'),
    h(
      'div',
      h('strong', names.length === 1 ? 'This name matched nothing in the registry: ' : `These ${names.length} names matched nothing in the registry: `),
      h('span.acc-names', ...names.slice(0, 60).map((n) => h('code.acc-name', n))),
      names.length > 60 ? h('span.dim', ` and ${names.length - 60} more`) : null,
      names.length === 1
        ? h(
            'div.acc-unmatched-hint',
            'It is recorded but not counted. Register it, or add it as an alias (',
            h('code', 'spec.aliases'),
            ') of the node it means in the ',
            h('a', { href: '#/registry' }, 'registry'),
            '; then upload these observations again (uploads add up, nothing is counted twice).',
          )
        : h(
            'div.acc-unmatched-hint',
            'They are recorded but not counted. Register them, or add them as an alias (',
            h('code', 'spec.aliases'),
            ') of the node they mean in the ',
            h('a', { href: '#/registry' }, 'registry'),
            '; then upload these observations again (uploads add up, nothing is counted twice).',
          ),
    ),
  );
}

function renderGraph(st: State): void {
  const incident = st.incident!;
  const input: AccuracyGraphInput = {
    source: incident.source,
    sourceKind: incident.blastRadius.sourceKind,
    consumers: incident.blastRadius.consumers,
    accuracy: st.accuracy!,
    kinds: st.kinds,
  };
  const elements = accuracyElements(input);
  const nodeCount = elements.filter((e) => e.group === 'nodes').length;
  const selected = st.cy?.$('node:selected').id();
  destroyGraph(st);
  const { cy, big } = createGraph({ container: st.graphHost, elements, nodeCount });
  cy.style(accuracyStylesheet(big));
  st.cy = cy;
  if (window.__blastRadius) window.__blastRadius.accuracyCy = cy;
  st.graphHost.dataset.nodes = String(nodeCount);
  if (st.graphHost.clientWidth === 0) st.needsFit = true;
  else if (!big) fit(st); // a big graph is already fitted from its positions (cy.ts)
  cy.on('tap', 'node', (e: EventObject) => showDetail(st, (e.target as NodeSingular).id()));
  cy.on('tap', (e: EventObject) => {
    if (e.target === cy) showDetail(st, undefined);
  });
  if (selected && cy.getElementById(selected).nonempty()) {
    cy.getElementById(selected).select();
    showDetail(st, selected);
  } else showDetail(st, undefined);
}

function showDetail(st: State, name: string | undefined): void {
  const a = st.accuracy!;
  const inc = st.incident!;
  const node = name ? st.cy?.getElementById(name) : undefined;
  if (!name || !node || node.empty()) {
    st.detail.replaceChildren(h('span.dim', 'Click a node to see what was predicted for it and what was seen.'));
    return;
  }
  const status = node.data('status') as NodeStatus;
  const consumer = inc.blastRadius.consumers.find((c) => c.name === name);
  const into = a.edges.filter((e) => e.to === name);
  const missingIn = a.missingEdges.filter((e) => e.to === name);
  const missingOut = a.missingEdges.filter((e) => e.from === name);
  const edgeLine = (from: string, to: string, s: EdgeStatus, gate?: string) =>
    h('li', h('span.mono', `${from} → ${to}`), ' ', h(`span.acc-edge-tag.${s}`, s === 'missing' ? 'missing: not registered' : s), gate && gate !== 'none' ? h('span.dim', ` (gate: ${gate})`) : null);
  const lines: (HTMLElement | null)[] = [];
  if (status === 'hit') lines.push(h('p', `Predicted at depth ${consumer?.depth ?? '?'} and reached.`));
  if (status === 'predicted-only') lines.push(h('p', `Predicted at depth ${consumer?.depth ?? '?'}, never reached: a gate held, or an edge is stale. Ask its owner${consumer?.owner ? ` (${consumer.owner})` : ''}.`));
  if (status === 'missed') lines.push(h('p', missingIn.length ? 'Reached, never predicted: the registry lacks the edge it came over (the patch adds it).' : 'Reached, never predicted, and no observation says where from: add "from" to the reached list, or upload traces with parent spans, to see the hop.'));
  if (status === 'context') lines.push(h('p', 'Not reached and not predicted; it appears only as the sender of an observed hop.'));
  if (status === 'source') lines.push(h('p', 'The source: it produced the bad output. It never counts as reached.'));
  if (consumer) lines.push(h('p.small', h('span.dim', 'predicted path '), h('span.mono', consumer.path.join(' → '))));
  const edgeItems = [...into.map((e) => edgeLine(e.from, e.to, e.status, e.gate)), ...missingIn.map((e) => edgeLine(e.from, e.to, 'missing')), ...missingOut.map((e) => edgeLine(e.from, e.to, 'missing'))];
  put(
    st.detail,
    h('div.acc-detail-head', h(`span.acc-status.${status}`, GLYPH[status] ? `${GLYPH[status]} ` : '', STATUS_TEXT[status]), h('strong.mono', name), node.data('kind') !== 'unknown' ? h('span.dim', ` ${node.data('kind') as string}`) : null),
    ...lines,
    edgeItems.length ? h('ul.acc-edge-list', ...edgeItems) : null,
  );
}

// ---------------------------------------------------------------- legend

function statusIcon(fill: string, stroke: string, style: 'solid' | 'dashed' | 'double' | 'dotted', width = 2): SVGSVGElement {
  const ns = SVG_NS;
  const svg = iconSvg(30, 20);
  const rect = (x: number, y: number, w: number, hh: number, sw: number, f: string) => {
    const r = document.createElementNS(ns, 'rect');
    r.setAttribute('x', String(x));
    r.setAttribute('y', String(y));
    r.setAttribute('width', String(w));
    r.setAttribute('height', String(hh));
    r.setAttribute('rx', '6');
    r.setAttribute('fill', f);
    r.setAttribute('stroke', stroke);
    r.setAttribute('stroke-width', String(sw));
    if (style === 'dashed') r.setAttribute('stroke-dasharray', '4 3');
    if (style === 'dotted') {
      r.setAttribute('stroke-dasharray', '1 3');
      r.setAttribute('stroke-linecap', 'round');
    }
    svg.append(r);
  };
  if (style === 'double') {
    rect(1, 1, 28, 18, 1.5, fill);
    rect(4.5, 4.5, 21, 11, 1.5, fill);
  } else rect(2, 3, 26, 14, width, fill);
  return svg;
}

function edgeIcon(color: string, width: number, dash?: string): SVGSVGElement {
  const ns = SVG_NS;
  const svg = iconSvg(34, 20);
  const line = document.createElementNS(ns, 'line');
  for (const [k, v] of Object.entries({ x1: '1', y1: '10', x2: '33', y2: '10', stroke: color, 'stroke-width': String(width) })) line.setAttribute(k, v);
  if (dash) line.setAttribute('stroke-dasharray', dash);
  if (dash === '1 4') line.setAttribute('stroke-linecap', 'round');
  svg.append(line);
  return svg;
}

function accuracyLegend(): HTMLElement {
  const item = (icon: SVGSVGElement, label: string, glyph = '') => h('li', icon, h('span', glyph ? h('strong', `${glyph} `) : null, label));
  const body = h(
    'div.legend-body',
    h(
      'ul',
      h('li.legend-head', 'Nodes'),
      item(statusIcon(ACC.hit, ACC.hitBorder, 'solid', 2.5), 'hit: predicted and reached', '✓'),
      item(statusIcon(ACC.predicted, ACC.predictedBorder, 'dashed', 2.5), 'predicted only: never reached', '○'),
      item(statusIcon(ACC.missed, ACC.missedBorder, 'double'), 'missed: reached, not predicted', '!'),
      item(statusIcon(COLOR.source, '#ffffff', 'solid', 2.5), 'source'),
      item(statusIcon(ACC.context, ACC.contextBorder, 'dotted'), 'only sent the output on'),
    ),
    h(
      'ul',
      h('li.legend-head', 'Edges'),
      item(edgeIcon(ACC.fired, 4), 'fired: the hop was seen'),
      item(edgeIcon(ACC.silent, 2.5, '1 4'), 'silent: had it, never passed on'),
      item(edgeIcon(ACC.unobserved, 1.5), 'unobserved'),
      item(edgeIcon(ACC.missing, 4.5, '7 4'), 'missing: seen, not registered'),
    ),
    h(
      'ul',
      h('li.legend-head', 'Kind'),
      item(shapeIcon('Agent', COLOR.undecided, COLOR.undecidedBorder), 'Agent'),
      item(shapeIcon('System', COLOR.undecided, COLOR.undecidedBorder), 'System'),
      item(shapeIcon('Surface', COLOR.undecided, COLOR.undecidedBorder), 'Surface'),
    ),
  );
  return h('div.legend.acc-legend', { id: 'acc-legend' }, body);
}

// ---------------------------------------------------------------- the form

function buildForm(st: State): FormParts {
  const textarea = h('textarea', {
    id: 'acc-input',
    rows: 8,
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: 'chat-widget\nanswer-composer -> crm\ncrm -> member-portal @ 2026-03-02T03:40:00Z # ticket INC-4411\n\n…or paste OTLP JSON traces: {"resourceSpans": [...]}',
  });
  const file = h('input', { id: 'acc-file', type: 'file', accept: '.json,.jsonl,.txt,.csv,.tsv,application/json,text/plain,text/csv' });
  const fileChip = h('div.acc-file-chip', { hidden: true });
  const detected = h('div.acc-detected', { id: 'acc-detected', 'aria-live': 'polite' });
  const error = h('div.acc-form-error', { id: 'acc-form-error', role: 'alert', hidden: true });
  const result = h('div.acc-result', { id: 'acc-result', hidden: true });
  const submit = h('button.primary', { type: 'submit', id: 'acc-submit' }, 'Record observations');
  const el = h(
    'form.card.acc-form',
    { id: 'acc-form', novalidate: true },
    h('div.acc-card-head', h('h2', 'Add observations'), h('span.dim.small', 'what really received the bad output; uploads add up')),
    h('label.field-label', { for: 'acc-input' }, 'Paste a list of reached names, or OTLP JSON traces'),
    textarea,
    fileChip,
    h('div.acc-form-row', h('label.acc-file-label', 'or choose a file ', file), h('span.spacer'), submit),
    detected,
    error,
    result,
    h(
      'details.acc-help',
      h('summary', 'What can I paste?'),
      h(
        'ul',
        h('li', h('strong', 'Names, one per line: '), h('code', 'crm'), ' · ', h('code', 'answer-composer -> crm'), ' (who passed it on) · ', h('code', 'crm @ 2026-03-02T03:12:00Z'), ' (when) · ', h('code', 'crm # ticket INC-4411'), ' (evidence). Lines starting with # are comments.'),
        h('li', h('strong', 'CSV '), 'with a header row: ', h('code', 'name,from,at,evidence'), ' (only name is required).'),
        h('li', h('strong', 'JSON: '), h('code', '{"reached": [{"name": "crm", "from": "answer-composer"}]}'), ' or ', h('code', '["crm", "chat-widget"]'), '.'),
        h('li', h('strong', 'OTLP JSON traces '), '(', h('code', '{"resourceSpans": [...]}'), ', or one export per line as the collector\'s file exporter writes them). A span names the node its ', h('code', 'gen_ai.agent.name'), ', ', h('code', 'gen_ai.agent.id'), ' or resource ', h('code', 'service.name'), ' matches; a span under another node\'s span is a hop.'),
        h('li', 'Names match registered names and aliases (', h('code', 'PolicyAgent'), ' finds ', h('code', 'policy-agent'), '). Names that match nothing are kept and listed, never dropped.'),
      ),
    ),
  );

  const showDetected = (): void => {
    const text = st.fileText ?? textarea.value;
    if (!text.trim()) {
      detected.replaceChildren();
      return;
    }
    if (text.length > 4 * 1024 * 1024) {
      detected.replaceChildren(h('span.dim', `${(text.length / 1024 / 1024).toFixed(1)} MB ready to send; it is checked when you record it.`));
      return;
    }
    const p = parseObservations(text);
    detected.className = `acc-detected ${p.kind === 'error' ? 'bad' : 'good'}`;
    detected.replaceChildren(p.kind === 'error' ? h('span', '✗ ', p.message) : h('span', '✓ Reads as ', h('strong', p.summary), '.'));
  };
  const later = debounce(showDetected, 250);
  textarea.addEventListener('input', () => {
    error.hidden = true;
    result.hidden = true;
    later();
  });

  const clearFile = (): void => {
    st.fileText = undefined;
    st.fileName = undefined;
    file.value = '';
    fileChip.hidden = true;
    fileChip.replaceChildren();
    textarea.disabled = false;
    showDetected();
  };
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (!f) return;
    error.hidden = true;
    result.hidden = true;
    f.text().then(
      (text) => {
        if (text.length <= INLINE_LIMIT) {
          st.fileText = undefined;
          st.fileName = undefined;
          textarea.value = text;
          textarea.disabled = false;
          fileChip.hidden = false;
          fileChip.replaceChildren(h('span', `Loaded ${f.name} into the box above: check it, then record it.`));
        } else {
          st.fileText = text;
          st.fileName = f.name;
          textarea.disabled = true;
          const remove = h('button.link', { type: 'button' }, 'remove it to paste instead');
          remove.addEventListener('click', clearFile);
          fileChip.hidden = false;
          fileChip.replaceChildren(h('span', 'Using the file ', h('strong.mono', f.name), ` (${(text.length / 1024 / 1024).toFixed(1)} MB), too big to show here · `), remove);
        }
        showDetected();
      },
      (err: unknown) => showFormError(error, 'The file could not be read', err instanceof Error ? err.message : String(err), [], 'Choose the file again, or paste its content into the box.'),
    );
  });

  el.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void record();
  });

  const record = async (): Promise<void> => {
    const text = st.fileText ?? textarea.value;
    const parsed = parseObservations(text);
    result.hidden = true;
    if (parsed.kind === 'error') {
      showFormError(error, 'Not recorded: the text could not be read', parsed.message, [], parsed.hint);
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Recording…';
    try {
      const res = await api.observe(st.id, parsed.body);
      error.hidden = true;
      dismiss('observations');
      textarea.value = '';
      clearFile();
      fileChip.hidden = true;
      detected.replaceChildren();
      result.hidden = false;
      result.replaceChildren(resultText(res, parsed.kind));
      toast(`Recorded ${plural(res.recorded, 'observation')}`, 'ok');
      await refresh(st);
    } catch (err) {
      // A refusal of the text is said next to the text; a server or network failure also gets the banner.
      if (!(err instanceof ApiError && err.status >= 400 && err.status < 500)) showError('Observations not recorded', err, 'observations');
      if (err instanceof ApiError) {
        showFormError(
          error,
          'Not recorded: the server refused these observations',
          err.message,
          err.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)),
          err.status === 400 ? `Fix what is named above and record again; your text is still in the box. Nothing was saved.` : err.advice(),
        );
      } else {
        showFormError(error, 'Not recorded', err instanceof Error ? err.message : String(err), [], 'Try again; your text is still in the box.');
      }
    } finally {
      submit.disabled = false;
      submit.textContent = 'Record observations';
    }
  };

  return { el, textarea, file };
}

function showFormError(box: HTMLElement, title: string, message: string, details: string[], hint: string): void {
  box.hidden = false;
  put(
    box,
    h('strong', title),
    h('div', message),
    details.length ? h('ul', ...details.slice(0, 20).map((d) => h('li.mono.small', d)), details.length > 20 ? h('li', `and ${details.length - 20} more`) : null) : null,
    h('div.hint', hint),
  );
  box.scrollIntoView({ block: 'nearest' });
}

function resultText(res: ObservationsResult, kind: 'otlp' | 'reached'): HTMLElement {
  const names = [...new Set(res.reached.map((r) => r.name))];
  return h(
    'div',
    h('strong', `✓ Recorded ${plural(res.recorded, 'observation')}`),
    kind === 'otlp' && res.spans !== undefined ? ` from ${plural(res.spans, 'span')}` : '',
    `: ${plural(names.length, 'registered node')} reached`,
    res.hops.length ? `, ${plural(res.hops.length, 'hop')}` : '',
    res.unmatched.length ? h('span.acc-result-unmatched', `; ${res.unmatched.length} matched nothing: `, h('span.mono', res.unmatched.join(', '))) : '',
    '.',
  );
}

// ---------------------------------------------------------------- patch

async function renderPatch(st: State, seq: number): Promise<void> {
  const a = st.accuracy!;
  const silent = a.edges.filter((e) => e.status === 'silent').length;
  const button = h('button.primary', { type: 'button', id: 'acc-download-patch' }, 'Download proposed registry patch (.yaml)');
  const pre = h('pre.acc-yaml', { id: 'acc-patch-text' }, st.patchText ?? 'Loading…');
  const preview = h('details.acc-patch-preview', { id: 'acc-patch-preview' }, h('summary', 'Preview the patch'), pre);
  button.addEventListener('click', () => void downloadPatch(st, button));
  put(
    st.patch,
    h('div.acc-card-head', h('h2', 'Proposed registry patch')),
    a.missingEdges.length
      ? h('p', 'The observations show ', h('strong', plural(a.missingEdges.length, 'hop')), ' the registry lacks. The patch adds ', a.missingEdges.length === 1 ? 'it' : 'them', ' to the consumers\' manifests, with the default channel, mode and gate spelled out (', h('code', 'api / async / none'), '): review them.')
      : h('p', 'No missing edge: the patch has nothing to add.'),
    silent ? h('p.dim', `${plural(silent, 'silent edge')} ${silent === 1 ? 'is' : 'are'} flagged in its comments for the owners to check; nothing is ever removed automatically.`) : null,
    h('p', 'Nothing changes until a person approves it: send it to the owning teams; once approved it is applied like any other change (', h('code', 'blast-radius apply'), ' or ', h('code', 'POST /api/v1/graph/apply'), '), as a new revision.'),
    h('div.acc-patch-actions', button),
    preview,
  );
  try {
    const text = await api.registryPatch(st.id);
    if (seq !== st.seq) return;
    st.patchText = text;
    pre.textContent = text;
    const lines = text.split('\n').filter(Boolean).length;
    preview.querySelector('summary')!.textContent = `Preview the patch (${plural(lines, 'line')})`;
  } catch (err) {
    if (seq !== st.seq) return;
    pre.textContent = `The patch could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
  }
}

async function downloadPatch(st: State, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    const text = await api.registryPatch(st.id);
    st.patchText = text;
    download(`${st.id}-registry-patch.yaml`, new Blob([text], { type: 'application/yaml' }));
    toast('Downloaded the proposed registry patch', 'ok');
  } catch (err) {
    showError('Could not download the registry patch', err, 'patch');
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- scorecard

function sparkline(points: { p: number | null; r: number | null }[]): SVGSVGElement | null {
  if (points.length < 2) return null;
  const ns = 'http://www.w3.org/2000/svg';
  const W = 180;
  const H = 44;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('width', String(W));
  svg.setAttribute('height', String(H));
  svg.setAttribute('class', 'acc-spark');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Recall (solid) and precision (dashed) per incident, oldest on the left');
  const x = (i: number) => 4 + (i * (W - 8)) / (points.length - 1);
  const y = (v: number) => H - 4 - v * (H - 8);
  const line = (pick: (pt: { p: number | null; r: number | null }) => number | null, color: string, dash?: string) => {
    const d = points.map((pt, i) => [i, pick(pt)] as const).filter(([, v]) => v !== null).map(([i, v], k) => `${k ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v!).toFixed(1)}`).join(' ');
    if (!d) return;
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', d);
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', color);
    path.setAttribute('stroke-width', '2.5');
    if (dash) path.setAttribute('stroke-dasharray', dash);
    svg.append(path);
  };
  const base = document.createElementNS(ns, 'line');
  for (const [k, v] of Object.entries({ x1: '0', x2: String(W), y1: String(y(0)), y2: String(y(0)), stroke: '#30363d' })) base.setAttribute(k, v);
  svg.append(base);
  line((pt) => pt.p, '#9da7b3', '4 3');
  line((pt) => pt.r, ACC.fired);
  return svg;
}

function renderScorecard(st: State): void {
  const sc = st.scorecard;
  if (!sc) {
    st.scorecardCard.replaceChildren(h('div.acc-card-head', h('h2', 'Scorecard across incidents')), h('p.dim', 'The scorecard could not be loaded.'));
    return;
  }
  const o = sc.overall;
  const t = sc.trend;
  const title = (incidentId: string) => sc.incidents.find((r) => r.incidentId === incidentId)?.title ?? incidentId;
  const day = (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  };
  const trend = t
    ? h(
        `p.acc-trend.${t.direction}`,
        { id: 'acc-trend', dataset: { direction: t.direction } },
        h('span.acc-trend-arrow', { 'aria-hidden': 'true' }, t.direction === 'up' ? '▲' : t.direction === 'down' ? '▼' : '▶'),
        ` Recall ${t.direction === 'flat' ? 'unchanged at' : t.direction === 'up' ? 'up from' : 'down from'} `,
        t.direction === 'flat' ? h('strong', fmt(t.latest.recall)) : [h('strong', fmt(t.first.recall)), ` (${title(t.first.incidentId)}, ${day(t.first.openedAt)}) to `, h('strong', fmt(t.latest.recall))],
        ` (${title(t.latest.incidentId)}, ${day(t.latest.openedAt)}).`,
      )
    : h('p.acc-trend.dim', { id: 'acc-trend' }, 'A trend needs two incidents with observations.');
  const withObs = sc.incidents.filter((r) => r.hasObservations);
  const spark = sparkline(withObs.map((r) => ({ p: r.precision, r: r.recall })));
  const meter = (v: number | null) => (v === null ? h('span.dim', '—') : h('span.acc-meter-cell', h('span.acc-num', fmt(v)), h('span.acc-meter', h('span', { style: { width: `${Math.round(v * 100)}%` } }))));
  const rows = [...sc.incidents].reverse();
  const shown = rows.slice(0, 50);
  put(
    st.scorecardCard,
    h('div.acc-card-head', h('h2', 'Scorecard across incidents'), h('span.dim.small', 'how often the graph was right, incident after incident')),
    h(
      'div.acc-overall',
      h(
        'div.acc-overall-text',
        h(
          'div',
          { id: 'acc-overall', dataset: { precision: String(o.precision ?? ''), recall: String(o.recall ?? ''), incidents: String(o.incidents) } },
          o.incidents === 0
            ? h('span.dim', 'No incident has observations yet.')
            : [
                h('span', `Across ${plural(o.incidents, 'incident')} with observations: `),
                h('span.acc-big', 'precision ', h('strong', fmt(o.precision))),
                h('span.acc-big', 'recall ', h('strong', fmt(o.recall))),
                h('span.dim.small', ` (${o.truePositives} hits, ${o.falsePositives} predicted only, ${o.falseNegatives} missed in all)`),
              ],
        ),
        trend,
      ),
      spark ? h('div.acc-spark-box', spark, h('div.dim.small', h('span.acc-key-recall', '━ recall'), '  ', h('span.acc-key-precision', '┅ precision'), ', oldest on the left')) : null,
    ),
    h(
      'table.data.acc-scorecard',
      { id: 'acc-scorecard' },
      h('thead', h('tr', h('th', 'Incident'), h('th', 'Opened'), h('th', 'Precision'), h('th', 'Recall'), h('th.num', 'Hit'), h('th.num', 'Predicted only'), h('th.num', 'Missed'), h('th.num', 'Missing edges'))),
      h(
        'tbody',
        ...shown.map((r) =>
          h(
            `tr${r.incidentId === st.id ? '.current' : ''}${r.hasObservations ? '' : '.no-obs'}`,
            { dataset: { id: r.incidentId, precision: String(r.precision ?? ''), recall: String(r.recall ?? '') } },
            h('td', h('a.acc-inc-link', { href: `#/incidents/${encodeURIComponent(r.incidentId)}` }, r.title), r.incidentId === st.id ? h('span.tag.acc-this', 'this incident') : null, h('div.dim.small.mono', r.incidentId)),
            h('td', day(r.openedAt)),
            ...(r.hasObservations
              ? [h('td', meter(r.precision)), h('td', meter(r.recall)), h('td.num', String(r.truePositives)), h('td.num', String(r.falsePositives)), h('td.num', String(r.falseNegatives)), h('td.num', String(r.missingEdges))]
              : [h('td.dim', { colSpan: 6 }, 'no observations yet')]),
          ),
        ),
      ),
    ),
    rows.length > shown.length ? h('p.dim.small', `and ${rows.length - shown.length} older incidents`) : null,
  );
}
