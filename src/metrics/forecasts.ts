/**
 * Computes the Monte Carlo forecasts of one platform schema and replaces its `forecasts` table: per
 * scope (all, project, team), "how many items done by date D" for each horizon and "by when will the
 * open items be done", at 50/85/95% confidence. Definitions in docs/metrics.md (Forecasts).
 */
import type { Db } from '../store/db.js';
import { ident } from '../store/db.js';
import { DEFAULT_FORECAST_POLICY, type ForecastPolicy } from './forecast-policy.js';
import { scopeSeed } from './forecast-random.js';
import { type Percentiles, SimulationBuffers, simulate } from './forecast-simulate.js';
import {
  FORECAST_INSERT_SQL,
  FORECAST_SCOPE_STATS_SQL,
  FORECAST_THROUGHPUT_SQL,
  forecastScopesSql,
} from './forecast-sql.js';

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface ForecastRun {
  /** Scopes forecast (rows are 1 + horizons per scope). */
  scopes: number;
  rows: number;
  /** Time spent simulating (ms), the rest being SQL. */
  simulateMs: number;
}

interface Scope {
  scope: string;
  value: string;
  open: number;
  firstDay: string;
  daily: Int32Array;
  sampleItems: number;
}

/** Columns of the rows written, one array per column (FORECAST_INSERT_SQL $6..$17). */
class Rows {
  readonly cols = {
    scope: [] as string[],
    value: [] as string[],
    question: [] as string[],
    horizon: [] as (number | null)[],
    open: [] as number[],
    p50: [] as (number | null)[],
    p85: [] as (number | null)[],
    p95: [] as (number | null)[],
    mean: [] as (number | null)[],
    windowFrom: [] as (string | null)[],
    sampleDays: [] as number[],
    sampleItems: [] as number[],
  };

  add(
    s: Scope,
    sample: { from: string | null; days: number },
    question: string,
    horizon: number | null,
    p: Percentiles,
  ) {
    const c = this.cols;
    c.scope.push(s.scope);
    c.value.push(s.value);
    c.question.push(question);
    c.horizon.push(horizon);
    c.open.push(s.open);
    c.p50.push(p.p50);
    c.p85.push(p.p85);
    c.p95.push(p.p95);
    c.mean.push(p.mean);
    c.windowFrom.push(sample.from);
    c.sampleDays.push(sample.days);
    c.sampleItems.push(s.sampleItems);
  }
}

/**
 * Recomputes the forecasts as of `today` (UTC day) in one transaction: reads each scope's open items
 * and daily throughput of the window (the `windowWeeks` × 7 days before today), simulates, and
 * replaces every row of `<schema>.forecasts`. The same data, policy and day give the same rows.
 */
export async function computeForecasts(
  db: Db,
  schema: string,
  policy: ForecastPolicy = DEFAULT_FORECAST_POLICY,
  today = new Date(),
): Promise<ForecastRun> {
  const todayMs = Date.parse(`${isoDay(today.getTime())}T00:00:00Z`);
  const windowDays = policy.windowWeeks * 7;
  const fromMs = todayMs - windowDays * DAY_MS;
  const computedOn = isoDay(todayMs);
  const windowFrom = isoDay(fromMs);
  const windowTo = isoDay(todayMs - DAY_MS);
  return db.transaction(async (tx) => {
    await tx.exec(forecastScopesSql(schema));
    const stats = await tx.query<{ scope: string; value: string; open: number; first_day: string }>(
      FORECAST_SCOPE_STATS_SQL(schema),
    );
    const scopes = new Map<string, Scope>();
    for (const r of stats) {
      scopes.set(`${r.scope}\u0000${r.value}`, {
        scope: r.scope,
        value: r.value,
        open: Number(r.open),
        firstDay: r.first_day,
        daily: new Int32Array(windowDays),
        sampleItems: 0,
      });
    }
    const done = await tx.query<{ scope: string; value: string; day: number; n: number }>(
      FORECAST_THROUGHPUT_SQL(schema),
      [new Date(fromMs).toISOString(), new Date(todayMs).toISOString(), windowFrom],
    );
    for (const r of done) {
      const s = scopes.get(`${r.scope}\u0000${r.value}`);
      if (!s) continue;
      s.daily[Number(r.day)] = Number(r.n);
      s.sampleItems += Number(r.n);
    }

    const started = performance.now();
    const rows = new Rows();
    const buffers = new SimulationBuffers();
    let count = 0;
    for (const [key, s] of [...scopes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (s.scope !== 'all' && s.open === 0 && s.sampleItems === 0) continue;
      // Days before the scope's first item existed are not part of its history.
      const firstMs = Math.max(Date.parse(`${s.firstDay}T00:00:00Z`), fromMs);
      const daily = s.daily.subarray(Math.min(Math.round((firstMs - fromMs) / DAY_MS), windowDays));
      const sample = { from: daily.length > 0 ? isoDay(firstMs) : null, days: daily.length };
      const result = simulate(
        {
          daily,
          horizons: policy.horizonDays,
          openItems: s.open,
          trials: policy.trials,
          seed: scopeSeed(policy.seed, key),
        },
        buffers,
      );
      for (const h of result.howMany) rows.add(s, sample, 'how_many', h.horizonDays, h);
      rows.add(s, sample, 'when', null, result.when);
      count++;
    }
    const simulateMs = performance.now() - started;

    await tx.query(`DELETE FROM ${ident(schema)}.forecasts`);
    const c = rows.cols;
    await tx.query(FORECAST_INSERT_SQL(schema), [
      computedOn,
      policy.trials,
      policy.windowWeeks,
      windowTo,
      policy.seed,
      c.scope,
      c.value,
      c.question,
      c.horizon,
      c.open,
      c.p50,
      c.p85,
      c.p95,
      c.mean,
      c.windowFrom,
      c.sampleDays,
      c.sampleItems,
    ]);
    return { scopes: count, rows: c.scope.length, simulateMs };
  });
}
