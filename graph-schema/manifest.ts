// The manifest format of CONTRACT.md §1–2: the one definition of what a node document is.
// Server, CLI and web all take their types from here (z.infer), never written twice.
import { z } from 'zod';
import { durationSeconds } from './duration.js';

export const API_VERSION = 'blast-radius/v1';

export const NODE_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const NodeName = z
  .string()
  .regex(NODE_NAME_PATTERN, {
    message: 'must be 1 to 63 characters of a-z, 0-9 and -, starting and ending with a letter or digit',
  })
  .meta({ description: 'Unique across all kinds', example: 'refund-agent' });
export type NodeName = z.infer<typeof NodeName>;

export const NodeKind = z.enum(['Agent', 'System', 'Surface']);
export type NodeKind = z.infer<typeof NodeKind>;

export const Channel = z.enum(['api', 'queue', 'db', 'file', 'event', 'ui']);
export const Mode = z.enum(['sync', 'async', 'batch']);
export const Gate = z.enum(['none', 'human-review', 'automated-check']);
export type Gate = z.infer<typeof Gate>;

/** The longest delay an edge may declare: P366D. */
export const MAX_DELAY_SECONDS = 366 * 86400;

/** ISO 8601 duration such as `PT15M`, `PT2H30M`, `P1D`: how long an output takes to cross an edge. */
export const Delay = z
  .string()
  .refine((s) => durationSeconds(s) !== undefined, {
    message: 'must be an ISO 8601 duration such as PT30S, PT15M, PT2H or P1D',
  })
  // Bounded so that every arrival time stays a real date (a P99999999D delay once made every
  // incident view throw).
  .refine((s) => (durationSeconds(s) ?? 0) <= MAX_DELAY_SECONDS, { message: 'must be at most P366D' })
  .meta({ description: 'Expected propagation delay over the edge (ISO 8601 duration)', example: 'PT15M' });

const Text = z.string().min(1).max(2000);

export const ConsumesEntry = z
  .object({
    from: NodeName,
    channel: Channel.default('api'),
    mode: Mode.default('async'),
    gate: Gate.default('none'),
    actionClasses: z.array(z.string().min(1).max(100)).optional(),
    delay: Delay.optional(),
  })
  .strict();
export type ConsumesEntry = z.infer<typeof ConsumesEntry>;

export const Metadata = z
  .object({
    name: NodeName,
    title: Text.optional(),
    owner: z.string().min(1, { message: 'owner is required: the accountable team' }).max(200),
    contact: z.string().min(1).max(200).optional(),
    labels: z.record(z.string().min(1).max(100), z.string().max(200)).optional(),
  })
  .strict();

/** Who sees a Surface (CONTRACT.md §1). The same values as api.ts's `Audience`, defined here because api.ts imports this file. */
export const AUDIENCES = ['customer', 'counterparty', 'regulator', 'public', 'internal', 'board'] as const;
export const SurfaceAudience = z.enum(AUDIENCES).meta({ description: 'Surfaces only: who sees it (default customer)' });
export type SurfaceAudience = z.infer<typeof SurfaceAudience>;

/** A regime id (§7), e.g. `gdpr-art33`: the same shape as a node name. */
export const RegimeId = z.string().regex(NODE_NAME_PATTERN, { message: 'must be a regime id such as gdpr-art33 (a-z, 0-9 and -)' });

/** One line of an Agent's action-class containment registry: what pauses this class without taking the agent offline. */
export const ContainmentEntry = z
  .object({
    actionClass: z.string().min(1).max(100),
    primitive: z.string().min(1).max(500).meta({ example: 'feature flag refunds.enabled=false' }),
    // http(s) only: the UI renders it as a link, and a javascript: URL would be a script
    runbook: z.url({ protocol: /^https?$/, message: 'must be an http or https URL' }).max(2000).optional(),
  })
  .strict();
export type ContainmentEntry = z.infer<typeof ContainmentEntry>;

export const Spec = z
  .object({
    description: Text.optional(),
    actionClasses: z.array(z.string().min(1).max(100)).optional(),
    containment: z.array(ContainmentEntry).max(100).optional().meta({ description: 'Agents only: the primitive that pauses each action class' }),
    aliases: z.array(z.string().min(1).max(200)).optional(),
    regimes: z.array(RegimeId).max(50).optional().meta({ description: "The reporting regimes (GET /regimes) this node's exposure triggers" }),
    audience: SurfaceAudience.optional(),
    consumes: z.array(ConsumesEntry).default([]),
  })
  .strict();

export const NodeDocument = z
  .object({
    apiVersion: z.literal(API_VERSION),
    kind: NodeKind,
    metadata: Metadata,
    spec: Spec.default({ consumes: [] }),
  })
  .strict()
  .superRefine((doc, ctx) => {
    if (doc.kind !== 'Agent' && doc.spec.actionClasses !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['spec', 'actionClasses'], message: 'only an Agent has actionClasses' });
    }
    checkContainment(doc, ctx);
    if (doc.kind !== 'Surface' && doc.spec.audience !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['spec', 'audience'], message: 'only a Surface has an audience' });
    }
    duplicates(doc.spec.regimes ?? []).forEach((i) => {
      ctx.addIssue({ code: 'custom', path: ['spec', 'regimes', i], message: `'${doc.spec.regimes![i]}' is listed twice in regimes` });
    });
    const seen = new Set<string>();
    doc.spec.consumes.forEach((edge, i) => {
      if (edge.from === doc.metadata.name) {
        ctx.addIssue({ code: 'custom', path: ['spec', 'consumes', i, 'from'], message: 'a node cannot consume its own output (self-edge)' });
      }
      if (seen.has(edge.from)) {
        ctx.addIssue({ code: 'custom', path: ['spec', 'consumes', i, 'from'], message: `'${edge.from}' is listed twice in consumes` });
      }
      seen.add(edge.from);
    });
  })
  // "defaults filled in" (§3): a Surface with no audience is seen by customers. overwrite, not
  // transform, so the schema stays one JSON Schema for OpenAPI; other kinds get no audience.
  .overwrite((doc) => (doc.kind === 'Surface' && doc.spec.audience === undefined ? { ...doc, spec: { ...doc.spec, audience: 'customer' } } : doc))
  .meta({ id: 'NodeDocument', description: 'A manifest document: one Agent, System or Surface and the edges into it' });

type SpecOut = z.output<typeof Spec>;

/** Indexes of the entries that repeat an earlier one. */
function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  values.forEach((v, i) => {
    if (seen.has(v)) repeated.push(i);
    seen.add(v);
  });
  return repeated;
}

/** §1: containment on Agents only, each class declared in actionClasses and listed once. */
function checkContainment(doc: { kind: NodeKind; spec: SpecOut }, ctx: z.RefinementCtx): void {
  const entries = doc.spec.containment;
  if (entries === undefined) return;
  if (doc.kind !== 'Agent') {
    ctx.addIssue({ code: 'custom', path: ['spec', 'containment'], message: 'only an Agent has a containment registry' });
    return;
  }
  const declared = new Set(doc.spec.actionClasses ?? []);
  entries.forEach((entry, i) => {
    if (!declared.has(entry.actionClass)) {
      ctx.addIssue({
        code: 'custom',
        path: ['spec', 'containment', i, 'actionClass'],
        message: `'${entry.actionClass}' is not in spec.actionClasses${declared.size ? ` (${[...declared].join(', ')})` : ' (none declared)'}`,
      });
    }
  });
  duplicates(entries.map((e) => e.actionClass)).forEach((i) => {
    ctx.addIssue({ code: 'custom', path: ['spec', 'containment', i, 'actionClass'], message: `'${entries[i].actionClass}' has a containment entry already` });
  });
}

/** A document as written (defaults optional). */
export type NodeDocumentInput = z.input<typeof NodeDocument>;
/** A document as stored and read back: defaults filled in. */
export type NodeDocument = z.output<typeof NodeDocument>;

/**
 * The edge A -FEEDS-> B in flat form: the one edge type of the analysis, the stores and every
 * answer that lists edges (a radius, an incident's edges).
 */
export const FeedsEdge = z
  .object({
    from: z.string(),
    to: z.string(),
    gate: Gate,
    channel: Channel,
    mode: Mode,
    delaySeconds: z.number().optional().meta({ description: 'Seconds, from `delay`; absent when the manifest gives none' }),
    actionClasses: z
      .array(z.string())
      .optional()
      .meta({ description: "Which of the producer's action classes flow over this edge; absent means unclassified" }),
  })
  .meta({ id: 'Edge' });
export type FeedsEdge = z.infer<typeof FeedsEdge>;

export function edgesInto(doc: NodeDocument): FeedsEdge[] {
  return doc.spec.consumes.map((c) => {
    const edge: FeedsEdge = { from: c.from, to: doc.metadata.name, gate: c.gate, channel: c.channel, mode: c.mode };
    if (c.delay !== undefined) edge.delaySeconds = durationSeconds(c.delay);
    if (c.actionClasses !== undefined) edge.actionClasses = [...new Set(c.actionClasses)].sort();
    return edge;
  });
}

