/**
 * `yyyy-MM-ddTHH:mm:ss` of an instant, composed from cached parts: both simulators write a date on every
 * issue, history and revision, and Date formatting was a hot spot of their pages.
 */

const DAY_MS = 86_400_000;
const YEAR_10000 = Date.UTC(10_000, 0, 1);
/** `00`..`59`: hours, minutes and seconds. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
/** `yyyy-MM-ddT` by day since the epoch (dates cluster on few days). */
const DAY_PREFIX = new Map<number, string>();

/**
 * `yyyy-MM-ddTHH:mm:ss` of `ms` read as UTC, for whole milliseconds in 1970..9999 (every stored time);
 * undefined otherwise (the caller formats those with Date). The milliseconds are `ms % 1000`.
 */
export function isoSeconds(ms: number): string | undefined {
  if (!Number.isInteger(ms) || ms < 0 || ms >= YEAR_10000) return undefined;
  const day = Math.floor(ms / DAY_MS);
  let prefix = DAY_PREFIX.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (DAY_PREFIX.size >= 100_000) DAY_PREFIX.clear();
    DAY_PREFIX.set(day, prefix);
  }
  const seconds = Math.floor((ms - day * DAY_MS) / 1000);
  return `${prefix}${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}`;
}
