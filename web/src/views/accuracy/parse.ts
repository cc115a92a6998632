// Reads what was pasted or uploaded as observations into the body the server takes: OTLP JSON
// traces, a reached list as JSON, CSV, or one name (or "from -> name" hop) per line. Pure: the
// form (upload.ts) shows its verdict as you type and posts the body.
import type { ObservationsRequest, ReachedEntry } from '../../../../graph-schema/index.js';
import { plural } from '../common.js';

export type ParsedInput =
  | { kind: 'otlp'; body: unknown; summary: string }
  | { kind: 'reached'; body: ObservationsRequest; summary: string }
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
    return { kind: 'reached', body: value as ObservationsRequest, summary: `reached list (JSON): ${plural(n, 'entry', 'entries')}` };
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
