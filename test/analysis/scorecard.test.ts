import { describe, expect, it } from 'vitest';
import type { Accuracy } from '../../graph-schema/index.js';
import { scorecard } from '../../server/analysis/scorecard.js';

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
/** An accuracy as computeAccuracy answers it (v2: held-and-unseen consumers are `contained`, outside TP and FP). */
function accuracy(tp: number, fp: number, fn: number, held = 0): Accuracy {
  const truePositives = names('t', tp);
  const falsePositives = names('p', fp);
  const falseNegatives = names('n', fn);
  const contained = names('h', held);
  return {
    incident: 'x',
    predicted: [...truePositives, ...falsePositives, ...contained],
    observed: [...truePositives, ...falseNegatives],
    truePositives,
    falsePositives,
    falseNegatives,
    contained,
    unexplained: [],
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
    missingEdges: names('m', fn).map((m) => ({ from: 's', to: m })),
    edges: [],
    unmatched: [],
  };
}

describe('scorecard', () => {
  const card = scorecard([
    { incidentId: 'inc-d', title: 'Bereavement fares', openedAt: '2025-04-01T03:00:00Z', accuracy: accuracy(18, 5, 2) },
    { incidentId: 'inc-b', title: 'No traces yet', openedAt: '2025-02-01T00:00:00Z', accuracy: accuracy(0, 4, 0) },
    { incidentId: 'inc-a', title: 'Refund loop', openedAt: '2025-01-01T00:00:00Z', accuracy: accuracy(7, 1, 3) },
    { incidentId: 'inc-c', title: 'Not checked', openedAt: '2025-03-01T00:00:00Z', accuracy: null },
  ]);

  it('lists incidents oldest first with their precision and recall', () => {
    expect(card.incidents.map((r) => [r.incidentId, r.precision, r.recall, r.hasObservations])).toEqual([
      ['inc-a', 7 / 8, 0.7, true],
      ['inc-b', 0, null, false],
      ['inc-c', null, null, false],
      ['inc-d', 18 / 23, 0.9, true],
    ]);
    expect(card.incidents[3]).toMatchObject({ truePositives: 18, falsePositives: 5, falseNegatives: 2, missingEdges: 2 });
  });

  it('micro-averages over the incidents with observations: 25/31 precision, 25/30 recall', () => {
    expect(card.overall).toEqual({ incidents: 2, truePositives: 25, falsePositives: 6, falseNegatives: 5, precision: 25 / 31, recall: 25 / 30 });
  });

  it('trend: recall up from 0.70 to 0.90', () => {
    expect(card.trend).toMatchObject({
      first: { incidentId: 'inc-a', recall: 0.7 },
      latest: { incidentId: 'inc-d', recall: 0.9 },
      direction: 'up',
    });
    expect(card.trend!.change).toBeCloseTo(0.2, 12);
  });

  it('no trend with fewer than two incidents that have a recall; empty overall is null', () => {
    const one = scorecard([{ incidentId: 'i', title: 't', openedAt: '2025-01-01T00:00:00Z', accuracy: null }]);
    expect(one.trend).toBeNull();
    expect(one.overall).toEqual({ incidents: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0, precision: null, recall: null });
  });

  it('counts contained consumers as neither hits nor misses: a stop that held does not lower precision', () => {
    const held = scorecard([
      { incidentId: 'inc-a', title: 'Refund loop', openedAt: '2025-01-01T00:00:00Z', accuracy: accuracy(7, 1, 3) },
      { incidentId: 'inc-h', title: 'Stopped in time', openedAt: '2025-02-01T00:00:00Z', accuracy: accuracy(3, 1, 0, 40) },
    ]);
    expect(held.incidents[1]).toMatchObject({ incidentId: 'inc-h', truePositives: 3, falsePositives: 1, falseNegatives: 0, precision: 0.75, recall: 1, hasObservations: true });
    expect(held.overall).toEqual({ incidents: 2, truePositives: 10, falsePositives: 2, falseNegatives: 3, precision: 10 / 12, recall: 10 / 13 });
  });
});
