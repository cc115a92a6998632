// The report's playbook sections (server/analysis/report-containment.ts, report-sections.ts):
// "Did containment work?" (every stop, what it held, breaches, re-enables), the regulatory clocks
// with the filing tied to each, who to tell per audience, UTC said everywhere, every new value
// escaped; then end to end over HTTP on the demo graph; and the image ships the playbook's files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Communication, HistoryEntry, Incident } from '../../graph-schema/index.js';
import { computeAccuracy } from '../../server/analysis/accuracy.js';
import { buildReport, reportMarkdown, worklistCsv } from '../../server/analysis/report.js';
import { HELD_RULE } from '../../server/analysis/report-containment.js';
import { NOT_LEGAL_ADVICE } from '../../server/analysis/report-sections.js';
import { clocksFor } from '../../server/playbook/clocks.js';
import { loadRegimes } from '../../server/playbook/regimes.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { docsFrom, historyOf, incidentOf, incidentRecord, radiusOf } from './helpers.js';

const HOSTILE = 'a | b\n## Fake section\n<script>alert(1)</script>';
const ROOT = path.resolve(import.meta.dirname, '../..');
const catalog = loadRegimes();

// src -1m-> a -1m-> s1 (customer-communication), a -10m-> ledger (financial-write), a -> s5 (unclassified)
// src -30m-> b -1m-> s2 (regulator), b -5m-> s3 (board);  src -1h-> c -> s4 (counterparty)
const docs = docsFrom(
  { src: 'Agent', a: 'Agent', ledger: 'System', b: 'System', c: 'Agent', s1: 'Surface', s2: 'Surface', s3: 'Surface', s4: 'Surface', s5: 'Surface' },
  ['src>a@PT1M', 'a>s1@PT1M', 'a>ledger@PT10M', 'a>s5', 'src>b@PT30M', 'b>s2@PT1M', 'b>s3@PT5M', 'src>c@PT1H', 'c>s4'],
  {
    s1: { owner: HOSTILE, contact: 'cx@example.com', title: `Chat ${HOSTILE}` },
    s2: { owner: 'legal', contact: 'dpo@example.com' },
    s3: { owner: 'board-office' },
    s4: { owner: 'partners', contact: 'partners@example.com' },
    s5: { owner: 'social', contact: 'social@example.com' },
  },
);
const byDoc = new Map(docs.map((d) => [d.metadata.name, d]));
const spec = (name: string) => byDoc.get(name)!.spec as Record<string, unknown> & { consumes: { from: string; actionClasses?: string[] }[] };
spec('a').actionClasses = ['customer-communication', 'financial-write'];
spec('s1').consumes[0].actionClasses = ['customer-communication'];
spec('ledger').consumes[0].actionClasses = ['financial-write'];
spec('s2').audience = 'regulator';
spec('s3').audience = 'board';
spec('s4').audience = 'counterparty';
spec('s5').audience = 'public';
spec('b').regimes = ['nis2'];
spec('src').regimes = ['gdpr-art33'];

const radius = radiusOf(docs, 'src', { revision: 3 });
const record = incidentRecord(radius, { id: 'inc-20250301-play', title: `Refund rule ${HOSTILE}`, outputAt: '2025-03-01T09:50:00.000Z', detectedAt: '2025-03-01T10:00:00.000Z' });

const entry = (seq: number, e: Partial<HistoryEntry> & Pick<HistoryEntry, 'name' | 'action' | 'at'>): HistoryEntry => ({
  seq,
  previousAction: null,
  version: 1,
  by: 'sam',
  effectiveAt: e.at,
  ...e,
});
const history: HistoryEntry[] = [
  // a partial stop back-dated before the output reached a (09:51): the ledger edge is held
  entry(1, { name: 'a', action: 'stop', at: '2025-03-01T10:06:00.000Z', effectiveAt: '2025-03-01T09:50:30.000Z', actionClasses: ['financial-write'], by: 'priya' }),
  // b in time (the output would get there at 10:20): b, s2, s3 held
  entry(2, { name: 'b', action: 'stop', at: '2025-03-01T10:10:00.000Z', note: HOSTILE, by: HOSTILE }),
  entry(3, { name: 'c', action: 'stop', at: '2025-03-01T10:12:00.000Z' }),
  // s1 had it at 09:52: a late stop holds nothing
  entry(4, { name: 's1', action: 'stop', at: '2025-03-01T10:15:00.000Z' }),
  // re-enabling c is a clear with its note (the guardrail)
  entry(5, { name: 'c', action: 'clear', previousAction: 'stop', version: 2, at: '2025-03-01T10:30:00.000Z', note: `safe again ${HOSTILE}`, by: 'lee' }),
  // the source, after its output: ends new outputs, recalls nothing travelling
  entry(6, { name: 'src', action: 'stop', at: '2025-03-01T10:40:00.000Z' }),
];
const communications: Communication[] = [
  // names only the regime: it files gdpr-art33's earliest clock not yet filed
  { seq: 20, audience: 'regulator', channel: 'portal', summary: `Art. 33 notice ${HOSTILE}`, sentAt: '2025-03-02T09:00:00.000Z', regime: 'gdpr-art33', ref: 'DPA-7', by: 'sam', recordedAt: '2025-03-02T09:00:05.000Z' },
  { seq: 21, audience: 'customer', channel: 'email', to: 'all customers', summary: 'Correction sent', sentAt: '2025-03-01T12:00:00.000Z', by: 'lee', recordedAt: '2025-03-01T12:00:01.000Z' },
];
const ASOF = Date.parse('2025-03-03T00:00:00.000Z');

function theIncident(): Incident {
  const incident = incidentOf(record, radius, history, [], ASOF);
  const triggers = new Map([
    ['gdpr-art33', ['src']],
    ['nis2', ['b']],
  ]);
  incident.clocks = clocksFor({ regimes: catalog.regimes, detectedAt: record.detectedAt, triggers, communications, now: new Date(ASOF) });
  return incident;
}
const incident = theIncident();
const consumer = (name: string) => incident.consumers.find((c) => c.name === name)!;

/** What the observations say: s2 seen although b's stop should have held it; s4 seen over a hop the registry lacks. */
function accuracyOf() {
  const registered = new Set(docs.flatMap((d) => d.spec.consumes.map((c) => `${c.from}>${d.metadata.name}`)));
  return computeAccuracy({
    incidentId: record.id,
    radius,
    source: 'src',
    observations: [
      { name: 's2', at: '2025-03-01T10:45:00.000Z' },
      { name: 's1', at: '2025-03-01T09:53:00.000Z' },
      { name: 's4', from: 'a', at: '2025-03-01T10:05:00.000Z' },
    ] as never,
    registeredEdges: (from, to) => registered.has(`${from}>${to}`),
    unmatched: [],
    arrival: new Map(incident.consumers.map((c) => [c.name, c.arrival])),
    stops: new Map(incident.consumers.flatMap((c) => (c.decision?.action === 'stop' ? [[c.name, c.decision] as const] : []))),
  });
}

const now = new Date('2025-03-03T00:00:00.000Z');
const cells = (row: string) => row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
/** The table right after `heading`'s header row `header`, as rows of cells. */
function table(md: string, header: string): string[][] {
  const lines = md.split('\n');
  const at = lines.indexOf(header);
  expect(at, header).toBeGreaterThan(0);
  const rows: string[][] = [];
  for (const line of lines.slice(at + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(cells(line));
  }
  const width = cells(header).length;
  for (const r of rows) expect(r, r.join('|')).toHaveLength(width);
  return rows;
}
const section = (md: string, heading: string) => {
  const lines = md.split('\n');
  const at = lines.indexOf(heading);
  expect(at, heading).toBeGreaterThan(0);
  const end = lines.findIndex((l, i) => i > at && /^## /.test(l));
  return lines.slice(at, end < 0 ? undefined : end).join('\n');
};

describe('the incident these tests read', () => {
  it('has the arrivals and holds the stops give', () => {
    expect(consumer('a')).toMatchObject({ arrival: '2025-03-01T09:51:00.000Z', held: false });
    expect(consumer('ledger')).toMatchObject({ arrival: null, held: true });
    for (const n of ['b', 's2', 's3']) expect(consumer(n), n).toMatchObject({ arrival: null, held: true });
    expect(consumer('s1')).toMatchObject({ arrival: '2025-03-01T09:52:00.000Z', lateStop: true });
    // c's stop was cleared: nothing holds c or s4
    expect(consumer('c')).toMatchObject({ arrival: '2025-03-01T10:50:00.000Z', decision: null });
    expect(incident.clocks.map((c) => [c.regime, c.name, c.status])).toEqual([
      ['nis2', 'early warning', 'overdue'],
      ['gdpr-art33', 'notification', 'filed'],
      ['nis2', 'incident notification', 'pending'],
      ['nis2', 'final report', 'pending'],
    ]);
  });
});

describe('Did containment work?', () => {
  const report = buildReport(incident, history, communications, now, { accuracy: accuracyOf(), regimes: catalog });
  const review = report.containment;

  it('lists every stop in force, the source first, with its effective time, who, scope and timing', () => {
    expect(review.stops.map((s) => [s.name, s.source, s.effectiveAt, s.by, s.actionClasses, s.late])).toEqual([
      ['src', true, '2025-03-01T10:40:00.000Z', 'sam', null, true],
      ['a', false, '2025-03-01T09:50:30.000Z', 'priya', ['financial-write'], false],
      ['b', false, '2025-03-01T10:10:00.000Z', HOSTILE, null, false],
      ['s1', false, '2025-03-01T10:15:00.000Z', 'sam', null, true],
    ]);
    expect(review.stops[0]).toMatchObject({ kind: 'Agent', outputArrival: record.outputAt });
    expect(review.rule).toBe(HELD_RULE);
  });

  it('credits each held consumer to the in-time stops on its path, and nothing to a late stop', () => {
    const held = Object.fromEntries(review.stops.map((s) => [s.name, s.held.map((h) => h.name)]));
    expect(held).toEqual({ src: [], a: ['ledger'], b: ['b', 's2', 's3'], s1: [] });
  });

  it('names the breach on the stop that should have held it, and keeps the other unexplained apart', () => {
    const b = review.stops.find((s) => s.name === 'b')!;
    expect(b.breaches).toEqual([{ name: 's2', at: '2025-03-01T10:45:00.000Z', arrival: null, reason: 'stop-not-held', stop: { name: 'b', effectiveAt: '2025-03-01T10:10:00.000Z' } }]);
    for (const s of review.stops.filter((x) => x.name !== 'b')) expect(s.breaches, s.name).toEqual([]);
    expect(review.otherUnexplained).toEqual([{ name: 's4', at: '2025-03-01T10:05:00.000Z', arrival: '2025-03-01T10:50:00.000Z', reason: 'missing-edge', edge: { from: 'a', to: 's4' } }]);
    expect(review.contained).toEqual(['b', 'ledger', 's3']);
    expect(review.verdict).toBe('1 observation contradicts a stop: the output was seen where a stop should have held it. 1 other observation the graph cannot explain (listed below).');
  });

  it('lists the re-enable with its note and the stop it ended', () => {
    expect(review.reEnables).toEqual([
      { name: 'c', action: 'clear', at: '2025-03-01T10:30:00.000Z', effectiveAt: '2025-03-01T10:30:00.000Z', by: 'lee', note: `safe again ${HOSTILE}`, stoppedSince: '2025-03-01T10:12:00.000Z', actionClasses: null },
    ]);
  });

  it('writes the section as tables in UTC, every value escaped', () => {
    const md = reportMarkdown(report);
    const text = section(md, '## Did containment work?');
    expect(text).toContain('1 observation contradicts a stop');
    const rows = table(md, '| Stop | Kind | Effective (UTC) | By | Scope | Timing | Held | Breach | Note |');
    expect(rows.map((r) => r[0])).toEqual(['`src` (source)', '`a`', '`b`', '`s1`']);
    expect(rows[0].slice(3, 7)).toEqual(['sam', 'full', 'after the first output (2025-03-01T09:50:00.000Z): stops new outputs, recalls none already travelling', 'nothing']);
    expect(rows[1].slice(4, 7)).toEqual(['partial: financial-write', 'in time', '`ledger`']);
    const escaped = 'a \\| b \\#\\# Fake section &lt;script&gt;alert(1)&lt;/script&gt;';
    expect(rows[2]).toEqual(['`b`', 'System', '2025-03-01T10:10:00.000Z', escaped, 'full', 'in time', '`b`, `s2`, `s3`', '**s2 seen 2025-03-01T10:45:00.000Z, no arrival possible**', escaped]);
    expect(rows[3].slice(5, 8)).toEqual(['late: the output reached it at 2025-03-01T09:52:00.000Z', 'nothing', 'none']);
    expect(text).toContain('Contained (held by a stop and never observed): `b`, `ledger`, `s3`.');
    expect(text).toContain('- s4 seen 2025-03-01T10:05:00.000Z, earliest possible arrival 2025-03-01T10:50:00.000Z: hop a → s4 is not registered');
    const re = table(md, '| Node | Re-enabled (UTC) | By | How | Stopped since (UTC) | Note |');
    expect(re).toEqual([['`c`', '2025-03-01T10:30:00.000Z', 'lee', 'cleared', '2025-03-01T10:12:00.000Z', `safe again ${escaped}`]]);
  });

  it('says breaches cannot be judged without observations, and that nothing was held without stops', () => {
    const blind = buildReport(incident, history, [], now);
    expect(blind.containment).toMatchObject({ observed: false, contained: null, otherUnexplained: [] });
    expect(blind.containment.verdict).toMatch(/^No observations are recorded/);
    expect(reportMarkdown(blind)).not.toContain('Contained (held by a stop');
    const none = buildReport(incidentOf(record, radius, [], [], ASOF), [], [], now);
    expect(none.containment.stops).toEqual([]);
    const md = reportMarkdown(none);
    expect(section(md, '## Did containment work?')).toContain('No stop is in force: nothing was held by a stop.');
    expect(md).toContain('No stop was re-enabled.');
  });

  it('says every stop held when the observations agree', () => {
    const clean = computeAccuracy({ incidentId: record.id, radius, source: 'src', observations: [{ name: 's1' }], registeredEdges: () => true, unmatched: [], arrival: new Map(incident.consumers.map((c) => [c.name, c.arrival])) });
    const review2 = buildReport(incident, history, [], now, { accuracy: clean }).containment;
    expect(review2.verdict).toBe('No observation contradicts a stop: 4 consumers were held and never observed.');
  });
});

describe('Regulatory clocks', () => {
  const report = buildReport(incident, history, communications, now, { regimes: catalog });
  const md = reportMarkdown(report);

  it('gives each clock its regime, due time, trigger and status, and ties the filing to its clock', () => {
    const gdpr = report.regulatory.clocks.find((c) => c.regime === 'gdpr-art33')!;
    expect(gdpr).toMatchObject({ name: 'notification', due: '2025-03-04T10:00:00.000Z', triggeredBy: ['src'], status: 'filed', filedAfterDue: false, regimeName: catalog.regimes.find((r) => r.id === 'gdpr-art33')!.name });
    expect(gdpr.filing).toBe(communications[0]);
    for (const c of report.regulatory.clocks.filter((x) => x.regime === 'nis2')) expect(c, c.name).toMatchObject({ filing: null, filedAfterDue: null, triggeredBy: ['b'] });
    expect(report.regulatory.notLegalAdvice).toBe(catalog.notLegalAdvice);
    expect(report.regulatory.regimes.map((r) => r.id)).toEqual(['nis2', 'gdpr-art33']);
  });

  it('writes the table with the not-legal-advice statement, in UTC, the filing escaped', () => {
    const text = section(md, '## Regulatory clocks');
    expect(text).toContain(`> ${catalog.notLegalAdvice}`);
    const rows = table(md, '| Regime | Clock | Due (UTC) | Triggered by | Status | Filing |');
    expect(rows.map((r) => [r[1], r[2], r[3], r[4]])).toEqual([
      ['early warning', '2025-03-02T10:00:00.000Z', '`b`', '**overdue**'],
      ['notification', '2025-03-04T10:00:00.000Z', '`src`', 'filed'],
      ['incident notification', '2025-03-04T10:00:00.000Z', '`b`', 'pending'],
      ['final report', '2025-04-01T10:00:00.000Z', '`b`', 'pending'],
    ]);
    expect(rows[1][0]).toMatch(/^`gdpr-art33` /);
    expect(rows[1][5]).toBe('sent 2025-03-02T09:00:00.000Z by sam via portal: Art. 33 notice a \\| b \\#\\# Fake section &lt;script&gt;alert(1)&lt;/script&gt; (ref DPA-7)');
    expect(rows[0][5]).toBe('not yet');
    // each regime with its source and the date it was checked
    expect(text).toMatch(/^- `gdpr-art33`: .*Source: https:.*\(checked \d{4}-\d{2}-\d{2}\)/m);
  });

  it('shows the clock a regime-only filing met, in the communications table and the timeline', () => {
    const rows = table(md, '| Sent (UTC) | Audience | Channel | To | Summary | Filing | By |');
    expect(rows.find((r) => r[1] === 'regulator')![5]).toBe('gdpr-art33 notification');
    expect(report.timeline.find((t) => t.what.startsWith('Sent to regulator'))!.what).toContain('filing for gdpr-art33 notification:');
  });

  it('says filed (after due) for a late filing, and says so without regimes too', () => {
    const late = { ...communications[0], seq: 30, sentAt: '2025-03-05T00:00:00.000Z', recordedAt: '2025-03-05T00:00:00.000Z' };
    const lateIncident = { ...incident, asOf: '2025-03-06T00:00:00.000Z', clocks: incident.clocks.map((c) => (c.regime === 'gdpr-art33' ? { ...c, status: 'filed' as const } : c)) };
    const r = buildReport(lateIncident, history, [late], now);
    expect(r.regulatory.clocks.find((c) => c.regime === 'gdpr-art33')).toMatchObject({ filedAfterDue: true, regimeName: null });
    expect(r.regulatory.notLegalAdvice).toBe(NOT_LEGAL_ADVICE);
    expect(table(reportMarkdown(r), '| Regime | Clock | Due (UTC) | Triggered by | Status | Filing |')[1][4]).toBe('filed (after due)');
  });

  it('says when no regime is triggered, still with the statement', () => {
    const text = section(reportMarkdown(buildReport({ ...incident, clocks: [] }, history, [], now)), '## Regulatory clocks');
    expect(text).toContain('No reporting regime is triggered');
    expect(text).toContain(`> ${NOT_LEGAL_ADVICE}`);
  });
});

describe('Who to tell', () => {
  const report = buildReport(incident, history, communications, now);

  it('groups reached, travelling and exposed Surfaces by audience in the playbook order, with owners and contacts', () => {
    // s2 and s3 are held and, the source stopped, exposed to nothing: nobody to tell there
    expect(report.audiences.map((g) => [g.audience, g.surfaces.map((s) => s.name)])).toEqual([
      ['customer', ['s1']],
      ['counterparty', ['s4']],
      ['public', ['s5']],
    ]);
    expect(report.audiences[0]).toMatchObject({ owners: [HOSTILE], contacts: ['cx@example.com'], told: { count: 1, lastSentAt: '2025-03-01T12:00:00.000Z' } });
    expect(report.audiences[1]).toMatchObject({ owners: ['partners'], contacts: ['partners@example.com'], told: { count: 0, lastSentAt: null } });
    expect(report.audiences[1].surfaces[0]).toMatchObject({ state: 'reached (estimated)', arrival: '2025-03-01T10:50:00.000Z', exposed: false, decision: null });
  });

  it('lists an exposed and a travelling Surface too, before anything is stopped', () => {
    const early = buildReport(incidentOf(record, radius, [], [], Date.parse('2025-03-01T09:51:30.000Z')), [], [], now);
    const regulator = early.audiences.find((g) => g.audience === 'regulator')!;
    expect(regulator.surfaces[0]).toMatchObject({ name: 's2', state: 'will be reached', exposed: true });
    expect(early.audiences.map((g) => g.audience)).toEqual(['customer', 'counterparty', 'regulator', 'public', 'board']);
  });

  it('writes one escaped block per audience', () => {
    const md = reportMarkdown(report);
    const text = section(md, '## Who to tell');
    expect(text).toContain('### Customers (customer): 1 surface');
    expect(text).toContain('### Counterparties (counterparty): 1 surface');
    expect(text).toContain('Owners: a | b \\#\\# Fake section &lt;script&gt;alert(1)&lt;/script&gt;. Contacts: cx@example.com. 1 communication recorded, the last sent 2025-03-01T12:00:00.000Z.');
    const rows = table(md, '| Surface | Title | State | Arrival (UTC) | Still exposed | Decision | Owner | Contact |');
    expect(rows[0]).toEqual(['`s1`', 'Chat a \\| b \\#\\# Fake section &lt;script&gt;alert(1)&lt;/script&gt;', 'reached (estimated) before its stop', '2025-03-01T09:52:00.000Z', 'no', 'stop', 'a \\| b \\#\\# Fake section &lt;script&gt;alert(1)&lt;/script&gt;', 'cx@example.com']);
    expect(section(reportMarkdown(buildReport(incidentOf(record, radius, historyOf([{ name: 'src', action: 'stop', at: '2025-03-01T09:00:00.000Z' }]), [], ASOF), [], [], now)), '## Who to tell')).toContain(
      'No Surface has been reached, has the output on its way, or is exposed to new outputs.',
    );
  });
});

describe('the whole artefact', () => {
  const report = buildReport(incident, history, communications, now, { accuracy: accuracyOf(), regimes: catalog });
  const md = reportMarkdown(report);
  const lines = md.split('\n');

  it('says UTC once at the top, and in every time column', () => {
    expect(lines.slice(0, 3)).toEqual([`# Incident report: Refund rule a | b \\#\\# Fake section &lt;script&gt;alert(1)&lt;/script&gt;`, '', 'All times are UTC.']);
    expect(lines.filter((l) => l === 'All times are UTC.')).toHaveLength(1);
    expect(report.timeZone).toBe('UTC');
    const headers = lines.filter((l, i) => l.startsWith('| ') && lines[i + 1]?.startsWith('| ---'));
    for (const h of headers) for (const c of cells(h).filter((x) => /When|Due|Sent|Effective|Arrival|Re-enabled|since/.test(x))) expect(c, h).toMatch(/\(UTC\)$/);
    // every time written is ISO 8601 in UTC
    for (const t of md.match(/\d{4}-\d{2}-\d{2}T[\d:.]+\S?/g) ?? []) expect(t, t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/);
  });

  it('has its sections in order, and no typed value forges a heading, a line or a tag', () => {
    const headings = lines.filter((l) => /^## /.test(l));
    expect(headings).toEqual(['## Summary', '## Regulatory clocks', '## Who to tell', '## Did containment work?', '## Timeline', '## Consumers and decisions', '## Remaining exposure', '## Notification contacts', '## Communications', '## Propagation paths']);
    expect(lines).not.toContain('## Fake section');
    expect(md).not.toMatch(/<script/i);
    for (const h of lines.filter((l) => /^#{1,6}\s/.test(l))) expect(h.replace(/^#+ /, ''), h).not.toMatch(/(^|[^\\])#/);
  });

  it('keeps the CSV worklist columns the commander uses, every Surface with its state and audience', () => {
    const [header, ...rows] = worklistCsv(incident).trimEnd().split('\r\n');
    expect(header.split(',').slice(0, 6)).toEqual(['incident', 'incident_title', 'output_ref', 'name', 'kind', 'audience']);
    expect(header.split(',')).toEqual(expect.arrayContaining(['state', 'reached', 'arrival_utc']));
    // every consumer: a row each; titles with line breaks are quoted, so count names instead
    for (const name of ['s1', 's2', 's3', 's4', 's5']) expect(rows.some((r) => r.includes(`,${name},Surface,`)), name).toBe(true);
    expect(rows.find((r) => r.includes(',s4,Surface,'))).toContain(',s4,Surface,counterparty,');
  });
});

describe('GET .../report end to end (demo graph)', () => {
  let server: TestServer;
  let id: string;
  let md: string;
  let json: Record<string, any>;

  async function call(method: string, p: string, body?: unknown) {
    const res = await fetch(`${server.baseUrl}/api/v1${p}`, { method, headers: { 'Content-Type': 'application/json', 'X-Actor': 'sam' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return text;
  }

  beforeAll(async () => {
    server = await startTestServer({ demo: true });
    const nowMs = Date.now();
    const opened = JSON.parse(
      await call('POST', '/incidents', {
        title: 'Retroactive bereavement fares',
        source: 'policy-agent',
        failureMode: 'hallucination',
        outputAt: new Date(nowMs - 3_600_000).toISOString(),
        detectedAt: new Date(nowMs - 1_800_000).toISOString(),
      }),
    );
    id = opened.id;
    // the source, an hour after its first output: late for what already left it
    await call('PUT', `/incidents/${id}/decisions/policy-agent`, { action: 'stop', note: 'paused' });
    const applied = JSON.parse(await call('POST', `/incidents/${id}/containment/apply`, { note: 'plan' }));
    expect(applied.applied.map((e: { name: string }) => e.name)).toEqual(['help-article-agent']);
    // help-center is held by that stop, yet seen: a breach
    await call('POST', `/incidents/${id}/observations`, { reached: [{ name: 'help-center', at: new Date().toISOString() }, { name: 'crm' }] });
    await call('POST', `/incidents/${id}/communications`, { audience: 'regulator', channel: 'portal', summary: 'GDPR Art. 33 notification filed', regime: 'gdpr-art33' });
    md = await call('GET', `/incidents/${id}/report?format=markdown`);
    json = JSON.parse(await call('GET', `/incidents/${id}/report?format=json`));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has the new sections, UTC at the top', () => {
    const lines = md.split('\n');
    expect(lines[2]).toBe('All times are UTC.');
    for (const h of ['## Regulatory clocks', '## Who to tell', '## Did containment work?', '### Re-enabled stops']) expect(lines, h).toContain(h);
  });

  it('says the GDPR clock is filed, with its filing, and the others with the statement of the regimes file', () => {
    const rows = table(md, '| Regime | Clock | Due (UTC) | Triggered by | Status | Filing |');
    const gdpr = rows.find((r) => r[0].startsWith('`gdpr-art33`'))!;
    expect(gdpr[4]).toBe('filed');
    expect(gdpr[5]).toMatch(/^sent \S+Z by sam via portal: GDPR Art\. 33 notification filed$/);
    expect(gdpr[3]).toContain('`crm`');
    expect(rows.filter((r) => r[4] === 'pending').length).toBeGreaterThan(0);
    expect(md).toContain(`> ${catalog.notLegalAdvice}`);
    expect(json.regulatory.clocks.find((c: { regime: string }) => c.regime === 'gdpr-art33')).toMatchObject({ status: 'filed', filing: { channel: 'portal', regime: 'gdpr-art33' } });
  });

  it('reviews the stops: the late source, the planned stop with what it held and its breach', () => {
    const rows = table(md, '| Stop | Kind | Effective (UTC) | By | Scope | Timing | Held | Breach | Note |');
    expect(rows.map((r) => r[0])).toEqual(['`policy-agent` (source)', '`help-article-agent`']);
    expect(rows[0][5]).toMatch(/^after the first output/);
    expect(rows[1][5]).toBe('in time');
    expect(rows[1][6]).toContain('`help-center`');
    expect(rows[1][7]).toMatch(/^\*\*help-center seen \S+Z, no arrival possible\*\*$/);
    expect(json.containment).toMatchObject({ observed: true });
    expect(json.containment.stops[1].breaches[0]).toMatchObject({ name: 'help-center', reason: 'stop-not-held', stop: { name: 'help-article-agent' } });
  });

  it('lists who to tell per audience, with owners', () => {
    expect(json.audiences.map((g: { audience: string }) => g.audience)).toEqual(expect.arrayContaining(['customer', 'public', 'regulator']));
    const regulator = json.audiences.find((g: { audience: string }) => g.audience === 'regulator');
    expect(regulator.surfaces.map((s: { name: string }) => s.name)).toContain('court-filing');
    expect(regulator.told.count).toBe(1);
    expect(md).toContain('### Customers (customer): ');
  });
});

describe('the image', () => {
  it('copies the playbook files the server loads at start into the runtime stage', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^COPY regimes \.\/regimes$/m);
    expect(runtime).toMatch(/^COPY playbook \.\/playbook$/m);
    for (const dir of ['regimes', 'playbook/templates']) expect(fs.existsSync(path.join(ROOT, dir)), dir).toBe(true);
  });
});
