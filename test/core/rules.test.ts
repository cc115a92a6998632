// graph-schema/rules.ts: the rules the server and the web UI share, so they cannot disagree.
import { describe, expect, it } from 'vitest';
import { byArrival, byArrivalTime, byEdge, byName, edgeKey, stateInWords, suggestedAction, type ConsumerState } from '../../graph-schema/rules.js';

describe('byName', () => {
  it('is code-point order, not the locale’s: capitals before lower case, accents after z', () => {
    expect(['b', 'é', 'B', 'a', 'z', 'a-b', 'a1'].sort(byName)).toEqual(['B', 'a', 'a-b', 'a1', 'b', 'z', 'é']);
    expect(byName('x', 'x')).toBe(0);
  });
});

describe('edge keys and edge order', () => {
  it('keys an edge producer first, and orders by producer then consumer', () => {
    expect(edgeKey('triage-agent', 'crm')).toBe('triage-agent->crm');
    expect(edgeKey('a', 'b')).not.toBe(edgeKey('b', 'a'));
    const edges = [{ from: 'b', to: 'a' }, { from: 'a', to: 'c' }, { from: 'a', to: 'b' }];
    expect(edges.sort(byEdge)).toEqual([{ from: 'a', to: 'b' }, { from: 'a', to: 'c' }, { from: 'b', to: 'a' }]);
  });
});

describe('suggestedAction', () => {
  it('stops an Agent, corrects a System, notifies a Surface', () => {
    expect([suggestedAction('Agent'), suggestedAction('System'), suggestedAction('Surface')]).toEqual(['stop', 'correct', 'notify']);
  });
});

describe('byArrival', () => {
  it('puts the earliest arrival first and never-arriving last, then nearer, then by name', () => {
    const c = (name: string, arrival: string | null, depth: number) => ({ name, arrival, depth });
    const sorted = [
      c('never-b', null, 1),
      c('late', '2026-01-01T10:05:00Z', 1),
      c('never-a', null, 1),
      c('early-deep', '2026-01-01T10:00:00.000Z', 3),
      c('never-near', null, 0),
      c('early-b', '2026-01-01T10:00:00Z', 1),
      c('early-a', '2026-01-01T11:00:00+01:00', 1),
    ].sort(byArrival);
    expect(sorted.map((x) => x.name)).toEqual(['early-a', 'early-b', 'early-deep', 'late', 'never-near', 'never-a', 'never-b']);
  });

  it('compares instants, not strings: a zone offset is read', () => {
    expect(byArrivalTime('2026-01-01T11:00:00+01:00', '2026-01-01T10:30:00Z')).toBeLessThan(0);
    expect(byArrivalTime(null, null)).toBe(0);
    expect(byArrivalTime(null, '2026-01-01T00:00:00Z')).toBeGreaterThan(0);
  });
});

describe('stateInWords', () => {
  const s = (over: Partial<ConsumerState>): ConsumerState => ({ reached: false, lateStop: false, arrival: null, exposed: false, ...over });
  it('names each state in time (CONTRACT.md §5)', () => {
    expect(stateInWords(s({ reached: 'observed' }))).toBe('reached (observed)');
    expect(stateInWords(s({ reached: 'estimated', lateStop: true }))).toBe('reached (estimated) before its stop');
    expect(stateInWords(s({ arrival: '2026-01-01T00:00:00Z' }))).toBe('will be reached');
    expect(stateInWords(s({ exposed: true }))).toBe('held by a stop, still exposed to new outputs');
    expect(stateInWords(s({}))).toBe('held by a stop');
  });
});
