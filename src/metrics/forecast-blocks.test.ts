import { describe, expect, it } from 'vitest';
import { BLOCK_DAYS, BlockSampler } from './forecast-blocks.js';
import { Mulberry32 } from './forecast-random.js';

describe('BlockSampler', () => {
  it('draws block sums with the exact distribution of BLOCK_DAYS single-day draws', () => {
    const history = [0, 0, 1, 3, 0, 2];
    // Exact distribution of the sum of BLOCK_DAYS draws, by enumeration of every sequence of days.
    const exact = new Map<number, number>();
    const walk = (depth: number, sum: number, p: number) => {
      if (depth === BLOCK_DAYS) {
        exact.set(sum, (exact.get(sum) ?? 0) + p);
        return;
      }
      for (const v of history) walk(depth + 1, sum + v, p / history.length);
    };
    walk(0, 0, 1);
    const sampler = new BlockSampler(history);
    expect(sampler.maxSum).toBe(3 * BLOCK_DAYS);
    const rng = new Mulberry32(7);
    const draws = 200_000;
    const seen = new Map<number, number>();
    for (let i = 0; i < draws; i++) {
      const x = sampler.sample(rng);
      seen.set(x, (seen.get(x) ?? 0) + 1);
    }
    for (const [x, p] of exact) {
      const se = Math.sqrt((p * (1 - p)) / draws);
      expect(Math.abs((seen.get(x) ?? 0) / draws - p), `P(block = ${x})`).toBeLessThanOrEqual(5 * se + 1e-6);
    }
    for (const x of seen.keys()) expect(exact.has(x), `impossible block sum ${x}`).toBe(true);
  });
});
