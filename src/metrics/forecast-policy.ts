import { DEFAULT_FORECAST_SEED } from './forecast-random.js';

/** How forecasts are computed (docs/metrics.md, Forecasts). */
export interface ForecastPolicy {
  /** Weeks of daily throughput sampled, ending yesterday. Default 12 (FORECAST_WINDOW_WEEKS). */
  windowWeeks: number;
  /** Monte Carlo trials per scope. Default 10,000 (FORECAST_TRIALS). */
  trials: number;
  /** Horizons of "how many items done by date D", days after today, ascending. Default 14, 28, 56, 84 (FORECAST_HORIZON_DAYS). */
  horizonDays: number[];
  /** Seed of the random streams: the same data and seed give the same forecast. Default 42 (fixed). */
  seed: number;
}

export const DEFAULT_FORECAST_POLICY: ForecastPolicy = {
  windowWeeks: 12,
  trials: 10_000,
  horizonDays: [14, 28, 56, 84],
  seed: DEFAULT_FORECAST_SEED,
};
