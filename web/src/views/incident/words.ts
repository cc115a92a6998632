// Time made visible: each consumer's state in words and a symbol (never colour alone), and times
// as a commander reads them: local clock time WITH its zone, and a countdown for what is to come.
import type { IncidentConsumer } from '../../../../graph-schema/index.js';

export type StateKey = 'reached-observed' | 'reached-estimated' | 'late-stop' | 'pending' | 'held' | 'exposed' | 'clear';

export interface ConsumerState {
  key: StateKey;
  /** A symbol that differs per state, so it reads without colour. */
  symbol: string;
  /** Short, upper case: the tag. */
  label: string;
  /** Shorter still, for a table cell (the time is in its own column). */
  short: string;
  /** One sentence: what it means for this consumer. */
  detail: string;
  /** Future outputs still get here (independent of the state above). */
  exposed: boolean;
}

export const SYMBOL: Record<StateKey, string> = {
  'reached-observed': '●',
  'reached-estimated': '◉',
  'late-stop': '◉',
  pending: '◔',
  held: '■',
  exposed: '▲',
  clear: '○',
};

/** Local time with its zone: "02:47 CET", with the date when not today. */
export function zonedTime(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
  return d.toDateString() === now.toDateString() ? time : `${d.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${time}`;
}

/** "11m 20s", "2h 05m", "3d 4h": how long until (or since) a moment. */
export function span(ms: number): string {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** "in 11m 20s" or "4m 02s ago". */
export function countdown(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  return ms >= 0 ? `in ${span(ms)}` : `${span(ms)} ago`;
}

export function consumerState(c: IncidentConsumer, now = Date.now()): ConsumerState {
  const when = c.arrival ? zonedTime(c.arrival) : '';
  if (c.reached && c.lateStop) {
    return { key: 'late-stop', symbol: SYMBOL['late-stop'], label: 'REACHED BEFORE THE STOP', short: 'REACHED BEFORE STOP', detail: `The output got here ${when ? `at ${when}` : ''} before the stop took effect: the stop came too late for what is already here.`, exposed: c.exposed };
  }
  if (c.reached === 'observed') {
    return { key: 'reached-observed', symbol: SYMBOL['reached-observed'], label: 'REACHED (observed)', short: 'REACHED (seen)', detail: `Seen here${when ? `; estimated arrival ${when}` : ''}.`, exposed: c.exposed };
  }
  if (c.reached === 'estimated' || (!c.reached && c.arrival && Date.parse(c.arrival) <= now)) {
    return { key: 'reached-estimated', symbol: SYMBOL['reached-estimated'], label: `REACHED ${when ? `~${when}` : '(estimated)'}`, short: 'REACHED (est.)', detail: `Estimated from the edge delays: the output has arrived${when ? ` at ${when}` : ''}.`, exposed: c.exposed };
  }
  if (c.arrival && Date.parse(c.arrival) > now) {
    return { key: 'pending', symbol: SYMBOL.pending, label: `ARRIVES ${countdown(c.arrival, now)}`, short: `ARRIVES ${countdown(c.arrival, now)}`, detail: `The output is on its way: expected ${when}. A stop upstream before then holds it back.`, exposed: c.exposed };
  }
  if (c.held) {
    return { key: 'held', symbol: SYMBOL.held, label: 'HELD BY A STOP', short: 'HELD', detail: 'A stop in force keeps the output from getting here.', exposed: c.exposed };
  }
  if (c.exposed) {
    return { key: 'exposed', symbol: SYMBOL.exposed, label: 'EXPOSED TO NEW OUTPUTS', short: 'EXPOSED', detail: 'Not reached by this output, but new bad outputs still get here while the source runs.', exposed: true };
  }
  return { key: 'clear', symbol: SYMBOL.clear, label: 'NOT REACHED', short: 'NOT REACHED', detail: 'Nothing indicates the output gets here.', exposed: false };
}

/** The state alone, without its words (sorting 50,000 rows). */
export function stateKey(c: IncidentConsumer, now = Date.now()): StateKey {
  if (c.reached && c.lateStop) return 'late-stop';
  if (c.reached === 'observed') return 'reached-observed';
  const at = c.arrival ? Date.parse(c.arrival) : NaN;
  if (c.reached === 'estimated' || at <= now) return 'reached-estimated';
  if (at > now) return 'pending';
  if (c.held) return 'held';
  return c.exposed ? 'exposed' : 'clear';
}

/** Order for sorting by state: what needs the commander first. */
export const STATE_RANK: Record<StateKey, number> = { 'reached-observed': 0, 'late-stop': 1, 'reached-estimated': 2, pending: 3, exposed: 4, held: 5, clear: 6 };
