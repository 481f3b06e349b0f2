/**
 * A multiset of numbers drawn from a known set of values, with insert, remove and exact quantiles in
 * O(log n) (a Fenwick tree over the values' ranks). Quantiles follow PostgreSQL's percentile_cont:
 * linear interpolation between the two nearest ranks.
 */
export class OrderStatistics {
  private readonly values: Float64Array;
  private readonly tree: Int32Array;
  private size = 0;
  private readonly top: number;

  /** `universe`: every value that may be inserted (duplicates allowed). */
  constructor(universe: Iterable<number>) {
    this.values = Float64Array.from(new Set(universe)).sort();
    this.tree = new Int32Array(this.values.length + 1);
    let top = 1;
    while (top * 2 <= this.values.length) top *= 2;
    this.top = top;
  }

  get count(): number {
    return this.size;
  }

  private rank(value: number): number {
    let lo = 0;
    let hi = this.values.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.values[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    if (this.values[lo] !== value) throw new Error(`value ${value} is not in the universe`);
    return lo + 1;
  }

  add(value: number, times = 1): void {
    for (let i = this.rank(value); i < this.tree.length; i += i & -i) this.tree[i]! += times;
    this.size += times;
  }

  remove(value: number): void {
    this.add(value, -1);
  }

  /** The k-th smallest (0-based). */
  private kth(k: number): number {
    let position = 0;
    let remaining = k + 1;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = position + step;
      if (next < this.tree.length && this.tree[next]! < remaining) {
        position = next;
        remaining -= this.tree[next]!;
      }
    }
    return this.values[position]!;
  }

  /** percentile_cont(q), or null when empty. */
  quantile(q: number): number | null {
    if (this.size === 0) return null;
    const position = q * (this.size - 1);
    const lower = Math.floor(position);
    const low = this.kth(lower);
    if (position === lower) return low;
    return low + (this.kth(lower + 1) - low) * (position - lower);
  }
}
