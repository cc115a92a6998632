// nextTimeline() reuses arrival or exposure across a new stop when the stop cannot change them.
// Whatever the sequence of decisions, its answer must equal a timeline computed from scratch.
import { describe, expect, it } from 'vitest';
import type { Decision, NodeDocument } from '../../graph-schema/index.js';
import { blastRadiusModel } from '../../server/analysis/blast-radius.js';
import { indexFromDocs } from '../../server/analysis/graph-index.js';
import { factsOf, nextTimeline, summaryOf, summaryUntil, timelineOf, type Timeline } from '../../server/analysis/incident-view.js';
import { emptyLogState } from '../../server/analysis/incident-log.js';
import type { IncidentRecord } from '../../graph-schema/index.js';
import { generateGraph, rng } from '../support/graphs.js';

const T0 = Date.parse('2026-11-24T02:00:00.000Z');

/** Delays on most edges and action classes on some, so stops land before and after arrivals and partial stops matter. */
function timedDocs(seed: number): NodeDocument[] {
  const random = rng(seed * 7 + 1);
  return generateGraph(seed, 50).map((d) => ({
    ...d,
    spec: {
      ...d.spec,
      ...(d.kind === 'Agent' ? { actionClasses: ['refund', 'price'] } : {}),
      consumes: d.spec.consumes.map((c) => ({ ...c, delay: `PT${Math.floor(random() * 90)}M`, ...(random() < 0.3 ? { actionClasses: [random() < 0.5 ? 'refund' : 'price'] } : {}) })),
    },
  }));
}

const same = (a: Timeline, b: Timeline) => {
  expect(Array.from(a.arrival)).toEqual(Array.from(b.arrival));
  expect(Array.from(a.exposed)).toEqual(Array.from(b.exposed));
};

describe('timeline reuse', () => {
  const stats = { arrivalKept: 0, exposureKept: 0, steps: 0 };
  for (let seed = 1; seed <= 40; seed++) {
    it(`equals the timeline from scratch after every decision (seed ${seed})`, () => {
      const random = rng(seed);
      const { graph: g } = blastRadiusModel(indexFromDocs(timedDocs(seed)), 'n0', { revision: 1, withEdges: false });
      if (g.n < 3) return;
      const decisions = new Map<string, Decision>();
      let timeline = timelineOf(g, T0, decisions);
      for (let step = 0; step < 25; step++) {
        const name = g.names[Math.floor(random() * g.n)];
        const roll = random();
        const effectiveAt = new Date(T0 + Math.floor(random() * 6 * 3600_000)).toISOString();
        const base = { name, version: step + 1, by: 't', at: effectiveAt, effectiveAt };
        if (roll < 0.15) decisions.delete(name); // a clear
        else if (roll < 0.25) decisions.set(name, { ...base, action: 'notify' });
        else if (roll < 0.45) decisions.set(name, { ...base, action: 'stop', actionClasses: [random() < 0.5 ? 'refund' : 'price'] });
        else decisions.set(name, { ...base, action: 'stop' });
        const next = nextTimeline(g, T0, timeline, decisions);
        if (next.arrival === timeline.arrival) stats.arrivalKept++;
        if (next.exposed === timeline.exposed) stats.exposureKept++;
        stats.steps++;
        same(next, timelineOf(g, T0, decisions));
        timeline = next;
      }
    });
  }

  it('reused something often enough for the checks above to mean something', () => {
    expect(stats.arrivalKept).toBeGreaterThan(stats.steps / 10);
    expect(stats.exposureKept).toBeGreaterThan(stats.steps / 10);
    expect(stats.arrivalKept).toBeLessThan(stats.steps);
  });
});

describe('summary reuse', () => {
  for (let seed = 1; seed <= 15; seed++) {
    it(`a summary holds, asOf aside, for every asOf before its next arrival (seed ${seed})`, () => {
      const random = rng(seed + 100);
      const { graph: g } = blastRadiusModel(indexFromDocs(timedDocs(seed)), 'n0', { revision: 1, withEdges: false });
      const timeline = timelineOf(g, T0, new Map());
      const record = { source: 'n0' } as IncidentRecord;
      let checked = 0;
      for (let k = 0; k < 30; k++) {
        const from = T0 + Math.floor(random() * 8 * 3600_000);
        const { summary, untilMs } = summaryUntil(factsOf(g, timeline, emptyLogState(), from), record);
        // just before the next arrival, the same counts; at it, the summary may change
        const later = Number.isFinite(untilMs) ? untilMs - 1 : from + 3600_000;
        if (later < from) continue;
        expect(summaryOf(factsOf(g, timeline, emptyLogState(), later), record)).toEqual({ ...summary, asOf: new Date(later).toISOString() });
        checked++;
        if (Number.isFinite(untilMs)) expect(untilMs).toBeGreaterThan(from);
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
