// Observations, accuracy, the scorecard and drift (CONTRACT.md §3, §8).
import { z } from 'zod';
import { Gate } from './manifest.js';
import { IsoDateTime } from './api.js';

// ---------- observations and accuracy (§3) ----------
export const ReachedEntry = z
  .object({
    name: z.string().min(1).max(200),
    from: z.string().min(1).max(200).optional(),
    at: IsoDateTime.optional(),
    evidence: z.string().max(4000).optional(),
  })
  .strict();
export type ReachedEntry = z.infer<typeof ReachedEntry>;
export const ObservationsRequest = z.object({ reached: z.array(ReachedEntry) }).strict().meta({ id: 'ObservationsRequest' });
export type ObservationsRequest = z.infer<typeof ObservationsRequest>;

/** One observation as stored: names already resolved to registered nodes where they match. */
export const Observation = z.object({
  name: z.string(),
  from: z.string().optional(),
  at: z.string().optional(),
  evidence: z.string().optional(),
  via: z.enum(['reached', 'otlp']),
  recordedAt: z.string(),
  /** false when the name matched no registered node or alias: kept, and reported as unmatched. */
  matched: z.boolean().optional(),
});
export type Observation = z.infer<typeof Observation>;

export const Unexplained = z
  .object({
    name: z.string(),
    at: z.string().optional().meta({ description: 'When it was observed' }),
    arrival: z.string().nullable().meta({ description: 'The earliest arrival the graph and the stops allow; null: none' }),
    reason: z.enum(['stop-not-held', 'missing-edge', 'earlier-than-possible', 'not-in-radius']),
    stop: z.object({ name: z.string(), effectiveAt: z.string(), actionClasses: z.array(z.string()).optional() }).optional().meta({ description: 'The stop that should have held it' }),
    edge: z.object({ from: z.string(), to: z.string() }).optional().meta({ description: 'The observed hop the registry lacks' }),
  })
  .meta({ id: 'Unexplained' });
export type Unexplained = z.infer<typeof Unexplained>;

export const EdgeStatus = z.enum(['fired', 'silent', 'unobserved']);
export const Accuracy = z
  .object({
    incident: z.string(),
    predicted: z.array(z.string()),
    observed: z.array(z.string()),
    truePositives: z.array(z.string()),
    falsePositives: z.array(z.string()),
    falseNegatives: z.array(z.string()),
    contained: z.array(z.string()).meta({ description: 'Predicted, never observed, and held by a stop (no arrival): the containment worked' }),
    unexplained: z.array(Unexplained).meta({ description: 'Observed although the graph and the stops give no arrival at or before the observed time' }),
    precision: z.number().nullable(),
    recall: z.number().nullable(),
    missingEdges: z.array(z.object({ from: z.string(), to: z.string() })),
    edges: z.array(z.object({ from: z.string(), to: z.string(), gate: Gate, status: EdgeStatus })),
    unmatched: z.array(z.string()),
  })
  .meta({ id: 'Accuracy' });
export type Accuracy = z.infer<typeof Accuracy>;

/** An observed hop: an output seen going from one node to another (from OTLP parentage or a reached entry's `from`). */
export const Hop = z.object({ from: z.string(), to: z.string() });
export type Hop = z.infer<typeof Hop>;

/** What POST .../observations answers: what was recorded, and what matched nothing. */
export const ObservationsResult = z
  .object({
    incident: z.string(),
    recorded: z.number().int(),
    reached: z.array(z.object({ name: z.string(), from: z.string().optional(), at: z.string().optional(), evidence: z.string().optional() })),
    hops: z.array(Hop),
    unmatched: z.array(z.string()).meta({ description: 'Names that match no registered name or alias: recorded, never dropped' }),
    spans: z.number().int().optional(),
  })
  .meta({ id: 'ObservationsResult' });
export type ObservationsResult = z.infer<typeof ObservationsResult>;

export const ScorecardRow = z.object({
  incidentId: z.string(),
  title: z.string(),
  openedAt: z.string(),
  hasObservations: z.boolean(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  truePositives: z.number().int(),
  falsePositives: z.number().int(),
  falseNegatives: z.number().int(),
  missingEdges: z.number().int(),
});
export type ScorecardRow = z.infer<typeof ScorecardRow>;
const TrendPoint = z.object({ incidentId: z.string(), openedAt: z.string(), recall: z.number() });
export const Scorecard = z
  .object({
    incidents: z.array(ScorecardRow),
    overall: z.object({
      incidents: z.number().int(),
      truePositives: z.number().int(),
      falsePositives: z.number().int(),
      falseNegatives: z.number().int(),
      precision: z.number().nullable(),
      recall: z.number().nullable(),
    }),
    trend: z.object({ first: TrendPoint, latest: TrendPoint, change: z.number(), direction: z.enum(['up', 'down', 'flat']) }).nullable(),
  })
  .meta({ id: 'Scorecard' });
export type Scorecard = z.infer<typeof Scorecard>;

export const DriftReport = z
  .object({
    missingEdges: z.array(Hop.extend({ count: z.number().int() })).meta({ description: 'Observed hops the registry lacks' }),
    unseenEdges: z.array(Hop).meta({ description: 'Registered edges among traced nodes never observed' }),
  })
  .meta({ id: 'DriftReport' });
export type DriftReport = z.infer<typeof DriftReport>;
/** What POST /drift answers: the report, and what the traces held. */
export const DriftResult = DriftReport.extend({
  unmatched: z.array(z.string()).meta({ description: 'Names in the traces that match no registered name or alias' }),
  spans: z.number().int().meta({ description: 'How many spans were read' }),
}).meta({ id: 'DriftResult' });
export type DriftResult = z.infer<typeof DriftResult>;
