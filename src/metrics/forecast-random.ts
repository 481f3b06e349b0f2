/**
 * The random numbers of the Monte Carlo forecasts: mulberry32 (Tommy Ettinger's 32-bit generator: one
 * uint32 of state, period 2^32, passes gjrand/PractRand to 2^32 outputs, which 10,000 trials × a few
 * hundred days stay well under). Chosen because it is a few lines, needs no dependency and gives the
 * same sequence on every platform and Node version: a seed fully determines a forecast.
 */

/** The documented default seed of every forecast (recorded in each `forecasts` row). */
export const DEFAULT_FORECAST_SEED = 42;

/** A mulberry32 stream. `next()` is a uniform uint32; `below(n)` a uniform integer in 0..n-1. */
export class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in 0..n-1 (n ≤ 2^32), by scaling: bias below n / 2^32, nil for history sizes. */
  below(n: number): number {
    return Math.floor((this.next() / 4_294_967_296) * n);
  }
}

/**
 * The seed of one scope's stream: the forecast seed mixed with the scope's name (FNV-1a, then
 * murmur3's finaliser), so each scope's answer depends on its own history and the seed only, not on
 * which other scopes exist or the order they are computed in.
 */
export function scopeSeed(seed: number, scope: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < scope.length; i++) {
    h ^= scope.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
