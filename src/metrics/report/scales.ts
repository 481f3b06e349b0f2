/** Scales and ticks of the report's charts: ISO days as numbers, linear scales, nice value ticks, date ticks. */

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An ISO day (YYYY-MM-DD, UTC) as whole days since 1970-01-01; NaN when it is not one. */
export function dayNumber(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return Number.NaN;
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

/** The ISO day of a day number. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Maps a value of the domain linearly onto the range (pixels). */
export type Scale = (value: number) => number;

export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** A 1, 2 or 5 times a power of ten close to `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * Ticks from 0 up to a round value at or above `max`, about `count` of them; whole numbers when
 * `integer` (counts). The last tick is the top of the axis.
 */
export function valueTicks(max: number, count = 5, integer = true): number[] {
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  let step = niceStep(top / count);
  if (integer) step = Math.max(1, Math.round(step));
  const steps = Math.max(1, Math.ceil(top / step - 1e-9));
  return Array.from({ length: steps + 1 }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}

export interface DateTick {
  /** Day number. */
  at: number;
  label: string;
  /** The year, under the first tick and wherever the year changes. */
  year?: string;
}

type Interval = { kind: 'day' | 'week' | 'month' | 'year'; step: number };

const INTERVALS: Interval[] = [
  { kind: 'day', step: 1 },
  { kind: 'day', step: 2 },
  { kind: 'week', step: 1 },
  { kind: 'week', step: 2 },
  { kind: 'month', step: 1 },
  { kind: 'month', step: 2 },
  { kind: 'month', step: 3 },
  { kind: 'month', step: 6 },
  { kind: 'year', step: 1 },
];

function monthStart(year: number, month: number): number {
  return Date.UTC(year, month, 1) / DAY_MS;
}

function candidates(start: number, end: number, interval: Interval, limit: number): number[] {
  const out: number[] = [];
  const push = (day: number) => {
    if (day >= start && day <= end) out.push(day);
    return out.length <= limit;
  };
  if (interval.kind === 'day' || interval.kind === 'week') {
    // Day 4 (1970-01-05) was a Monday: weekly ticks fall on Mondays, like the ISO weeks of the data.
    const period = interval.kind === 'day' ? interval.step : 7 * interval.step;
    const anchor = interval.kind === 'day' ? 0 : 4;
    let day = start + ((((anchor - start) % period) + period) % period);
    while (day <= end && push(day)) day += period;
    return out;
  }
  const first = new Date(start * DAY_MS);
  const months = interval.kind === 'year' ? 12 * interval.step : interval.step;
  let year = first.getUTCFullYear();
  let month = interval.kind === 'year' ? 0 : first.getUTCMonth() - (first.getUTCMonth() % months);
  for (;;) {
    const day = monthStart(year, month);
    if (day > end || !push(day)) break;
    month += months;
    year += Math.floor(month / 12);
    month %= 12;
  }
  return out;
}

/** Readable date ticks between two day numbers (inclusive): days, Mondays, months or years, at most `maxTicks`. */
export function dateTicks(start: number, end: number, maxTicks: number): DateTick[] {
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return [];
  const from = Math.ceil(start);
  const to = Math.floor(end);
  let chosen: { interval: Interval; days: number[] } | undefined;
  for (const interval of INTERVALS) {
    const days = candidates(from, to, interval, maxTicks);
    if (days.length <= maxTicks) {
      chosen = { interval, days };
      break;
    }
  }
  if (!chosen) {
    const years = (to - from) / 365.25;
    const interval: Interval = { kind: 'year', step: Math.ceil(years / Math.max(1, maxTicks - 1)) };
    chosen = { interval, days: candidates(from, to, interval, Number.POSITIVE_INFINITY) };
  }
  let previousYear: number | undefined;
  return chosen.days.map((at) => {
    const date = new Date(at * DAY_MS);
    const year = date.getUTCFullYear();
    const month = MONTHS[date.getUTCMonth()] ?? '';
    const tick: DateTick = { at, label: '' };
    if (chosen.interval.kind === 'year') tick.label = String(year);
    else {
      tick.label = chosen.interval.kind === 'month' ? month : `${month} ${date.getUTCDate()}`;
      if (year !== previousYear) tick.year = String(year);
    }
    previousYear = year;
    return tick;
  });
}
