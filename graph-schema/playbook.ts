// The playbook's data (CONTRACT.md §7): the regimes file with its clocks, and the notifications
// answer grouped by audience. The server validates the regimes file with these schemas at start.
import { z } from 'zod';
import { durationSeconds } from './duration.js';
import { Reached, type FailureMode } from './incidents.js';
import { AUDIENCES, RegimeId, SurfaceAudience } from './manifest.js';

// ---------- `within`: how long a clock runs ----------

/** Bounds that keep every due time a real date, and catch a typo such as P150D for P15D only by review. */
export const MAX_WITHIN_SECONDS = 3660 * 86400;
export const MAX_WITHIN_MONTHS = 120;
export const MAX_WITHIN_BUSINESS_DAYS = 2600;

export type Within =
  | { unit: 'seconds'; amount: number }
  | { unit: 'months'; amount: number }
  | { unit: 'business-days'; amount: number };

/**
 * A clock's `within`, in one of three forms:
 * - an ISO 8601 duration of weeks, days and time (`PT72H`, `P15D`, `P2W`): exact elapsed time;
 * - `PnM`: n calendar months (P1M from 31 January is the last day of February, same time of day);
 * - `nBD`: n business days, Monday to Friday in UTC (weekends skipped, public holidays not).
 */
export function parseWithin(text: string): Within | undefined {
  const months = /^P(\d{1,3})M$/.exec(text);
  if (months) return { unit: 'months', amount: Number(months[1]) };
  const business = /^(\d{1,4})BD$/.exec(text);
  if (business) return { unit: 'business-days', amount: Number(business[1]) };
  const seconds = durationSeconds(text);
  return seconds === undefined ? undefined : { unit: 'seconds', amount: seconds };
}

function withinProblem(text: string): string | undefined {
  const w = parseWithin(text);
  if (!w) return 'must be an ISO 8601 duration (PT72H, P15D), PnM for calendar months (P1M), or nBD for business days (4BD)';
  if (w.amount <= 0) return 'must be longer than zero';
  const max = { seconds: MAX_WITHIN_SECONDS, months: MAX_WITHIN_MONTHS, 'business-days': MAX_WITHIN_BUSINESS_DAYS }[w.unit];
  if (w.amount > max) return `must be at most ${{ seconds: 'P3660D', months: 'P120M', 'business-days': '2600BD' }[w.unit]}`;
  return undefined;
}

export const WithinText = z
  .string()
  .superRefine((s, ctx) => {
    const problem = withinProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ description: 'ISO 8601 duration (PT72H, P15D), PnM calendar months, or nBD business days (weekends skipped, holidays not)', example: 'PT72H' });

// ---------- regimes ----------

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date such as 2026-12-01' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: 'must be a real date' });
const HttpUrl = z.url({ protocol: /^https?$/, message: 'must be an http or https URL' }).max(2000);
const Line = z.string().min(1).max(300);

export const RegimeClock = z
  .object({
    name: z.string().min(1).max(100).meta({ description: 'What a communication names as its `clock`', example: 'notification' }),
    within: WithinText,
    from: z.literal('awareness').default('awareness').meta({ description: "Counted from the incident's detectedAt" }),
    description: z.string().min(1).max(1000).optional(),
    note: z.string().min(1).max(1000).optional().meta({ description: 'How the law counts it, where blast-radius counts it differently (always earlier, never later)' }),
  })
  .strict()
  .meta({ id: 'RegimeClock' });
export type RegimeClock = z.output<typeof RegimeClock>;

export const Regime = z
  .object({
    id: RegimeId,
    name: Line,
    authority: z.string().min(1).max(500).meta({ description: 'Who is told' }),
    source: HttpUrl.meta({ description: "The regulation's official text" }),
    checked: IsoDate.meta({ description: 'When the timeframes were last checked against the source' }),
    notLegalAdvice: z.string().min(1).max(1000),
    scope: z.string().min(1).max(1000).optional().meta({ description: 'Who it applies to, in a sentence' }),
    clocks: z.array(RegimeClock).min(1).max(20),
  })
  .strict()
  .superRefine((regime, ctx) => {
    const seen = new Set<string>();
    regime.clocks.forEach((clock, i) => {
      if (seen.has(clock.name)) ctx.addIssue({ code: 'custom', path: ['clocks', i, 'name'], message: `clock '${clock.name}' is listed twice` });
      seen.add(clock.name);
    });
  })
  .meta({ id: 'Regime' });
export type Regime = z.output<typeof Regime>;

/** The regimes file (regimes/regimes.yaml, or the file BLAST_RADIUS_REGIMES names), and `GET /regimes`. */
export const RegimesFile = z
  .object({
    version: z.number().int().min(1).meta({ description: 'Raised on every change of the file' }),
    checked: IsoDate.meta({ description: 'When the file as a whole was last checked' }),
    notLegalAdvice: z.string().min(1).max(1000),
    regimes: z.array(Regime).min(1).max(500),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.regimes.forEach((regime, i) => {
      if (seen.has(regime.id)) ctx.addIssue({ code: 'custom', path: ['regimes', i, 'id'], message: `regime '${regime.id}' is listed twice` });
      seen.add(regime.id);
    });
  })
  .meta({ id: 'Regimes' });
export type RegimesFile = z.output<typeof RegimesFile>;

// ---------- notifications ----------

/** Each failure mode in the words a customer or a board member reads: "an assistant ... {words}". */
export const FAILURE_MODE_WORDS: Record<FailureMode, string> = {
  hallucination: 'gave information that was not true',
  'tool-routing-error': 'sent a request to the wrong tool or system',
  'authorization-misuse': 'took an action it was not allowed to take',
  'instruction-following-failure': 'did not follow the instructions it was given',
  'reasoning-drift': 'reached conclusions that were not reliable',
};

export const NotificationSurface = z.object({
  name: z.string(),
  title: z.string().optional(),
  owner: z.string(),
  contact: z.string().optional(),
  reached: Reached,
  exposed: z.boolean(),
  arrival: z.string().nullable(),
});
export type NotificationSurface = z.infer<typeof NotificationSurface>;

export const Draft = z.object({
  subject: z.string(),
  body: z.string().meta({ description: 'Markdown; every value it did not write itself is escaped' }),
});
export type Draft = z.infer<typeof Draft>;

export const AudienceGroup = z.object({
  audience: SurfaceAudience,
  surfaces: z.array(NotificationSurface).meta({ description: 'Reached or exposed Surfaces of this audience, earliest arrival first' }),
  owners: z.array(z.string()),
  contacts: z.array(z.string()),
  draft: Draft,
});
export type AudienceGroup = z.infer<typeof AudienceGroup>;

export const Notifications = z
  .object({
    incident: z.string(),
    failureMode: z.string(),
    failureModeText: z.string().meta({ description: 'The failure mode in plain words, as the drafts say it' }),
    audiences: z.array(AudienceGroup).meta({ description: `Only audiences with a reached or exposed Surface, in the order ${AUDIENCES.join(', ')}` }),
  })
  .meta({ id: 'Notifications' });
export type Notifications = z.infer<typeof Notifications>;
