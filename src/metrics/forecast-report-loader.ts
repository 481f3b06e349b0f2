import type { Db } from '../store/db.js';
import { ident } from '../store/db.js';
import type { ForecastReport, ForecastScope } from './report/forecast-data.js';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const ORDER = ['all', 'project', 'team'];

interface Row {
  computed_on: string;
  scope: string;
  scope_value: string;
  question: string;
  horizon_days: number | null;
  target_date: string | null;
  open_items: number;
  p50: number | null;
  p85: number | null;
  p95: number | null;
  sample_items: number;
  sample_days: number;
  trials: number;
  window_weeks: number;
  seed: number;
}

/** The latest forecasts of one platform schema; null when none were computed (or the table is missing). */
export async function loadForecasts(db: Db, schema: string): Promise<ForecastReport | null> {
  const [exists] = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [
    `${ident(schema)}.forecasts`,
  ]);
  if (!exists?.ok) return null;
  const rows = await db.query<Row>(
    `SELECT computed_on::text, scope, scope_value, question, horizon_days, target_date::text, open_items,
            p50, p85, p95, sample_items, sample_days, trials, window_weeks, seed::float8 AS seed
       FROM ${ident(schema)}.forecasts ORDER BY scope_value, horizon_days`,
  );
  const first = rows[0];
  if (!first) return null;
  const scopes = new Map<string, ForecastScope>();
  for (const r of rows) {
    const key = `${r.scope}\u0000${r.scope_value}`;
    let s = scopes.get(key);
    if (!s) {
      s = {
        scope: r.scope,
        value: r.scope_value,
        openItems: Number(r.open_items),
        sampleItems: Number(r.sample_items),
        sampleDays: Number(r.sample_days),
        howMany: [],
        when: { p50: null, p85: null, p95: null },
      };
      scopes.set(key, s);
    }
    const answer = { p50: num(r.p50), p85: num(r.p85), p95: num(r.p95) };
    if (r.question === 'when') s.when = answer;
    else s.howMany.push({ horizonDays: Number(r.horizon_days), targetDate: r.target_date ?? '', ...answer });
  }
  return {
    computedOn: first.computed_on,
    trials: Number(first.trials),
    windowWeeks: Number(first.window_weeks),
    seed: Number(first.seed),
    scopes: [...scopes.values()].sort(
      (a, b) => ORDER.indexOf(a.scope) - ORDER.indexOf(b.scope) || a.value.localeCompare(b.value),
    ),
  };
}
