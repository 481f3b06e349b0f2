/**
 * The Monte Carlo simulation of the forecasts, pure and allocation-free per trial. A trial draws one
 * historical day per future day, uniformly with replacement, and adds up that day's throughput: the
 * sums at each horizon answer "how many items by then", the first day the sum reaches the open items
 * answers "by when". One trial answers both questions. Definitions in docs/metrics.md (Forecasts).
 */
import { BLOCK_DAYS, BlockSampler } from './forecast-blocks.js';
import { Mulberry32 } from './forecast-random.js';

/** The three confidence levels answered. */
export const CONFIDENCES = [0.5, 0.85, 0.95] as const;

/** Days simulated at most for "by when" (10 years): a later answer is reported as null. */
export const MAX_FORECAST_DAYS = 3650;

export interface SimulationInput {
  /** Items completed on each day of the history sample, zero days included; empty means no history. */
  daily: ArrayLike<number>;
  /** Horizons of "how many", days after today, ascending, each ≥ 1. */
  horizons: readonly number[];
  /** Open items to finish for "by when" (N ≥ 0). */
  openItems: number;
  trials: number;
  /** The stream's seed (uint32), e.g. from `scopeSeed`. */
  seed: number;
}

/** One answer at 50%, 85% and 95% confidence, and the mean over trials. */
export interface Percentiles {
  p50: number | null;
  p85: number | null;
  p95: number | null;
  mean: number | null;
}

export interface SimulationResult {
  /**
   * Items completed within each horizon: pXX is the count at least XX% of the trials reach (so p85 is
   * the 15th percentile of the trial counts: the count rises with luck, confidence falls with it).
   */
  howMany: ({ horizonDays: number } & Percentiles)[];
  /**
   * Days until the open items are all done: pXX is the number of days within which at least XX% of
   * the trials finish (the 85th percentile of the trial days). null where that is beyond
   * MAX_FORECAST_DAYS, or the history completed nothing; all 0 when nothing is open.
   */
  when: Percentiles;
}

/** Reusable buffers: one per computation, handed to every scope's `simulate`. */
export class SimulationBuffers {
  counts = new Int32Array(0);
  days = new Int32Array(0);

  ensure(trials: number, horizons: number): void {
    if (this.counts.length < trials * horizons) this.counts = new Int32Array(trials * horizons);
    if (this.days.length < trials) this.days = new Int32Array(trials);
  }
}

/** Index of the value at least `q` of ascending sorted values reach: floor((1 − q)·T). */
const atLeastIndex = (q: number, n: number) => Math.min(n - 1, Math.floor((1 - q) * n + 1e-9));
/** Index of the value `q` of ascending sorted values stay within: ceil(q·T) − 1. */
const atMostIndex = (q: number, n: number) => Math.max(0, Math.ceil(q * n - 1e-9) - 1);

const NONE: Percentiles = { p50: null, p85: null, p95: null, mean: null };

export function simulate(input: SimulationInput, buffers = new SimulationBuffers()): SimulationResult {
  const { daily, horizons, openItems, trials } = input;
  const width = daily.length;
  const h = horizons.length;
  let total = 0;
  for (let i = 0; i < width; i++) total += daily[i]!;
  if (width === 0 || total === 0) {
    const zero = { p50: 0, p85: 0, p95: 0, mean: 0 };
    return {
      howMany: horizons.map((horizonDays) => ({ horizonDays, ...(width === 0 ? NONE : zero) })),
      when: openItems === 0 ? zero : NONE,
    };
  }
  // Far beyond reach (twice the cap at the mean rate): every trial would run to the cap for nothing.
  const hopeless = openItems > 2 * MAX_FORECAST_DAYS * (total / width);
  const target = hopeless ? 0 : openItems;
  buffers.ensure(trials, h);
  const { counts, days } = buffers;
  const rng = new Mulberry32(input.seed);
  const never = MAX_FORECAST_DAYS + 1;
  const maxHorizon = horizons[h - 1] ?? 0;
  // Worth building only when trials go far beyond the horizons (a backlog of many blocks).
  const blocks =
    target > 0 && target / (total / width) > maxHorizon + 4 * BLOCK_DAYS ? new BlockSampler(daily) : null;
  for (let t = 0; t < trials; t++) {
    let sum = 0;
    let day = 0;
    let next = 0;
    let done = target === 0 ? 0 : -1;
    // The horizons, and the open items if done within them.
    while (day < maxHorizon) {
      day++;
      sum += daily[rng.below(width)]!;
      while (next < h && horizons[next] === day) counts[next++ * trials + t] = sum;
      if (done < 0 && sum >= target) done = day;
    }
    // Then only the day the open items are done: blocks of days while a block cannot finish them.
    if (blocks) {
      while (done < 0 && sum + blocks.maxSum < target && day + BLOCK_DAYS <= MAX_FORECAST_DAYS) {
        day += BLOCK_DAYS;
        sum += blocks.sample(rng);
      }
    }
    while (done < 0 && day < MAX_FORECAST_DAYS) {
      day++;
      sum += daily[rng.below(width)]!;
      if (sum >= target) done = day;
    }
    days[t] = done < 0 ? never : done;
  }
  const howMany = horizons.map((horizonDays, k) => {
    const sorted = counts.subarray(k * trials, (k + 1) * trials).sort();
    const [p50, p85, p95] = CONFIDENCES.map((q) => sorted[atLeastIndex(q, trials)]!);
    return { horizonDays, p50: p50!, p85: p85!, p95: p95!, mean: meanOf(sorted) };
  });
  let when: Percentiles;
  if (openItems === 0) when = { p50: 0, p85: 0, p95: 0, mean: 0 };
  else if (hopeless) when = NONE;
  else {
    const sorted = days.subarray(0, trials).sort();
    const [p50, p85, p95] = CONFIDENCES.map((q) => {
      const d = sorted[atMostIndex(q, trials)]!;
      return d === never ? null : d;
    });
    when = { p50: p50!, p85: p85!, p95: p95!, mean: sorted[trials - 1] === never ? null : meanOf(sorted) };
  }
  return { howMany, when };
}

function meanOf(values: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}
