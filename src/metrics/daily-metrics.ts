import { ident, type Queryable } from '../store/db.js';
import { OrderStatistics } from './order-statistics.js';

/**
 * The daily metrics that accumulate over time, computed in TypeScript from rows of the `ws_seg` temporary
 * table (see snapshot-sql.ts): SQL's window sums and per-group sorts over item × day rows grew too large
 * (a 365-day backfill of 20,000 items took a minute). Definitions are in docs/metrics.md:
 * - cfd_<category>, open, bugs_open, wip, sla_breaches: counts at the end of each day;
 * - age_mean_days and age_p85_days of the items open at the end of each day (the p85 age is the day end
 *   minus the 15th percentile of their creation instants, since age falls as creation rises);
 * - lead_time / cycle_time / cycle_time_control p50/p85/p95 over completions in the trailing window;
 * - bug_mttr_days: mean created → resolved of bug resolutions in the trailing window.
 * Days are integers: days since 1970-01-01 (UTC).
 */

interface DimRow {
  type: string;
  severity: string;
  customer: string;
  area: string;
  project: string;
}

/** The breakdowns of a row, as in SQL: multi-valued customers and components count for each value. */
function keysOf(row: DimRow): string[] {
  return [
    'all\u0000',
    `type\u0000${row.type}`,
    `severity\u0000${row.severity}`,
    ...row.customer.split('; ').map((v) => `customer\u0000${v}`),
    ...row.area.split('; ').map((v) => `area\u0000${v}`),
    `project\u0000${row.project}`,
  ];
}

const DIM = `type, severity, customer, area, project`;
const dayOf = (column: string) => `((${column}) AT TIME ZONE 'UTC')::date - DATE '1970-01-01'`;

interface Out {
  day: number;
  metric: string;
  key: string;
  value: number;
}

/** The list under `key`, created empty on first use. */
function listOf<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}

function groupBy<T>(rows: T[], keys: (row: T) => string[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    for (const key of keys(row)) {
      const list = out.get(key);
      if (list) list.push(row);
      else out.set(key, [row]);
    }
  }
  return out;
}

const OPEN = new Set(['proposed', 'in_progress']);

interface Segment extends DimRow {
  category: string;
  is_bug: boolean;
  created_s: number;
  start_day: number;
  end_day: number | null;
  breach_day: number | null;
}

/**
 * Counts at the end of each day (cfd_<category>, open, bugs_open, wip, sla_breaches) and the mean and
 * 85th percentile age of open items, per breakdown. A segment counts on the days from its start day to
 * the day before its end day; a bug breaches its SLA from created + SLA days while it stays open.
 */
async function stockRows(
  tx: Queryable,
  firstDay: number,
  to: number,
  sla: { severities: string[]; days: number[] },
  out: Out[],
): Promise<void> {
  // One day before the range is computed but not written: whether a zero on the first day is a drop.
  const from = firstDay - 1;
  const rows = await tx.query<Segment>(
    `SELECT ${DIM}, category, is_bug, extract(epoch FROM created_at)::float8 AS created_s, ${dayOf('start_at')} AS start_day,
            CASE WHEN end_at = 'infinity' THEN NULL ELSE ${dayOf('end_at')} END AS end_day,
            ${dayOf("greatest(start_at, created_at + sla.days * interval '1 day')")} AS breach_day
       FROM ws_seg LEFT JOIN unnest($1::text[], $2::float8[]) AS sla(severity, days) USING (severity)
      WHERE ${dayOf('start_at')} <= $3::int AND (end_at = 'infinity' OR ${dayOf('end_at')} > $4::int)`,
    [sla.severities, sla.days, to, from],
  );
  const days = to - from + 1;
  for (const [key, list] of groupBy(rows, keysOf)) {
    const counts = new Map<string, Float64Array>();
    const delta = (metric: string, startDay: number, endDay: number | null, weight = 1) => {
      const start = Math.max(startDay, from);
      const end = Math.min(endDay ?? to + 1, to + 1);
      if (start >= end) return;
      let series = counts.get(metric);
      if (!series) {
        series = new Float64Array(days + 1);
        counts.set(metric, series);
      }
      series[start - from]! += weight;
      series[end - from]! -= weight;
    };
    const ages = new OrderStatistics(list.filter((r) => OPEN.has(r.category)).map((r) => r.created_s));
    const ageAdds = new Map<number, number[]>();
    const ageRemoves = new Map<number, number[]>();
    for (const r of list) {
      delta(`cfd_${r.category}`, r.start_day, r.end_day);
      if (!OPEN.has(r.category)) {
        if (r.category === 'in_progress') delta('wip', r.start_day, r.end_day);
        continue;
      }
      delta('open', r.start_day, r.end_day);
      delta('open_created_sum', r.start_day, r.end_day, r.created_s);
      if (r.category === 'in_progress') delta('wip', r.start_day, r.end_day);
      if (r.is_bug) delta('bugs_open', r.start_day, r.end_day);
      if (r.is_bug && r.breach_day !== null) delta('sla_breaches', r.breach_day, r.end_day);
      const start = Math.max(r.start_day, from);
      const end = r.end_day ?? Number.POSITIVE_INFINITY;
      if (start < end) {
        listOf(ageAdds, start).push(r.created_s);
        if (end <= to) listOf(ageRemoves, end).push(r.created_s);
      }
    }
    const totals = new Map<string, number>();
    for (let i = 0; i < days; i++) {
      const day = from + i;
      for (const [metric, series] of counts) {
        const previous = totals.get(metric) ?? 0;
        const value = previous + series[i]!;
        totals.set(metric, value);
        if (metric === 'open_created_sum') continue;
        // Zero days are kept only where a count falls to zero (so charts drop), not while it stays there.
        if (day >= firstDay && (value !== 0 || previous !== 0)) out.push({ day, metric, key, value });
      }
      const open = totals.get('open') ?? 0;
      if (open > 0 && day >= firstDay) {
        const mean = ((day + 1) * 86400 - (totals.get('open_created_sum') ?? 0) / open) / 86400;
        out.push({ day, metric: 'age_mean_days', key, value: mean });
      }
      for (const v of ageAdds.get(day) ?? []) ages.add(v);
      for (const v of ageRemoves.get(day) ?? []) ages.remove(v);
      const created = ages.quantile(0.15);
      if (created !== null && day >= firstDay) {
        out.push({ day, metric: 'age_p85_days', key, value: ((day + 1) * 86400 - created) / 86400 });
      }
    }
  }
}

/** Lead/cycle/control percentiles and bug MTTR over the trailing window, per day and breakdown. */
async function windowRows(
  tx: Queryable,
  from: number,
  to: number,
  windowDays: number,
  out: Out[],
): Promise<void> {
  const completions = await tx.query<
    DimRow & { day: number; lead: number; cycle: number | null; control: number | null }
  >(
    `SELECT ${DIM}, ${dayOf('start_at')} AS day,
            extract(epoch FROM start_at - created_at)::float8 / 86400 AS lead,
            extract(epoch FROM start_at - first_active_at)::float8 / 86400 AS cycle,
            CASE WHEN first_active_at IS NULL THEN NULL ELSE active_before_s::float8 / 86400 END AS control
       FROM ws_seg
      WHERE transition AND seq > 1 AND category = 'completed' AND from_category IS DISTINCT FROM 'completed'
        AND ${dayOf('start_at')} BETWEEN $1::int - $3::int + 1 AND $2::int`,
    [from, to, windowDays],
  );
  const measures = [
    ['lead_time', (r: (typeof completions)[number]) => r.lead],
    ['cycle_time', (r: (typeof completions)[number]) => r.cycle],
    ['cycle_time_control', (r: (typeof completions)[number]) => r.control],
  ] as const;
  for (const [key, list] of groupBy(completions, keysOf)) {
    for (const [name, pick] of measures) {
      const values = list.filter((r) => pick(r) !== null);
      if (values.length === 0) continue;
      slide(
        values,
        (r) => r.day,
        pick as (r: (typeof values)[number]) => number,
        from,
        to,
        windowDays,
        (day, stats) => {
          for (const [q, suffix] of [
            [0.5, 'p50'],
            [0.85, 'p85'],
            [0.95, 'p95'],
          ] as const) {
            const value = stats.quantile(q);
            if (value !== null) out.push({ day, metric: `${name}_${suffix}_days`, key, value });
          }
        },
      );
    }
  }

  const resolutions = await tx.query<DimRow & { day: number; days: number }>(
    `SELECT ${DIM}, ${dayOf('start_at')} AS day, extract(epoch FROM start_at - created_at)::float8 / 86400 AS days
       FROM ws_seg
      WHERE transition AND is_bug AND from_category IN ('proposed', 'in_progress') AND category IN ('resolved', 'completed')
        AND ${dayOf('start_at')} BETWEEN $1::int - $3::int + 1 AND $2::int`,
    [from, to, windowDays],
  );
  for (const [key, list] of groupBy(resolutions, keysOf)) {
    const byDay = new Map<number, number[]>();
    for (const r of list) listOf(byDay, r.day).push(r.days);
    let sum = 0;
    let count = 0;
    for (let day = from - windowDays + 1; day <= to; day++) {
      for (const v of byDay.get(day) ?? []) {
        sum += v;
        count++;
      }
      for (const v of byDay.get(day - windowDays) ?? []) {
        sum -= v;
        count--;
      }
      if (day >= from && count > 0) out.push({ day, metric: 'bug_mttr_days', key, value: sum / count });
    }
  }
}

/** Slides a window of `windowDays` over events, calling `emit` for each day in from..to with a non-empty window. */
function slide<T>(
  events: T[],
  dayOfEvent: (e: T) => number,
  value: (e: T) => number,
  from: number,
  to: number,
  windowDays: number,
  emit: (day: number, stats: OrderStatistics) => void,
): void {
  const stats = new OrderStatistics(events.map(value));
  const byDay = new Map<number, number[]>();
  for (const e of events) listOf(byDay, dayOfEvent(e)).push(value(e));
  for (let day = from - windowDays + 1; day <= to; day++) {
    for (const v of byDay.get(day) ?? []) stats.add(v);
    for (const v of byDay.get(day - windowDays) ?? []) stats.remove(v);
    if (day >= from && stats.count > 0) emit(day, stats);
  }
}

/** Computes the stock and distribution metrics of days `from`..`to`, inserts them in batches; returns the row count. */
export async function insertDailyMetrics(
  tx: Queryable,
  schema: string,
  from: string,
  to: string,
  policy: { windowDays: number; sla: { severities: string[]; days: number[] } },
): Promise<number> {
  const fromDay = Date.parse(`${from}T00:00:00Z`) / 86_400_000;
  const toDay = Date.parse(`${to}T00:00:00Z`) / 86_400_000;
  const out: Out[] = [];
  await stockRows(tx, fromDay, toDay, policy.sla, out);
  await windowRows(tx, fromDay, toDay, policy.windowDays, out);
  const CHUNK = 100_000;
  for (let i = 0; i < out.length; i += CHUNK) {
    const rows = out.slice(i, i + CHUNK);
    const keys = rows.map((o) => o.key.split('\u0000') as [string, string]);
    await tx.query(
      `INSERT INTO ${ident(schema)}.history_snapshots (snapshot_date, metric, dimension, dimension_value, value)
       SELECT DATE '1970-01-01' + d, m, k, v, x FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::float8[]) AS r(d, m, k, v, x)`,
      [
        rows.map((o) => o.day),
        rows.map((o) => o.metric),
        keys.map((k) => k[0]),
        keys.map((k) => k[1]),
        rows.map((o) => o.value),
      ],
    );
  }
  return out.length;
}
