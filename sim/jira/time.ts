/**
 * Jira time handling: timestamps rendered as `2024-03-05T14:22:10.123+1100` (colon-less offset, in
 * a given IANA zone) and JQL date literals read as wall-clock times in the searching user's zone.
 * Zone offsets are cached per zone and hour so rendering 100k timestamps stays cheap.
 */

import { isoSeconds } from '../common/iso-seconds.js';

const HOUR = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

/** The zone's UTC offset in minutes at instant `ms` (e.g. +660 for Sydney in summer). */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  let cache = offsetCache.get(zone);
  if (!cache) {
    cache = new Map();
    offsetCache.set(zone, cache);
  }
  const bucket = Math.floor(ms / HOUR);
  const hit = cache.get(bucket);
  if (hit !== undefined) return hit;
  let fmt = formatters.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    formatters.set(zone, fmt);
  }
  const name =
    fmt.formatToParts(new Date(bucket * HOUR)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  cache.set(bucket, offset);
  return offset;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `000`..`999`: the milliseconds. */
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => pad(n, 3));
/** `±HHMM` by offset in minutes. */
const OFFSET_SUFFIX = new Map<number, string>();

function offsetSuffix(offset: number): string {
  let suffix = OFFSET_SUFFIX.get(offset);
  if (suffix === undefined) {
    const abs = Math.abs(offset);
    suffix = `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
    OFFSET_SUFFIX.set(offset, suffix);
  }
  return suffix;
}

/** Formats `ms` the way Jira renders date-times: `yyyy-MM-ddTHH:mm:ss.SSS±HHMM` in `zone`. */
export function formatJiraTime(ms: number, zone: string): string {
  const offset = zoneOffsetMinutes(zone, ms);
  const local = ms + offset * 60_000;
  const seconds = isoSeconds(local);
  if (seconds !== undefined) return `${seconds}.${THREE_DIGITS[local % 1000]}${offsetSuffix(offset)}`;
  const d = new Date(local);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}` +
    offsetSuffix(offset)
  );
}

/** `yyyy-MM-dd` of the instant in `zone` (date-only fields such as `duedate`). */
export function formatJiraDate(ms: number, zone: string): string {
  return formatJiraTime(ms, zone).slice(0, 10);
}

/** Converts a wall-clock time in `zone` to epoch ms (two passes handle DST edges). */
export function wallClockToEpoch(zone: string, y: number, mo: number, d: number, h = 0, mi = 0): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const first = wall - zoneOffsetMinutes(zone, wall) * 60_000;
  return wall - zoneOffsetMinutes(zone, first) * 60_000;
}

/**
 * Parses a JQL date literal: `yyyy/MM/dd HH:mm`, `yyyy-MM-dd HH:mm`, `yyyy/MM/dd`, `yyyy-MM-dd`
 * (wall clock in `zone`, minute precision) or a relative `-5d`, `2h`, `-15m`, `1w` (from `now`).
 * Returns undefined when the text is not a date.
 */
export function parseJqlDate(text: string, zone: string, now: number): number | undefined {
  const abs = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text.trim());
  if (abs) {
    const [, y, mo, d, h, mi] = abs;
    const month = Number(mo);
    const day = Number(d);
    if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
    return wallClockToEpoch(zone, Number(y), month, day, h ? Number(h) : 0, mi ? Number(mi) : 0);
  }
  const rel = /^([+-]?)(\d+)\s*([wdhm])$/.exec(text.trim());
  if (rel) {
    const unit = { w: 7 * 24 * HOUR, d: 24 * HOUR, h: HOUR, m: 60_000 }[rel[3] as 'w' | 'd' | 'h' | 'm'];
    const sign = rel[1] === '-' ? -1 : 1;
    // Relative dates are truncated to the minute, like the literals.
    return Math.floor((now + sign * Number(rel[2]) * unit) / 60_000) * 60_000;
  }
  return undefined;
}
