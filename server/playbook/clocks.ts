// An incident's regulatory clocks (CONTRACT.md §7): every clock of every regime that the source,
// or a consumer the bad output reached or can still reach, names; due from detectedAt; filed by
// a communication naming it. Pure: the incident view calls it with what it already has.
import { byName, parseWithin, type Clock, type Communication, type Reached, type Regime } from '../../graph-schema/index.js';
import { addWithin, isoOf, readTime } from './due.js';

export interface ClocksInput {
  regimes: readonly Regime[];
  /** The incident's detectedAt: when the team became aware. */
  detectedAt: string;
  /** Per regime id, the names that trigger it (see regimeTriggers). */
  triggers: ReadonlyMap<string, readonly string[]>;
  /** The incident's communications, oldest first. */
  communications?: readonly (Pick<Communication, 'regime' | 'clock'> & Partial<Pick<Communication, 'recordedAt'>>)[];
  /** Now, or the incident's asOf: communications recorded after it do not count. */
  now: Date | string;
}

/**
 * Which regimes an incident triggers, and by whom: the source always, and each consumer that is
 * reached or exposed. `triggeredBy` lists the source first, then the others by name.
 */
export function regimeTriggers(
  source: string,
  consumers: Iterable<{ name: string; reached: Reached; exposed: boolean }>,
  regimesOf: (name: string) => readonly string[] | undefined,
): Map<string, string[]> {
  const byRegime = new Map<string, Set<string>>();
  const add = (name: string) => {
    for (const id of regimesOf(name) ?? []) {
      if (!byRegime.has(id)) byRegime.set(id, new Set());
      byRegime.get(id)!.add(name);
    }
  };
  add(source);
  for (const c of consumers) if (c.reached !== false || c.exposed) add(c.name);
  const order = (a: string, b: string) => (a === source ? -1 : b === source ? 1 : byName(a, b));
  return new Map([...byRegime].map(([id, names]) => [id, [...names].sort(order)]));
}

/**
 * The clocks, earliest due first (then regime and clock order of the file). A regime id that is
 * not in `regimes` (the file was replaced since the node named it) starts no clock.
 *
 * Filing: a communication with `regime` and `clock` marks that clock filed; one with `regime`
 * and no `clock` marks the regime's earliest-due clock not yet filed (one filing, one clock:
 * the other deadlines still stand). Status is `filed`, else `overdue` once now is past `due`,
 * else `pending`. An unreadable detectedAt counts from `now`, so a clock still shows.
 */
export function clocksFor(input: ClocksInput): Clock[] {
  const nowMs = readTime(input.now) ?? Date.now();
  const fromMs = readTime(input.detectedAt) ?? nowMs;
  const rows: { clock: Clock; dueMs: number; rank: number }[] = [];
  input.regimes.forEach((regime, r) => {
    const triggeredBy = input.triggers.get(regime.id);
    if (!triggeredBy || triggeredBy.length === 0) return;
    regime.clocks.forEach((c, k) => {
      const within = parseWithin(c.within);
      // the schema refuses such a file; a clock without a readable length is not invented here
      if (!within) return;
      const dueMs = addWithin(fromMs, within);
      rows.push({ clock: { regime: regime.id, name: c.name, due: isoOf(dueMs), triggeredBy: [...triggeredBy], status: 'pending' }, dueMs, rank: r * 1000 + k });
    });
  });
  rows.sort((a, b) => a.dueMs - b.dueMs || a.rank - b.rank);

  for (const comm of input.communications ?? []) {
    if (comm.regime === undefined) continue;
    const recorded = readTime(comm.recordedAt);
    if (recorded !== undefined && recorded > nowMs) continue;
    const target =
      comm.clock !== undefined
        ? rows.find((row) => row.clock.regime === comm.regime && row.clock.name === comm.clock)
        : rows.find((row) => row.clock.regime === comm.regime && row.clock.status !== 'filed');
    if (target) target.clock.status = 'filed';
  }
  for (const row of rows) if (row.clock.status !== 'filed' && nowMs > row.dueMs) row.clock.status = 'overdue';
  return rows.map((row) => row.clock);
}
