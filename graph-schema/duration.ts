// Hand-written, not a duration library: one regex, and the libraries accept the months and years refused here.
// ISO 8601 durations (PnDTnHnMnS, or PnW): enough for propagation delays. Months and years are
// refused on purpose: their length in seconds is ambiguous and no queue waits a month.
const PATTERN = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function durationSeconds(text: string): number | undefined {
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  return Math.round(w * 604800 + d * 86400 + h * 3600 + min * 60 + s);
}

/** Seconds as a short human duration: 90 -> "1m 30s", 7200 -> "2h". */
export function formatSeconds(total: number): string {
  if (total <= 0) return '0s';
  const parts: string[] = [];
  const units: [string, number][] = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  let rest = Math.round(total);
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  // Under half a second rounds to nothing; say 0s rather than an empty string.
  return parts.length ? parts.slice(0, 2).join(' ') : '0s';
}
