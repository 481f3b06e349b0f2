import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderStatistics } from './order-statistics.js';

/** percentile_cont on a sorted copy: the reference. */
function reference(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const low = sorted[lower]!;
  return position === lower ? low : low + (sorted[lower + 1]! - low) * (position - lower);
}

describe('OrderStatistics', () => {
  it('matches percentile_cont after any sequence of inserts and removals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.constantFrom(0, 0.15, 0.5, 0.85, 0.95, 1),
        (values, removals, q) => {
          const stats = new OrderStatistics(values);
          const present = [...values];
          for (const v of values) stats.add(v);
          for (const r of removals) {
            if (present.length === 0) break;
            const [gone] = present.splice(r % present.length, 1);
            stats.remove(gone!);
          }
          const expected = reference(present, q);
          const actual = stats.quantile(q);
          if (expected === null) expect(actual).toBeNull();
          else expect(actual).toBeCloseTo(expected, 9);
        },
      ),
    );
  });
});
