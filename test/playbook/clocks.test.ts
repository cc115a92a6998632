// Regulatory clocks (server/playbook/clocks.ts, due.ts): due times for each default regime on
// incidents opened at fixed times, business days over weekends, calendar months at month ends,
// filings, overdue, and date arithmetic that never throws. Expected times are written out by hand.
import { describe, expect, it } from 'vitest';
import { parseWithin, type Regime } from '../../graph-schema/index.js';
import { clocksFor, regimeTriggers } from '../../server/playbook/clocks.js';
import { addBusinessDays, addMonths, addWithin } from '../../server/playbook/due.js';
import { loadRegimes } from '../../server/playbook/regimes.js';

const catalog = loadRegimes();
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const one = (id: string) => new Map([[id, ['crm']]]);

/** Due times of one regime's clocks for an incident detected at `detectedAt`, by clock name. */
function dues(id: string, detectedAt: string): Record<string, string> {
  const clocks = clocksFor({ regimes: catalog.regimes, detectedAt, triggers: one(id), now: detectedAt });
  return Object.fromEntries(clocks.map((c) => [c.name, c.due]));
}

describe('the due time of each default regime', () => {
  // Tuesday 1 December 2026, 02:47 UTC
  const detected = '2026-12-01T02:47:00.000Z';

  it('eu-ai-act-art73: 15 days, 2 days for a widespread infringement or critical infrastructure, 10 days for a death', () => {
    expect(dues('eu-ai-act-art73', detected)).toEqual({
      'serious incident': '2026-12-16T02:47:00.000Z',
      'widespread infringement or critical infrastructure': '2026-12-03T02:47:00.000Z',
      death: '2026-12-11T02:47:00.000Z',
    });
  });

  it('gdpr-art33: 72 hours', () => {
    expect(dues('gdpr-art33', detected)).toEqual({ notification: '2026-12-04T02:47:00.000Z' });
  });

  it('nis2: 24 h early warning, 72 h notification, one calendar month final report', () => {
    expect(dues('nis2', detected)).toEqual({
      'early warning': '2026-12-02T02:47:00.000Z',
      'incident notification': '2026-12-04T02:47:00.000Z',
      'final report': '2027-01-01T02:47:00.000Z',
    });
  });

  it('dora: 24 h initial, 72 h intermediate, one calendar month final', () => {
    expect(dues('dora', '2027-01-31T23:30:00Z')).toEqual({
      'initial notification': '2027-02-01T23:30:00.000Z',
      'intermediate report': '2027-02-03T23:30:00.000Z',
      // 31 January + one month: the last day of February
      'final report': '2027-02-28T23:30:00.000Z',
    });
  });

  it('sec-8k-1-05: four business days, the weekend skipped (opened on a Friday)', () => {
    // Friday 4 December 2026 16:00 UTC: Mon 7, Tue 8, Wed 9, Thu 10
    expect(dues('sec-8k-1-05', '2026-12-04T16:00:00Z')).toEqual({ 'form 8-K': '2026-12-10T16:00:00.000Z' });
    // Thursday: Fri, Mon, Tue, Wed
    expect(dues('sec-8k-1-05', '2026-12-03T09:00:00Z')).toEqual({ 'form 8-K': '2026-12-09T09:00:00.000Z' });
    // Monday: plain four days
    expect(dues('sec-8k-1-05', '2026-11-30T09:00:00Z')).toEqual({ 'form 8-K': '2026-12-04T09:00:00.000Z' });
    // Saturday: counts from Monday, so Thursday
    expect(dues('sec-8k-1-05', '2026-12-05T12:00:00Z')).toEqual({ 'form 8-K': '2026-12-10T12:00:00.000Z' });
    // holidays are not skipped: Wednesday 23 December 2026 + 4BD runs over Christmas Day (a Friday)
    expect(dues('sec-8k-1-05', '2026-12-23T10:00:00Z')).toEqual({ 'form 8-K': '2026-12-29T10:00:00.000Z' });
  });

  it('every regime says it is not legal advice, names an official source and the date checked', () => {
    expect(catalog.regimes.map((r) => r.id)).toEqual(expect.arrayContaining(['eu-ai-act-art73', 'gdpr-art33', 'nis2', 'dora', 'sec-8k-1-05']));
    for (const r of catalog.regimes) {
      expect(r.notLegalAdvice, r.id).toMatch(/not legal advice/i);
      expect(r.source, r.id).toMatch(/^https:\/\/(eur-lex\.europa\.eu|www\.sec\.gov)\//);
      expect(r.checked, r.id).toBe('2026-12-01');
    }
    expect(catalog.regimes.find((r) => r.id === 'sec-8k-1-05')!.notLegalAdvice).toMatch(/holidays are NOT/);
  });
});

describe('business days and months', () => {
  it('a weekend start and multiples of five land on a weekday', () => {
    const sat = at('2026-12-05T08:00:00Z');
    expect(iso(addBusinessDays(sat, 1))).toBe('2026-12-07T08:00:00.000Z'); // Monday
    expect(iso(addBusinessDays(sat, 5))).toBe('2026-12-11T08:00:00.000Z'); // Friday, not the next Saturday
    expect(iso(addBusinessDays(sat, 10))).toBe('2026-12-18T08:00:00.000Z');
    const fri = at('2026-12-04T23:59:59Z');
    expect(iso(addBusinessDays(fri, 1))).toBe('2026-12-07T23:59:59.000Z');
    expect(iso(addBusinessDays(fri, 5))).toBe('2026-12-11T23:59:59.000Z');
    expect(iso(addBusinessDays(fri, 0))).toBe('2026-12-04T23:59:59.000Z');
  });

  it('every start of a week, stepped one business day at a time, agrees with the shortcut', () => {
    for (let day = 0; day < 7; day++) {
      const start = at('2026-11-29T06:00:00Z') + day * 86_400_000; // Sunday 29 November onwards
      let stepped = start;
      for (let n = 1; n <= 23; n++) {
        do stepped += 86_400_000;
        while ([0, 6].includes(new Date(stepped).getUTCDay()));
        expect(addBusinessDays(start, n), `day ${day} + ${n}BD`).toBe(stepped);
      }
    }
  });

  it('a calendar month keeps the day, or takes the last day of a shorter month', () => {
    expect(iso(addMonths(at('2026-01-31T10:00:00Z'), 1))).toBe('2026-02-28T10:00:00.000Z');
    expect(iso(addMonths(at('2028-01-31T10:00:00Z'), 1))).toBe('2028-02-29T10:00:00.000Z'); // leap year
    expect(iso(addMonths(at('2026-03-31T10:00:00Z'), 1))).toBe('2026-04-30T10:00:00.000Z');
    expect(iso(addMonths(at('2026-12-15T10:00:00Z'), 1))).toBe('2027-01-15T10:00:00.000Z');
    expect(iso(addMonths(at('2026-08-31T10:00:00Z'), 6))).toBe('2027-02-28T10:00:00.000Z');
  });

  it('never throws, at the edges of the Date range or on an unreadable start', () => {
    expect(() => iso(addWithin(8.64e15, { unit: 'seconds', amount: 1e9 }))).not.toThrow();
    expect(() => iso(addWithin(8.64e15, { unit: 'months', amount: 120 }))).not.toThrow();
    expect(() => iso(addWithin(8.64e15, { unit: 'business-days', amount: 2600 }))).not.toThrow();
    expect(() => iso(addWithin(Number.NaN, { unit: 'months', amount: 1 }))).not.toThrow();
    const clocks = clocksFor({ regimes: catalog.regimes, detectedAt: 'not a date', triggers: one('gdpr-art33'), now: '2026-12-01T00:00:00Z' });
    expect(clocks[0].due).toBe('2026-12-04T00:00:00.000Z'); // counted from now
  });

  it('parses the three forms of `within`', () => {
    expect(parseWithin('PT72H')).toEqual({ unit: 'seconds', amount: 259200 });
    expect(parseWithin('P15D')).toEqual({ unit: 'seconds', amount: 15 * 86400 });
    expect(parseWithin('P1M')).toEqual({ unit: 'months', amount: 1 });
    expect(parseWithin('4BD')).toEqual({ unit: 'business-days', amount: 4 });
    expect(parseWithin('P1Y')).toBeUndefined();
    expect(parseWithin('4 days')).toBeUndefined();
  });
});

describe('clocksFor', () => {
  const detectedAt = '2026-12-01T02:47:00Z';
  const triggers = new Map([
    ['gdpr-art33', ['crm']],
    ['eu-ai-act-art73', ['policy-agent', 'chat-widget']],
  ]);

  it('lists every clock of every triggered regime, earliest due first, with who triggers it', () => {
    const clocks = clocksFor({ regimes: catalog.regimes, detectedAt, triggers, now: '2026-12-01T03:00:00Z' });
    expect(clocks.map((c) => [c.regime, c.name, c.status])).toEqual([
      ['eu-ai-act-art73', 'widespread infringement or critical infrastructure', 'pending'],
      ['gdpr-art33', 'notification', 'pending'],
      ['eu-ai-act-art73', 'death', 'pending'],
      ['eu-ai-act-art73', 'serious incident', 'pending'],
    ]);
    expect(clocks[1].triggeredBy).toEqual(['crm']);
    expect(clocks[0].triggeredBy).toEqual(['policy-agent', 'chat-widget']);
  });

  it('turns a clock overdue once now is past due, and filed by a communication naming it', () => {
    const now = '2026-12-05T00:00:00Z';
    const overdue = clocksFor({ regimes: catalog.regimes, detectedAt, triggers, now });
    expect(overdue.filter((c) => c.status === 'overdue').map((c) => c.name)).toEqual(['widespread infringement or critical infrastructure', 'notification']);
    const filed = clocksFor({
      regimes: catalog.regimes,
      detectedAt,
      triggers,
      now,
      communications: [{ regime: 'gdpr-art33', clock: 'notification', recordedAt: '2026-12-03T10:00:00Z' }],
    });
    expect(filed.find((c) => c.regime === 'gdpr-art33')!.status).toBe('filed');
    expect(filed.find((c) => c.name === 'serious incident')!.status).toBe('pending');
  });

  it('a filing with no clock files the regime\'s earliest-due clock not yet filed; an unknown clock files nothing', () => {
    const comms = [
      { regime: 'eu-ai-act-art73', recordedAt: '2026-12-01T05:00:00Z' },
      { regime: 'eu-ai-act-art73', recordedAt: '2026-12-01T06:00:00Z' },
      { regime: 'eu-ai-act-art73', clock: 'no such clock' },
      { regime: 'nis2', clock: 'early warning' }, // not triggered: no clock to file
    ];
    const clocks = clocksFor({ regimes: catalog.regimes, detectedAt, triggers, now: '2026-12-01T07:00:00Z', communications: comms });
    const ai = clocks.filter((c) => c.regime === 'eu-ai-act-art73');
    expect(ai.map((c) => [c.name, c.status])).toEqual([
      ['widespread infringement or critical infrastructure', 'filed'],
      ['death', 'filed'],
      ['serious incident', 'pending'],
    ]);
    expect(clocks.some((c) => c.regime === 'nis2')).toBe(false);
  });

  it('ignores communications recorded after now (reading the incident as of a past time)', () => {
    const clocks = clocksFor({
      regimes: catalog.regimes,
      detectedAt,
      triggers,
      now: '2026-12-02T00:00:00Z',
      communications: [{ regime: 'gdpr-art33', clock: 'notification', recordedAt: '2026-12-03T00:00:00Z' }],
    });
    expect(clocks.find((c) => c.regime === 'gdpr-art33')!.status).toBe('pending');
  });

  it('starts no clock for a regime id the file no longer has, and none without triggers', () => {
    expect(clocksFor({ regimes: catalog.regimes, detectedAt, triggers: new Map([['gone', ['x']], ['dora', []]]), now: detectedAt })).toEqual([]);
  });

  it('works with any regimes list, not only the default file', () => {
    const custom: Regime[] = [
      { id: 'house-rule', name: 'House rule', authority: 'The board', source: 'https://example.com/rule', checked: '2026-12-01', notLegalAdvice: 'Not legal advice.', clocks: [{ name: 'memo', within: '2BD', from: 'awareness' }] },
    ];
    const clocks = clocksFor({ regimes: custom, detectedAt: '2026-12-04T12:00:00Z', triggers: new Map([['house-rule', ['erp']]]), now: '2026-12-04T12:00:00Z' });
    expect(clocks).toEqual([{ regime: 'house-rule', name: 'memo', due: '2026-12-08T12:00:00.000Z', triggeredBy: ['erp'], status: 'pending' }]);
  });
});

describe('regimeTriggers', () => {
  const regimes: Record<string, string[]> = { src: ['dora'], crm: ['gdpr-art33'], chat: ['eu-ai-act-art73', 'gdpr-art33'], safe: ['nis2'], held: ['sec-8k-1-05'] };
  it('takes the source, and consumers reached or exposed; not one held and no longer exposed', () => {
    const map = regimeTriggers(
      'src',
      [
        { name: 'crm', reached: 'estimated', exposed: false },
        { name: 'chat', reached: false, exposed: true },
        { name: 'held', reached: false, exposed: false },
        { name: 'safe', reached: 'observed', exposed: false },
      ],
      (n) => regimes[n],
    );
    expect(Object.fromEntries(map)).toEqual({ dora: ['src'], 'gdpr-art33': ['chat', 'crm'], 'eu-ai-act-art73': ['chat'], nis2: ['safe'] });
  });
});
