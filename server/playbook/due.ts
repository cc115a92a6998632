// Due times of regulatory clocks: exact durations, calendar months and business days, all in
// UTC. Pure, and never throws: an unreadable start or a result beyond the range of a JavaScript
// date is clamped, because a header that fails to render helps nobody at 3 a.m.
import type { Within } from '../../graph-schema/index.js';

/** The largest time a Date can hold (±8.64e15 ms, about 275,000 years). */
const MAX_MS = 8.64e15;
const DAY_MS = 86_400_000;

const clamp = (ms: number): number => (Number.isFinite(ms) ? Math.max(-MAX_MS, Math.min(MAX_MS, ms)) : MAX_MS);

/** `from` plus `within`, as epoch milliseconds within the Date range. */
export function addWithin(fromMs: number, within: Within): number {
  const start = clamp(fromMs);
  if (within.unit === 'seconds') return clamp(start + within.amount * 1000);
  if (within.unit === 'months') return addMonths(start, within.amount);
  return addBusinessDays(start, within.amount);
}

/**
 * n calendar months later at the same time of day; a day of month the target month lacks becomes
 * its last day (31 January + P1M = 28 or 29 February).
 */
export function addMonths(ms: number, n: number): number {
  const d = new Date(clamp(ms));
  const monthIndex = d.getUTCFullYear() * 12 + d.getUTCMonth() + n;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  // setUTCFullYear, not Date.UTC, which reads the years 0 to 99 as 1900 to 1999
  const probe = new Date(0);
  probe.setUTCFullYear(year, month + 1, 0);
  const lastDay = probe.getUTCDate();
  const target = new Date(0);
  target.setUTCFullYear(year, month, Math.min(d.getUTCDate(), lastDay));
  target.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return clamp(target.getTime());
}

/**
 * The n-th weekday (Monday to Friday, UTC) after the start day, at the start's time of day.
 * A start on a weekend counts from the next Monday: Saturday + 1BD is Monday. Holidays are not
 * known here and count as business days.
 */
export function addBusinessDays(ms: number, n: number): number {
  if (n <= 0) return clamp(ms);
  // whole weeks first (5 business days = 7 days), keeping 1..5 to step through so that a
  // weekend start lands on a Friday rather than on the weekend again
  const weeks = Math.floor((n - 1) / 5);
  let left = n - weeks * 5;
  let days = weeks * 7;
  let weekday = new Date(clamp(ms)).getUTCDay(); // 0 Sunday .. 6 Saturday
  while (left > 0) {
    days++;
    weekday = (weekday + 1) % 7;
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return clamp(clamp(ms) + days * DAY_MS);
}

/** An ISO time as epoch ms, or undefined when it cannot be read. */
export function readTime(value: string | Date | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Epoch ms as an ISO 8601 UTC string, within the Date range. */
export const isoOf = (ms: number): string => new Date(clamp(ms)).toISOString();
