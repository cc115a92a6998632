// The postmortem artefacts (server/analysis/report.ts): the JSON report's timeline and
// notification worklist, the Markdown for legal, and the CSV worklist (parsed back here).
import { describe, expect, it } from 'vitest';
import type { StatusChange } from '../../graph-schema/index.js';
import { incidentView } from '../../server/analysis/exposure.js';
import { buildReport, reportMarkdown, worklistCsv } from '../../server/analysis/report.js';
import { docsFrom, historyOf, incidentRecord, radiusOf } from './helpers.js';

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '\n' || ch === '\r') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('last record lacks its CRLF');
  return rows;
}

// src -(1m)-> a -> s1 (1m), s2, s3 (5m), b, d (2h);  src -(30m)-> c -> d;  b -(10m)-> s3
const docs = docsFrom(
  { src: 'Agent', a: 'Agent', b: 'System', c: 'Agent', d: 'System', s1: 'Surface', s2: 'Surface', s3: 'Surface' },
  ['src>a@PT1M', 'a>s1@PT1M', 'a>s2', 'a>s3@PT5M', 'a>b', 'src>c@PT30M', 'c>d', 'b>s3@PT10M', 'a>d@PT2H'],
  {
    s1: { owner: 'cx', contact: 'cx@example.com', title: 'Chat widget, EU' },
    s2: { owner: 'cx', contact: 'cx@example.com' },
    s3: { owner: 'cx', contact: 'press@example.com', title: 'Portal' },
    b: { owner: 'ops' },
    d: { owner: 'ops' },
    c: { owner: 'ai', contact: 'ai@example.com' },
    a: { owner: 'ai', contact: 'ai@example.com' },
  },
);
const radius = radiusOf(docs, 'src', { revision: 12 });
const NOTE = 'Told "all" customers, sorry\nsecond line | with pipe';
const history = historyOf([
  { name: 's1', action: 'notify', note: NOTE, by: 'sam', at: '2025-03-01T10:10:00.000Z' },
  { name: 'd', action: 'notify', by: 'sam', at: '2025-03-01T10:11:00.000Z' },
  { name: 'c', action: 'stop', note: 'paused, queue drained', by: 'priya', at: '2025-03-01T10:13:00.000Z' },
  { name: 's3', action: 'notify', by: 'lee', at: '2025-03-01T10:14:00.000Z' },
  { name: 'b', action: 'notify', note: 'ops|desk', by: 'sam', at: '2025-03-01T10:16:00.000Z' },
  { name: 'd', action: 'correct', note: 'rows fixed', by: 'lee', at: '2025-03-01T10:17:00.000Z' },
  { name: 's2', action: 'notify', by: 'sam', at: '2025-03-01T10:18:00.000Z' },
]);
const statusHistory: StatusChange[] = [
  { status: 'contained', previous: 'open', by: 'sam', at: '2025-03-01T10:12:00.000Z', note: 'first stops in' },
  { status: 'resolved', previous: 'contained', by: 'sam', at: '2025-03-01T10:20:00.000Z' },
];
const record = incidentRecord(radius, {
  id: 'inc-20250301-abc123',
  title: 'Policy agent invented a | refund rule',
  outputRef: 'msg|42',
  status: 'resolved',
  detectedAt: '2025-03-01T10:00:00.000Z',
  openedAt: '2025-03-01T10:05:00.000Z',
  openedBy: 'sam',
});
const incident = incidentView(record, history, statusHistory);
const now = new Date('2025-03-02T09:00:00.000Z');

describe('buildReport', () => {
  const report = buildReport(incident, history, now);

  it('orders the timeline by time: opening, decisions and status changes interleaved', () => {
    expect(report.timeline).toEqual([
      { at: '2025-03-01T10:05:00.000Z', by: 'sam', what: 'Incident opened on src (hallucination), 7 consumers at revision 12' },
      { at: '2025-03-01T10:10:00.000Z', by: 'sam', what: `s1: notify (${NOTE})` },
      { at: '2025-03-01T10:11:00.000Z', by: 'sam', what: 'd: notify' },
      { at: '2025-03-01T10:12:00.000Z', by: 'sam', what: 'Status open → contained (first stops in)' },
      { at: '2025-03-01T10:13:00.000Z', by: 'priya', what: 'c: stop (paused, queue drained)' },
      { at: '2025-03-01T10:14:00.000Z', by: 'lee', what: 's3: notify' },
      { at: '2025-03-01T10:16:00.000Z', by: 'sam', what: 'b: notify (ops|desk)' },
      { at: '2025-03-01T10:17:00.000Z', by: 'lee', what: 'd: notify → correct (rows fixed)' },
      { at: '2025-03-01T10:18:00.000Z', by: 'sam', what: 's2: notify' },
      { at: '2025-03-01T10:20:00.000Z', by: 'sam', what: 'Status contained → resolved' },
    ]);
    const ats = report.timeline.map((t) => t.at);
    expect([...ats].sort()).toEqual(ats);
  });

  it('sorts the timeline even when history and status arrive out of order', () => {
    const shuffled = buildReport({ ...incident, statusHistory: [...statusHistory].reverse() }, [...history].reverse(), now);
    expect(shuffled.timeline).toEqual(report.timeline);
  });

  it('groups the notification worklist by owner and contact, notify decisions only (the latest decision counts)', () => {
    expect(report.notificationWorklist).toEqual([
      {
        owner: 'cx',
        contact: 'cx@example.com',
        consumers: [
          { name: 's1', kind: 'Surface', title: 'Chat widget, EU', note: NOTE },
          { name: 's2', kind: 'Surface' },
        ],
      },
      { owner: 'cx', contact: 'press@example.com', consumers: [{ name: 's3', kind: 'Surface', title: 'Portal' }] },
      // d was notify, then correct: not in the worklist; b has no contact
      { owner: 'ops', contact: null, consumers: [{ name: 'b', kind: 'System', note: 'ops|desk' }] },
    ]);
  });

  it('carries the incident head, consumers, edges, exposure and generation time', () => {
    expect(report.generatedAt).toBe('2025-03-02T09:00:00.000Z');
    expect(report.incident).toMatchObject({ id: 'inc-20250301-abc123', title: record.title, source: 'src', revision: 12, status: 'resolved', progress: incident.progress });
    for (const key of ['consumers', 'blastRadius', 'remainingExposure', 'statusHistory']) expect(report.incident).not.toHaveProperty(key);
    expect(report.consumers).toBe(incident.consumers);
    expect(report.edges).toEqual(radius.edges);
    // c stopped: d is still reached through a; every consumer but c remains exposed
    expect(report.remainingExposure.map((e) => e.name)).toEqual(['a', 'b', 'd', 's1', 's2', 's3']);
    expect(incident.progress).toEqual({ total: 7, stop: 1, correct: 1, notify: 4, undecided: 1, surfacesExposed: 3 });
  });

  it('has an empty worklist when nobody is marked notify', () => {
    const quiet = incidentView(record, historyOf([{ name: 'a', action: 'stop' }]), []);
    expect(buildReport(quiet, [], now).notificationWorklist).toEqual([]);
    expect(reportMarkdown(buildReport(quiet, [], now))).toContain('No consumer is marked notify.');
  });
});

describe('reportMarkdown', () => {
  const md = reportMarkdown(buildReport(incident, history, now));
  const lines = md.split('\n');
  /** Cells of a table row, split on unescaped pipes. */
  const cells = (row: string) => row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());

  it('has the title and every section heading, in order', () => {
    expect(lines[0]).toBe('# Incident report: Policy agent invented a | refund rule');
    const headings = lines.filter((l) => /^#{1,3} /.test(l));
    expect(headings).toEqual([
      '# Incident report: Policy agent invented a | refund rule',
      '## Summary',
      '## Timeline',
      '## Consumers and decisions',
      '## Remaining exposure',
      '## Notification worklist',
      '### cx (cx@example.com)',
      '### cx (press@example.com)',
      '### ops',
      '## Propagation paths',
    ]);
  });

  it('states the facts of the head table and the summary', () => {
    expect(md).toContain('| Incident | inc-20250301-abc123 |');
    expect(md).toContain('| Source | `src` |');
    expect(md).toContain('| Output reference | msg\\|42 |');
    expect(md).toContain('| Graph revision | 12 |');
    expect(md).toContain('| Report generated | 2025-03-02T09:00:00.000Z |');
    expect(md).toContain('could reach **7 consumers**. 1 stopped, 1 corrected, 4 notified, 1 undecided.');
    expect(md).toContain('**6 consumers remain exposed**, 3 of them customer-facing surfaces.');
  });

  it('escapes | in notes and keeps each table row on one line with the right number of cells', () => {
    const start = lines.indexOf('| Consumer | Kind | Depth | Exposure | Expected arrival | Decision | By | Note | Owner |');
    expect(start).toBeGreaterThan(0);
    const rows = lines.slice(start + 2, start + 2 + incident.consumers.length);
    for (const row of rows) expect(cells(row), row).toHaveLength(9);
    const s1 = rows.find((r) => r.startsWith('| `s1`'))!;
    expect(cells(s1)).toEqual(['`s1`', 'Surface', '2', 'direct, **still exposed**', '+2m', 'notify', 'sam', 'Told "all" customers, sorry second line \\| with pipe', 'cx']);
    const b = rows.find((r) => r.startsWith('| `b`'))!;
    expect(cells(b)[7]).toBe('ops\\|desk');
    const c = rows.find((r) => r.startsWith('| `c`'))!;
    expect(cells(c)).toEqual(['`c`', 'Agent', '1', 'direct', '+30m', 'stop', 'priya', 'paused, queue drained', 'ai']);
    const aRow = rows.find((r) => r.startsWith('| `a`'))!;
    expect(cells(aRow)[5]).toBe('_undecided_');

    // the timeline table too
    const t = lines.indexOf('| When (UTC) | Who | What |');
    const timelineRows = lines.slice(t + 2, t + 2 + 10);
    for (const row of timelineRows) expect(cells(row), row).toHaveLength(3);
    expect(timelineRows.find((r) => r.includes('b: notify'))).toBe('| 2025-03-01T10:16:00.000Z | sam | b: notify (ops\\|desk) |');
  });

  it('lists the remaining exposure and every propagation path', () => {
    expect(md).toContain('- `s3` (Surface, depth 2)');
    expect(md).toContain('- `src → a → s1`');
    // d is at depth 2 through a and through c: the path takes the smaller name
    expect(md).toContain('- `src → a → d`');
    const pathLines = lines.slice(lines.indexOf('## Propagation paths') + 2).filter((l) => l.startsWith('- '));
    expect(pathLines).toHaveLength(incident.consumers.length);
  });

  it('says no consumer remains exposed once everything is stopped', () => {
    const safe = incidentView(record, historyOf([{ name: 'a', action: 'stop' }, { name: 'c', action: 'stop' }]), []);
    const text = reportMarkdown(buildReport(safe, [], now));
    expect(text).toContain('No consumer remains exposed.');
    expect(text).toContain('None: every path from the source passes through a stopped consumer.');
  });
});

describe('worklistCsv', () => {
  const csv = worklistCsv(incident);
  const rows = parseCsv(csv);
  const header = rows[0];

  it('is CRLF-terminated RFC 4180 with one row per consumer', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(header).toEqual(['name', 'kind', 'title', 'owner', 'contact', 'depth', 'exposure', 'still_exposed', 'estimated_arrival', 'suggested_action', 'decision', 'decided_by', 'decided_at', 'note']);
    expect(rows).toHaveLength(1 + incident.consumers.length);
    for (const row of rows) expect(row).toHaveLength(header.length);
  });

  it('round-trips commas, quotes and line breaks in notes and titles', () => {
    const byName = Object.fromEntries(rows.slice(1).map((r) => [r[0], Object.fromEntries(header.map((h, i) => [h, r[i]]))]));
    expect(byName.s1).toEqual({
      name: 's1',
      kind: 'Surface',
      title: 'Chat widget, EU',
      owner: 'cx',
      contact: 'cx@example.com',
      depth: '2',
      exposure: 'direct',
      still_exposed: 'yes',
      estimated_arrival: '2025-03-01T10:02:00.000Z',
      suggested_action: 'notify',
      decision: 'notify',
      decided_by: 'sam',
      decided_at: '2025-03-01T10:10:00.000Z',
      note: NOTE,
    });
    expect(byName.c).toMatchObject({ decision: 'stop', still_exposed: 'no', note: 'paused, queue drained', estimated_arrival: '2025-03-01T10:30:00.000Z' });
    expect(byName.a).toMatchObject({ decision: 'undecided', decided_by: '', decided_at: '', note: '', title: '' });
  });

  it('orders rows by estimated arrival, then depth, then name', () => {
    // arrivals: a 60, b 60, s2 60, s1 120, s3 360, c 1800, d 7200 (via a) vs 1800 (via c): 1800
    expect(rows.slice(1).map((r) => [r[0], r[8]])).toEqual([
      ['a', '2025-03-01T10:01:00.000Z'],
      ['b', '2025-03-01T10:01:00.000Z'],
      ['s2', '2025-03-01T10:01:00.000Z'],
      ['s1', '2025-03-01T10:02:00.000Z'],
      ['s3', '2025-03-01T10:06:00.000Z'],
      ['c', '2025-03-01T10:30:00.000Z'],
      ['d', '2025-03-01T10:30:00.000Z'],
    ]);
  });

  it('quotes a bare carriage return too', () => {
    const withCr = incidentView(record, historyOf([{ name: 'a', action: 'stop', note: 'line\rbreak' }]), []);
    const parsed = parseCsv(worklistCsv(withCr));
    expect(parsed.find((r) => r[0] === 'a')!.at(-1)).toBe('line\rbreak');
  });
});
