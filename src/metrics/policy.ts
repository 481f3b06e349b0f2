import type { Severity } from '../domain/work-item.js';
import { DEFAULT_FORECAST_POLICY, type ForecastPolicy } from './forecast-policy.js';

/** How metrics are computed: the trailing window of distributions and the SLA per severity. */
export interface MetricsPolicy {
  /** Days in the trailing window of lead/cycle time percentiles and MTTR. Default 30 (METRICS_WINDOW_DAYS). */
  windowDays: number;
  /** Days an open bug of each severity may age before it breaches its SLA (SLA_POLICY). */
  slaDays: Partial<Record<Severity, number>>;
  /** The Monte Carlo forecasts computed after the snapshots (FORECAST_* variables). */
  forecast: ForecastPolicy;
}

/** Defaults: a 30-day window; SLA of 2, 7, 30 and 90 days for P1..P4; forecasts as DEFAULT_FORECAST_POLICY. */
export const DEFAULT_POLICY: MetricsPolicy = {
  windowDays: 30,
  slaDays: { P1: 2, P2: 7, P3: 30, P4: 90 },
  forecast: DEFAULT_FORECAST_POLICY,
};
