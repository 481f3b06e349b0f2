import { describe, expect, it } from 'vitest';
import { scopeSeed } from './forecast-random.js';
import { CONFIDENCES, type SimulationInput, simulate } from './forecast-simulate.js';

const TRIALS = 10_000;
/** Monte Carlo tolerance on a probability: > 4 standard errors of a share estimated from 10,000 trials. */
const TOL = 0.02;

/**
 * The exact distribution of the sum of `days` draws (with replacement, uniform) from `history`, by
 * convolution: P(S = s) for s = 0..max.
 */
function sumDistribution(history: number[], days: number): number[] {
  let dist = [1];
  for (let d = 0; d < days; d++) {
    const next = new Array<number>(dist.length + Math.max(...history)).fill(0);
    for (let s = 0; s < dist.length; s++) {
      for (const v of history) next[s + v]! += dist[s]! / history.length;
    }
    dist = next;
  }
  return dist;
}

/** P(S ≥ x). */
const atLeast = (dist: number[], x: number) => dist.slice(Math.max(0, x)).reduce((a, b) => a + b, 0);

/** "How many" at confidence q is right when P(S ≥ x) ≥ q and P(S ≥ x + 1) ≤ q, within the tolerance. */
function expectHowMany(history: number[], horizon: number, q: number, x: number | null) {
  const dist = sumDistribution(history, horizon);
  expect(x).not.toBeNull();
  expect(atLeast(dist, x!), `P(S${horizon} ≥ ${x}) at q=${q}`).toBeGreaterThanOrEqual(q - TOL);
  expect(atLeast(dist, x! + 1), `P(S${horizon} ≥ ${x! + 1}) at q=${q}`).toBeLessThanOrEqual(q + TOL);
}

/** "By when" at q is right when P(S_d ≥ N) ≥ q and P(S_{d−1} ≥ N) ≤ q, within the tolerance. */
function expectWhen(history: number[], open: number, q: number, d: number | null) {
  expect(d).not.toBeNull();
  expect(atLeast(sumDistribution(history, d!), open), `P(D ≤ ${d}) at q=${q}`).toBeGreaterThanOrEqual(
    q - TOL,
  );
  expect(atLeast(sumDistribution(history, d! - 1), open), `P(D ≤ ${d! - 1}) at q=${q}`).toBeLessThanOrEqual(
    q + TOL,
  );
}

const pick = (r: { p50: number | null; p85: number | null; p95: number | null }, q: number) =>
  q === 0.5 ? r.p50 : q === 0.85 ? r.p85 : r.p95;

const input = (over: Partial<SimulationInput>): SimulationInput => ({
  daily: [],
  horizons: [14, 28, 56, 84],
  openItems: 0,
  trials: TRIALS,
  seed: 42,
  ...over,
});

describe('Monte Carlo forecast', () => {
  it('gives exact answers for a constant throughput', () => {
    const result = simulate(input({ daily: [3, 3, 3, 3, 3, 3, 3], openItems: 100 }));
    expect(result.howMany).toEqual(
      [14, 28, 56, 84].map((h) => ({ horizonDays: h, p50: 3 * h, p85: 3 * h, p95: 3 * h, mean: 3 * h })),
    );
    // 100 items at 3 a day: 33 days give 99, the 34th finishes them.
    expect(result.when).toEqual({ p50: 34, p85: 34, p95: 34, mean: 34 });
  });

  it('gives binomial percentiles for a two-valued throughput, and the lower count for higher confidence', () => {
    const history = [0, 1, 1, 0, 0, 1];
    const result = simulate(input({ daily: history, openItems: 20 }));
    for (const row of result.howMany) {
      for (const q of CONFIDENCES) expectHowMany(history, row.horizonDays, q, pick(row, q));
      expect(row.p95!).toBeLessThanOrEqual(row.p85!);
      expect(row.p85!).toBeLessThan(row.p50!);
      expect(row.mean).toBeCloseTo(row.horizonDays / 2, 0);
    }
    // Known values of Bin(28, 1/2): P(X ≥ 14) = 0.575, P(X ≥ 15) = 0.425 → 14; P(X ≥ 11) = 0.908,
    // P(X ≥ 12) = 0.828 → 11 at 85%; P(X ≥ 10) = 0.956, P(X ≥ 11) = 0.908 → 10 at 95%.
    expect(result.howMany[1]).toMatchObject({ horizonDays: 28, p50: 14, p85: 11, p95: 10 });
    for (const q of CONFIDENCES) expectWhen(history, 20, q, pick(result.when, q));
    expect(result.when.p50!).toBeLessThan(result.when.p85!);
  });

  it('matches the exact distribution of a skewed history', () => {
    const history = [0, 0, 0, 1, 2, 5, 0, 1, 0, 3];
    const result = simulate(input({ daily: history, horizons: [5, 14, 28], openItems: 60 }));
    for (const row of result.howMany) {
      for (const q of CONFIDENCES) expectHowMany(history, row.horizonDays, q, pick(row, q));
    }
    for (const q of CONFIDENCES) expectWhen(history, 60, q, pick(result.when, q));
  });

  it('finishes a large backlog in blocks of days with the exact distribution of day-by-day draws', () => {
    // ~0.47 items a day, 150 open: ~320 days, most of them jumped in blocks of 8.
    const history = [0, 1, 0, 2, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1];
    const result = simulate(input({ daily: history, horizons: [14], openItems: 150 }));
    for (const q of CONFIDENCES) expectWhen(history, 150, q, pick(result.when, q));
    expectHowMany(history, 14, 0.85, result.howMany[0]!.p85);
  });

  it('gives the same answer for the same seed, and an answer within tolerance for another', () => {
    const history = [0, 2, 1, 0, 4, 1, 0, 0, 3, 1, 2, 0, 0, 5];
    const one = simulate(input({ daily: history, openItems: 75, seed: scopeSeed(42, 'project\u0000A') }));
    const again = simulate(input({ daily: history, openItems: 75, seed: scopeSeed(42, 'project\u0000A') }));
    const other = simulate(input({ daily: history, openItems: 75, seed: scopeSeed(7, 'project\u0000A') }));
    expect(again).toEqual(one);
    // A different stream: different trials (the means differ), the same answers within tolerance.
    expect(other.howMany.map((r) => r.mean)).not.toEqual(one.howMany.map((r) => r.mean));
    expect(other.when.mean).not.toBe(one.when.mean);
    for (const row of other.howMany) {
      for (const q of CONFIDENCES) expectHowMany(history, row.horizonDays, q, pick(row, q));
    }
    for (const q of CONFIDENCES) expectWhen(history, 75, q, pick(other.when, q));
  });

  it('answers null without history, zero without throughput, and today when nothing is open', () => {
    expect(simulate(input({ daily: [], openItems: 3 }))).toEqual({
      howMany: [14, 28, 56, 84].map((h) => ({ horizonDays: h, p50: null, p85: null, p95: null, mean: null })),
      when: { p50: null, p85: null, p95: null, mean: null },
    });
    const idle = simulate(input({ daily: [0, 0, 0], openItems: 3 }));
    expect(idle.howMany.every((r) => r.p50 === 0 && r.p95 === 0)).toBe(true);
    expect(idle.when.p50).toBeNull();
    expect(simulate(input({ daily: [1, 2], openItems: 0 })).when).toEqual({
      p50: 0,
      p85: 0,
      p95: 0,
      mean: 0,
    });
  });

  it('answers null beyond ten years', () => {
    // One item in 100 days on average: 500 items take ~50,000 days.
    const sparse = Array.from({ length: 100 }, (_, i) => (i === 0 ? 1 : 0));
    expect(simulate(input({ daily: sparse, openItems: 500 })).when.p50).toBeNull();
    // ~36 items in ten years: 40 is reached by some trials within the cap, not by half of them.
    const when = simulate(input({ daily: sparse, openItems: 40, trials: 2000 })).when;
    expect(when.p95).toBeNull();
    expect(when.mean).toBeNull();
  });
});
