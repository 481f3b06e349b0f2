import { describe, expect, it } from 'vitest';
import type { ItemState } from '../../domain/page.js';
import { CarriedValues } from './carried-values.js';

const at = (itemId: string, rev: number): ItemState => ({ itemId, rev, values: { state: `s${rev}` } });

describe('CarriedValues', () => {
  it('gives carried values only for the revision right after them', () => {
    const carried = new CarriedValues();
    expect(carried.settle([], [at('1', 3)])).toEqual([]);
    expect(carried.before('1', 4)).toEqual({ state: 's3' });
    expect(carried.before('1', 5)).toBeUndefined();
    expect(carried.before('2', 4)).toBeUndefined();
  });

  it('writes current states and lets go of their items', () => {
    const carried = new CarriedValues();
    carried.settle([], [at('1', 3), at('2', 1)]);
    expect(carried.settle([at('1', 4)], [at('2', 2)])).toEqual([at('1', 4)]);
    expect(carried.before('1', 5)).toBeUndefined();
    expect(carried.drain()).toEqual([at('2', 2)]);
    expect(carried.drain()).toEqual([]);
  });

  it('pushes the least recently seen items out to be written when over its limit', () => {
    const carried = new CarriedValues(2);
    carried.settle([], [at('1', 1), at('2', 1)]);
    carried.settle([], [at('1', 2)]);
    expect(carried.settle([], [at('3', 1)])).toEqual([at('2', 1)]);
    expect(carried.drain().map((s) => s.itemId)).toEqual(['1', '3']);
  });
});
