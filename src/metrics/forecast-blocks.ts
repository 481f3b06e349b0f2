/**
 * Several days at once, exactly: the distribution of the throughput summed over BLOCK_DAYS days drawn
 * with replacement from a history (the history's value distribution convolved BLOCK_DAYS times),
 * sampled in O(1) by Walker's alias method (Vose's construction). The "by when" simulation of a large
 * backlog jumps a block at a time while the block cannot reach the open items (sum + BLOCK_DAYS × the
 * largest day < N), then goes day by day: the same distribution of finishing days as drawing every
 * day, with an eighth of the draws.
 */
import type { Mulberry32 } from './forecast-random.js';

export const BLOCK_DAYS = 8;

export class BlockSampler {
  /** The most a block can add: BLOCK_DAYS × the largest day of the history. */
  readonly maxSum: number;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(history: ArrayLike<number>) {
    let max = 0;
    const counts = new Map<number, number>();
    for (let i = 0; i < history.length; i++) {
      const v = history[i]!;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      if (v > max) max = v;
    }
    const values = [...counts].map(([v, c]) => [v, c / history.length] as const);
    let dist = new Float64Array([1]);
    for (let b = 0; b < BLOCK_DAYS; b++) {
      const next = new Float64Array(dist.length + max);
      for (let s = 0; s < dist.length; s++) {
        const p = dist[s]!;
        if (p === 0) continue;
        for (const [v, q] of values) next[s + v]! += p * q;
      }
      dist = next;
    }
    this.maxSum = BLOCK_DAYS * max;
    [this.prob, this.alias] = aliasTable(dist);
  }

  /** One block's sum: the column from the stream's next value, the coin from the same value's remainder. */
  sample(rng: Mulberry32): number {
    const x = rng.next() * (this.prob.length / 4_294_967_296);
    const column = Math.floor(x);
    return x - column < this.prob[column]! ? column : this.alias[column]!;
  }
}

/** Vose's alias table of a probability vector (summing to 1 up to rounding). */
function aliasTable(p: Float64Array): [Float64Array, Int32Array] {
  const n = p.length;
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = p.map((x) => x * n);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) (scaled[i]! < 1 ? small : large).push(i);
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.pop()!;
    prob[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    (scaled[l]! < 1 ? small : large).push(l);
  }
  // What is left is 1 up to rounding.
  for (const i of [...large, ...small]) {
    prob[i] = 1;
    alias[i] = i;
  }
  return [prob, alias];
}
