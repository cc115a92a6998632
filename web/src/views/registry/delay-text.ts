import { durationSeconds, formatSeconds } from '../../../../graph-schema/duration.js';

/** An ISO 8601 delay in words ("~5m"); as written when it does not parse. */
export function delayText(iso: string): string {
  const s = durationSeconds(iso);
  return s === undefined ? iso : `~${formatSeconds(s)}`;
}
