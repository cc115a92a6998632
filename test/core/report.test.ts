// The postmortem artefacts (server/analysis/report.ts): the JSON report's timeline and
// notification contacts, the Markdown for legal (state in words, arrival in UTC, communications),
// and the CSV worklist (parsed back here). The incident is read in time (CONTRACT.md §5): arrival
// counts from outputAt, and a stop in force from its effectiveAt.
import { describe, expect, it } from 'vitest';
import type { Communication, HistoryEntry, StatusChange } from '../../graph-schema/index.js';
import { stateInWords } from '../../graph-schema/rules.js';
import { buildReport, reportMarkdown, worklistCsv } from '../../server/analysis/report.js';
import { docsFrom, historyOf, incidentOf, incidentRecord, radiusOf } from './helpers.js';

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
  // produced ten minutes before anyone noticed: arrivals count from here, not from detection
  outputAt: '2025-03-01T09:50:00.000Z',
  detectedAt: '2025-03-01T10:00:00.000Z',
  openedAt: '2025-03-01T10:05:00.000Z',
  openedBy: 'sam',
});
// read long after every arrival (helpers: asOf 2030-01-01)
const incident = incidentOf(record, radius, history, statusHistory);
const now = new Date('2025-03-02T09:00:00.000Z');

/** Arrivals from outputAt 09:50 (helpers: asOf 2030): a, b, s2 09:51; s1 09:52; s3 09:56; d 11:51 (via a; c's stop holds c); c never. */
const ARRIVAL = {
  a: '2025-03-01T09:51:00.000Z',
  b: '2025-03-01T09:51:00.000Z',
  s2: '2025-03-01T09:51:00.000Z',
  s1: '2025-03-01T09:52:00.000Z',
  s3: '2025-03-01T09:56:00.000Z',
  d: '2025-03-01T11:51:00.000Z',
};
const byName = (name: string) => incident.consumers.find((c) => c.name === name)!;

describe('the incident the report reads', () => {
  it('counts arrival from outputAt, and a stop in force from its effectiveAt holds what it had not yet received', () => {
    for (const [name, at] of Object.entries(ARRIVAL)) expect(byName(name), name).toMatchObject({ arrival: at, reached: 'estimated', held: false });
    // c was stopped at 10:13, before the output would have got there at 10:20: held, never reached
    expect(byName('c')).toMatchObject({ arrival: null, reached: false, held: true, exposed: false, lateStop: false });
    expect(incident.summary).toMatchObject({ reached: 6, surfacesReached: 3, observed: 0, held: 1, needsDecision: 1, exposed: 6, surfacesExposed: 3, source: null });
  });
});

describe('buildReport', () => {
  const report = buildReport(incident, history, [], now);

  it('orders the timeline by time: output, detection, opening, decisions and status changes interleaved', () => {
    expect(report.timeline).toEqual([
      { at: '2025-03-01T09:50:00.000Z', by: 'src', what: 'Bad output first produced' },
      { at: '2025-03-01T10:00:00.000Z', by: 'sam', what: 'Detected' },
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
    const shuffled = buildReport({ ...incident, statusHistory: [...statusHistory].reverse() }, [...history].reverse(), [], now);
    expect(shuffled.timeline).toEqual(report.timeline);
  });

  it('groups the notification contacts by owner and contact, notify decisions only (the latest decision counts)', () => {
    expect(report.notificationContacts).toEqual([
      {
        owner: 'cx',
        contact: 'cx@example.com',
        consumers: [
          { name: 's1', kind: 'Surface', title: 'Chat widget, EU', note: NOTE },
          { name: 's2', kind: 'Surface' },
        ],
      },
      { owner: 'cx', contact: 'press@example.com', consumers: [{ name: 's3', kind: 'Surface', title: 'Portal' }] },
      // d was notify, then correct: not among the contacts; b has no contact
      { owner: 'ops', contact: null, consumers: [{ name: 'b', kind: 'System', note: 'ops|desk' }] },
    ]);
  });

  it('carries the incident head with its summary, the consumers, the exposure and generation time, and no edges', () => {
    expect(report.generatedAt).toBe('2025-03-02T09:00:00.000Z');
    expect(report.incident).toMatchObject({ id: 'inc-20250301-abc123', title: record.title, source: 'src', revision: 12, status: 'resolved', progress: incident.progress, summary: incident.summary, outputAt: '2025-03-01T09:50:00.000Z' });
    for (const key of ['consumers', 'blastRadius', 'remainingExposure', 'statusHistory']) expect(report.incident).not.toHaveProperty(key);
    expect(report.consumers).toBe(incident.consumers);
    // the report carries no edges: at scale they are paged from GET .../edges
    expect(report).not.toHaveProperty('edges');
    expect(report.communications).toEqual([]);
    // c stopped: d is still reached through a; every consumer but c remains exposed
    expect(report.remainingExposure.map((e) => e.name)).toEqual(['a', 'b', 'd', 's1', 's2', 's3']);
    expect(incident.progress).toEqual({ total: 7, stop: 1, correct: 1, notify: 4, undecided: 1, surfacesExposed: 3 });
  });

  it('has no notification contacts when nobody is marked notify', () => {
    const quiet = incidentOf(record, radius, historyOf([{ name: 'a', action: 'stop' }]), []);
    expect(buildReport(quiet, [], [], now).notificationContacts).toEqual([]);
    expect(reportMarkdown(buildReport(quiet, [], [], now))).toContain('No consumer is marked notify.');
  });

  it('puts communications in the timeline, with the filing they make', () => {
    const withSent = buildReport(incident, history, COMMUNICATIONS, now);
    expect(withSent.communications).toBe(COMMUNICATIONS);
    expect(withSent.timeline).toContainEqual({ at: '2025-03-01T10:15:00.000Z', by: 'lee', what: 'Sent to customer by status-page: =HYPERLINK("x")' });
    expect(withSent.timeline).toContainEqual({
      at: '2025-03-01T10:19:00.000Z',
      by: 'sam',
      what: 'Sent to regulator by email (dpa@example.eu), filing for gdpr-art33 notification: Initial notice | art. 33\nsecond line',
    });
    expect(withSent.timeline).toHaveLength(report.timeline.length + 2);
    const ats = withSent.timeline.map((t) => t.at);
    expect([...ats].sort()).toEqual(ats);
  });
});

const COMMUNICATIONS: Communication[] = [
  { seq: 10, audience: 'customer', channel: 'status-page', summary: '=HYPERLINK("x")', sentAt: '2025-03-01T10:15:00.000Z', by: 'lee', recordedAt: '2025-03-01T10:15:10.000Z' },
  {
    seq: 11,
    audience: 'regulator',
    channel: 'email',
    to: 'dpa@example.eu',
    summary: 'Initial notice | art. 33\nsecond line',
    sentAt: '2025-03-01T10:19:00.000Z',
    regime: 'gdpr-art33',
    clock: 'notification',
    by: 'sam',
    recordedAt: '2025-03-01T10:19:30.000Z',
  },
];

/** Cells of a table row, split on unescaped pipes. */
const cells = (row: string) => row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
const CONSUMER_HEADER = '| Consumer | Kind | Depth | State | Arrival (UTC) | Exposed | Decision | By | Note | Owner |';
/** The consumers table's rows of a Markdown report, by consumer name. */
function consumerRows(md: string): Map<string, string[]> {
  const lines = md.split('\n');
  const start = lines.indexOf(CONSUMER_HEADER);
  expect(start).toBeGreaterThan(0);
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const c = cells(line);
    rows.set(c[0].replace(/`/g, ''), c);
  }
  return rows;
}

describe('reportMarkdown', () => {
  const md = reportMarkdown(buildReport(incident, history, [], now));
  const lines = md.split('\n');

  it('has the title and every section heading, in order', () => {
    expect(lines[0]).toBe('# Incident report: Policy agent invented a | refund rule');
    const headings = lines.filter((l) => /^#{1,3} /.test(l));
    expect(headings).toEqual([
      '# Incident report: Policy agent invented a | refund rule',
      '## Summary',
      '## Regulatory clocks',
      '## Who to tell',
      '### Customers (customer): 3 surfaces',
      '## Did containment work?',
      '### Re-enabled stops',
      '## Timeline',
      '## Consumers and decisions',
      '## Remaining exposure',
      '## Notification contacts',
      '### cx (cx@example.com)',
      '### cx (press@example.com)',
      '### ops',
      '## Communications',
      '## Propagation paths',
    ]);
  });

  it('says once, at the top, that every time is UTC', () => {
    expect(lines.slice(1, 3)).toEqual(['', 'All times are UTC.']);
    expect(lines.filter((l) => l === 'All times are UTC.')).toHaveLength(1);
  });

  it('reviews each stop: when it took effect, its scope, whether it was in time and what it held', () => {
    const row = lines.find((l) => l.startsWith('| `c` | Agent | 2025-03-01T10:13:00.000Z |'));
    expect(row && cells(row)).toEqual(['`c`', 'Agent', '2025-03-01T10:13:00.000Z', 'priya', 'full', 'in time', '`c`', 'none', 'paused, queue drained']);
  });

  it('states the facts of the head table and the summary, in UTC', () => {
    expect(md).toContain('| Incident | inc-20250301-abc123 |');
    expect(md).toContain('| Source | `src` |');
    expect(md).toContain('| Output reference | msg\\|42 |');
    expect(md).toContain('| Output first produced | 2025-03-01T09:50:00.000Z |');
    expect(md).toContain('| Detected | 2025-03-01T10:00:00.000Z |');
    expect(md).toContain('| Graph revision | 12 |');
    expect(md).toContain('| Report generated | 2025-03-02T09:00:00.000Z |');
    expect(lines).toContain('All times are UTC.');
    // no broken action classes named: the whole source broke
    expect(md).not.toContain('Broken action classes');
    expect(md).toContain('could reach **7 consumers**. 1 stopped, 1 corrected, 4 notified, 1 undecided.');
    expect(md).toContain('As of 2030-01-01T00:00:00.000Z, **6 already reached** (3 surfaces, 0 observed), 1 held by stops, 1 need a decision.');
    expect(md).toContain('The source is **not stopped**.');
    expect(md).toContain('**6 consumers remain exposed**, 3 of them customer-facing surfaces.');
  });

  it('names the broken action classes when only some broke', () => {
    const partial = incidentOf({ ...record, actionClasses: ['customer-communication', 'financial-write'] }, radius, history, statusHistory);
    expect(reportMarkdown(buildReport(partial, history, [], now))).toContain('| Broken action classes | customer-communication, financial-write |');
  });

  it('escapes | in notes and keeps each table row on one line with the right number of cells, the state in words and the arrival in UTC', () => {
    const rows = consumerRows(md);
    expect([...rows.keys()]).toEqual(incident.consumers.map((c) => c.name));
    for (const row of rows.values()) expect(row, row.join('|')).toHaveLength(10);
    expect(rows.get('s1')).toEqual(['`s1`', 'Surface', '2', 'reached (estimated)', ARRIVAL.s1, '**yes**', 'notify', 'sam', 'Told "all" customers, sorry second line \\| with pipe', 'cx']);
    expect(rows.get('b')![8]).toBe('ops\\|desk');
    // held by its stop: it never had the output, so "never", not reached, not exposed
    expect(rows.get('c')).toEqual(['`c`', 'Agent', '1', 'held by a stop', 'never', 'no', 'stop', 'priya', 'paused, queue drained', 'ai']);
    expect(rows.get('d')).toEqual(['`d`', 'System', '2', 'reached (estimated)', ARRIVAL.d, '**yes**', 'correct', 'lee', 'rows fixed', 'ops']);
    expect(rows.get('a')![6]).toBe('_undecided_');

    // the timeline table too
    const t = lines.indexOf('| When (UTC) | Who | What |');
    const timelineRows = lines.slice(t + 2, t + 2 + 12);
    for (const row of timelineRows) expect(cells(row), row).toHaveLength(3);
    expect(lines[t + 2 + 12]).toBe('');
    expect(timelineRows.find((r) => r.includes('b: notify'))).toBe('| 2025-03-01T10:16:00.000Z | sam | b: notify (ops\\|desk) |');
    expect(timelineRows[0]).toBe('| 2025-03-01T09:50:00.000Z | src | Bad output first produced |');
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
    const safe = incidentOf(record, radius, historyOf([{ name: 'a', action: 'stop' }, { name: 'c', action: 'stop' }]), []);
    const text = reportMarkdown(buildReport(safe, [], [], now));
    expect(text).toContain('No consumer remains exposed.');
    expect(text).toContain('None: future outputs of the source reach no consumer (the source or every path to them is stopped).');
  });

  it('shows a consumer stopped after the output reached it as reached, never as safe', () => {
    // a was stopped at 10:10; the output got there at 09:51
    const late = incidentOf(record, radius, historyOf([{ name: 'a', action: 'stop', at: '2025-03-01T10:10:00.000Z' }]), []);
    expect(late.consumers.find((c) => c.name === 'a')).toMatchObject({ reached: 'estimated', lateStop: true, exposed: false, arrival: ARRIVAL.a });
    const rows = consumerRows(reportMarkdown(buildReport(late, [], [], now)));
    expect(rows.get('a')!.slice(3, 7)).toEqual(['reached (estimated) before its stop', ARRIVAL.a, 'no', 'stop']);
  });

  it('says the source is stopped, and since when; what already left it still arrives', () => {
    // the source was stopped at 10:02, twelve minutes after its bad output left it
    const h = historyOf([{ name: 'src', action: 'stop', note: 'paused the agent', at: '2025-03-01T10:02:00.000Z' }]);
    const stopped = incidentOf(record, radius, h, []);
    expect(stopped.summary.source).toMatchObject({ name: 'src', action: 'stop', effectiveAt: '2025-03-01T10:02:00.000Z' });
    // the source is no consumer: the counts leave it out
    expect(stopped.progress).toMatchObject({ total: 7, stop: 0, undecided: 7, surfacesExposed: 0 });
    const report = buildReport(stopped, h, [], now);
    expect(report.timeline).toContainEqual({ at: '2025-03-01T10:02:00.000Z', by: 'sam', what: 'src: stop (paused the agent)' });
    const text = reportMarkdown(report);
    expect(text).toContain('The source is stopped since 2025-03-01T10:02:00.000Z.');
    expect(text).toContain('No consumer remains exposed.');
    const rows = consumerRows(text);
    expect(rows.get('s1')!.slice(3, 6)).toEqual(['reached (estimated)', ARRIVAL.s1, 'no']);
    // c is not stopped here: d gets the output through c (30 m), sooner than through a
    expect(rows.get('d')!.slice(3, 6)).toEqual(['reached (estimated)', '2025-03-01T10:20:00.000Z', 'no']);
  });

  it('holds everything when the source was stopped before its output was produced', () => {
    const h = historyOf([{ name: 'src', action: 'stop', at: '2025-03-01T09:49:00.000Z' }]);
    const early = incidentOf(record, radius, h, []);
    expect(early.summary).toMatchObject({ reached: 0, held: 7, exposed: 0, needsDecision: 0, firstSurfaceArrival: null });
    const rows = consumerRows(reportMarkdown(buildReport(early, h, [], now)));
    for (const row of rows.values()) expect(row.slice(3, 6), row[0]).toEqual(['held by a stop', 'never', 'no']);
  });

  it('writes a partial stop with its classes and a back-dated effect', () => {
    const partialStop: HistoryEntry = {
      seq: 1,
      name: 'a',
      action: 'stop',
      previousAction: null,
      version: 1,
      by: 'sam',
      at: '2025-03-01T10:10:00.000Z',
      effectiveAt: '2025-03-01T09:55:00.000Z',
      actionClasses: ['customer-communication'],
    };
    const partial = incidentOf(record, radius, [partialStop], []);
    const report = buildReport(partial, [partialStop], [], now);
    expect(report.timeline).toContainEqual({ at: '2025-03-01T10:10:00.000Z', by: 'sam', what: 'a: stop (customer-communication only), effective 2025-03-01T09:55:00.000Z' });
    const rows = consumerRows(reportMarkdown(report));
    // a partial stop blocks no unclassified edge: a still relays, and is still exposed
    expect(rows.get('a')!.slice(3, 7)).toEqual(['reached (estimated) before its stop', ARRIVAL.a, '**yes**', 'stop (customer-communication)']);
    expect(rows.get('s1')!.slice(3, 6)).toEqual(['reached (estimated)', ARRIVAL.s1, '**yes**']);
  });

  it('says a consumer the travelling output has yet to reach will be reached', () => {
    // read at 09:51:30: a, b and s2 have it; s1 (09:52) and s3 (09:56) do not yet
    const early = incidentOf(record, radius, [], [], Date.parse('2025-03-01T09:51:30.000Z'));
    const rows = consumerRows(reportMarkdown(buildReport(early, [], [], now)));
    expect(rows.get('a')!.slice(3, 5)).toEqual(['reached (estimated)', ARRIVAL.a]);
    expect(rows.get('s1')!.slice(3, 6)).toEqual(['will be reached', ARRIVAL.s1, '**yes**']);
    expect(rows.get('s3')!.slice(3, 6)).toEqual(['will be reached', ARRIVAL.s3, '**yes**']);
    expect(early.summary).toMatchObject({ reached: 3, surfacesReached: 1, surfacesPending: 2, nextSurfaceArrival: ARRIVAL.s1, firstSurfaceArrival: ARRIVAL.s2 });
  });

  it('says will be reached, not "no longer exposed", when stops came too late for output already on its way', () => {
    // a had the output at 09:51 and was stopped at 10:10; what left a for d (2 h) arrives at 11:51 all the same.
    // c is stopped before the output reached it. Read at 10:30: d is no longer exposed to future outputs,
    // but the output already travelling will reach it: saying "not reached, no longer exposed" reads as safe.
    const h = historyOf([
      { name: 'a', action: 'stop', at: '2025-03-01T10:10:00.000Z' },
      { name: 'c', action: 'stop', at: '2025-03-01T10:13:00.000Z' },
    ]);
    const pending = incidentOf(record, radius, h, [], Date.parse('2025-03-01T10:30:00.000Z'));
    const d = pending.consumers.find((c) => c.name === 'd')!;
    expect(d).toMatchObject({ arrival: ARRIVAL.d, reached: false, held: false, exposed: false });
    expect(stateInWords(d)).toBe('will be reached');
  });
});

describe('stateInWords', () => {
  const s1 = byName('s1');
  it('says observed when an observation names the consumer, and whether it came before a stop', () => {
    expect(stateInWords({ ...s1, reached: 'observed' })).toBe('reached (observed)');
    expect(stateInWords({ ...s1, reached: 'observed', lateStop: true })).toBe('reached (observed) before its stop');
    expect(stateInWords(s1)).toBe('reached (estimated)');
    expect(stateInWords(byName('c'))).toBe('held by a stop');
  });
});

describe('the Communications section', () => {
  const md = reportMarkdown(buildReport(incident, history, COMMUNICATIONS, now));
  const lines = md.split('\n');

  it('says none were recorded when there are none', () => {
    const plain = reportMarkdown(buildReport(incident, history, [], now)).split('\n');
    const at = plain.indexOf('## Communications');
    expect(plain.slice(at + 1, at + 3)).toEqual(['', 'None recorded.']);
  });

  it('lists each message and filing, every value escaped, one row per line', () => {
    const at = lines.indexOf('## Communications');
    expect(lines[at + 2]).toBe('| Sent (UTC) | Audience | Channel | To | Summary | Filing | By |');
    const rows = lines.slice(at + 4, at + 4 + COMMUNICATIONS.length).map(cells);
    expect(rows).toEqual([
      ['2025-03-01T10:15:00.000Z', 'customer', 'status-page', '', '=HYPERLINK("x")', '', 'lee'],
      ['2025-03-01T10:19:00.000Z', 'regulator', 'email', 'dpa@example.eu', 'Initial notice \\| art. 33 second line', 'gdpr-art33 notification', 'sam'],
    ]);
    expect(lines[at + 4 + COMMUNICATIONS.length]).toBe('');
    // and in the timeline table, on one line
    expect(md).toContain('| 2025-03-01T10:19:00.000Z | sam | Sent to regulator by email (dpa@example.eu), filing for gdpr-art33 notification: Initial notice \\| art. 33 second line |');
  });
});

describe('worklistCsv', () => {
  const csv = worklistCsv(incident);
  const rows = parseCsv(csv);
  const header = rows[0];
  const HEADER = [
    'incident', 'incident_title', 'output_ref', 'name', 'kind', 'audience', 'title', 'owner', 'contact', 'depth', 'exposure',
    'state', 'reached', 'arrival_utc', 'still_exposed', 'suggested_action', 'decision', 'decided_by', 'decided_at', 'note',
  ];
  const objects = (parsed: string[][]) => Object.fromEntries(parsed.slice(1).map((r) => [r[3], Object.fromEntries(parsed[0].map((h, i) => [h, r[i]]))]));

  it('is CRLF-terminated RFC 4180 with one row per consumer', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(header).toEqual(HEADER);
    expect(header).not.toContain('estimated_arrival');
    expect(rows).toHaveLength(1 + incident.consumers.length);
    for (const row of rows) expect(row).toHaveLength(header.length);
  });

  it('round-trips commas, quotes and line breaks in notes and titles, with the incident on every row', () => {
    const named = objects(rows);
    expect(named.s1).toEqual({
      incident: 'inc-20250301-abc123',
      incident_title: 'Policy agent invented a | refund rule',
      output_ref: 'msg|42',
      name: 's1',
      kind: 'Surface',
      audience: 'customer',
      title: 'Chat widget, EU',
      owner: 'cx',
      contact: 'cx@example.com',
      depth: '2',
      exposure: 'direct',
      state: 'reached (estimated)',
      reached: 'estimated',
      arrival_utc: ARRIVAL.s1,
      still_exposed: 'yes',
      suggested_action: 'notify',
      decision: 'notify',
      decided_by: 'sam',
      decided_at: '2025-03-01T10:10:00.000Z',
      note: NOTE,
    });
    expect(named.c).toMatchObject({ decision: 'stop', state: 'held by a stop', reached: 'no', arrival_utc: 'never', still_exposed: 'no', note: 'paused, queue drained', audience: '' });
    expect(named.a).toMatchObject({ decision: 'undecided', decided_by: '', decided_at: '', note: '', title: '', state: 'reached (estimated)' });
    for (const row of rows.slice(1)) expect(row.slice(0, 3)).toEqual(['inc-20250301-abc123', 'Policy agent invented a | refund rule', 'msg|42']);
  });

  it('orders rows by arrival, then depth, then name, never-arriving last', () => {
    const arrival = header.indexOf('arrival_utc');
    expect(rows.slice(1).map((r) => [r[3], r[arrival]])).toEqual([
      ['a', ARRIVAL.a],
      ['b', ARRIVAL.b],
      ['s2', ARRIVAL.s2],
      ['s1', ARRIVAL.s1],
      ['s3', ARRIVAL.s3],
      ['d', ARRIVAL.d],
      ['c', 'never'],
    ]);
  });

  it('says which rows are not reached yet at asOf', () => {
    const early = objects(parseCsv(worklistCsv(incidentOf(record, radius, [], [], Date.parse('2025-03-01T09:51:30.000Z')))));
    expect(early.s2).toMatchObject({ reached: 'estimated', state: 'reached (estimated)' });
    expect(early.s1).toMatchObject({ reached: 'no', state: 'will be reached', arrival_utc: ARRIVAL.s1, still_exposed: 'yes' });
  });

  it('defangs an incident title that would start a formula', () => {
    const hostile = objects(parseCsv(worklistCsv(incidentOf({ ...record, title: '=HYPERLINK("http://x")', outputRef: '@SUM(1)' }, radius, history, []))));
    expect(hostile.s1.incident_title).toBe('\'=HYPERLINK("http://x")');
    expect(hostile.s1.output_ref).toBe("'@SUM(1)");
  });

  it('quotes a bare carriage return too', () => {
    const withCr = incidentOf(record, radius, historyOf([{ name: 'a', action: 'stop', note: 'line\rbreak' }]), []);
    const parsed = parseCsv(worklistCsv(withCr));
    expect(parsed.find((r) => r[3] === 'a')!.at(-1)).toBe('line\rbreak');
  });

  it('quotes a bare line feed too', () => {
    const withLf = incidentOf(record, radius, historyOf([{ name: 'a', action: 'stop', note: 'line\nbreak' }]), []);
    const parsed = parseCsv(worklistCsv(withLf));
    expect(parsed.find((r) => r[3] === 'a')!.at(-1)).toBe('line\nbreak');
  });
});
