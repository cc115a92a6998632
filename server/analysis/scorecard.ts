// How well the registry predicted propagation, incident after incident (JOURNEYS.md journey 3,
// step 3: "the scorecard shows recall up from 0.70 two incidents ago").
//
// - incidents: one row per incident, oldest first (by openedAt, then id), with its precision and
//   recall (null where undefined, or when no accuracy was computed) and the counts behind them.
// - overall: micro-averaged over the incidents that have observations (at least one observed
//   name): the sums of TP, FP and FN across them, then precision = ΣTP / (ΣTP + ΣFP) and
//   recall = ΣTP / (ΣTP + ΣFN), null where the denominator is zero. Micro-averaging weights a
//   23-consumer incident more than a 2-consumer one, which is what "how often was the graph
//   right" means. Incidents without observations are left out: they would count every
//   prediction as a false positive when in truth nobody has looked yet.
// - trend: recall of the latest incident that has a recall against the first one (oldest),
//   `change` = latest − first; null with fewer than two such incidents.
import type { Accuracy } from '../../graph-schema/index.js';

export interface ScorecardItem {
  incidentId: string;
  title: string;
  openedAt: string;
  accuracy: Accuracy | null;
}

export type { ScorecardRow, Scorecard } from '../../graph-schema/index.js';
import type { ScorecardRow, Scorecard } from '../../graph-schema/index.js';
import { byName } from '../../graph-schema/rules.js';

const time = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

export function scorecard(items: ScorecardItem[]): Scorecard {
  const rows: ScorecardRow[] = [...items]
    .sort((a, b) => time(a.openedAt) - time(b.openedAt) || byName(a.incidentId, b.incidentId))
    .map(({ incidentId, title, openedAt, accuracy }) => ({
      incidentId,
      title,
      openedAt,
      hasObservations: accuracy !== null && accuracy.observed.length > 0,
      precision: accuracy?.precision ?? null,
      recall: accuracy?.recall ?? null,
      truePositives: accuracy?.truePositives.length ?? 0,
      falsePositives: accuracy?.falsePositives.length ?? 0,
      falseNegatives: accuracy?.falseNegatives.length ?? 0,
      missingEdges: accuracy?.missingEdges.length ?? 0,
    }));

  const counted = rows.filter((r) => r.hasObservations);
  const sum = (pick: (r: ScorecardRow) => number) => counted.reduce((acc, r) => acc + pick(r), 0);
  const tp = sum((r) => r.truePositives);
  const fp = sum((r) => r.falsePositives);
  const fn = sum((r) => r.falseNegatives);

  const withRecall = rows.filter((r) => r.recall !== null);
  let trend: Scorecard['trend'] = null;
  if (withRecall.length >= 2) {
    const a = withRecall[0]!;
    const b = withRecall[withRecall.length - 1]!;
    const change = b.recall! - a.recall!;
    trend = {
      first: { incidentId: a.incidentId, openedAt: a.openedAt, recall: a.recall! },
      latest: { incidentId: b.incidentId, openedAt: b.openedAt, recall: b.recall! },
      change,
      direction: Math.abs(change) < 1e-9 ? 'flat' : change > 0 ? 'up' : 'down',
    };
  }

  return {
    incidents: rows,
    overall: {
      incidents: counted.length,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      precision: tp + fp === 0 ? null : tp / (tp + fp),
      recall: tp + fn === 0 ? null : tp / (tp + fn),
    },
    trend,
  };
}
