import { describe, expect, it } from 'vitest';
import { dateTicks, dayNumber, dayString, linearScale, valueTicks } from './scales.js';

describe('scales', () => {
  it('maps ISO days to day numbers and back', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayString(dayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(dayNumber('2024-02-29T10:00:00Z')).toBeNaN();
    expect(dayNumber('')).toBeNaN();
  });

  it('maps linearly, also from a flat domain', () => {
    const x = linearScale([10, 20], [0, 100]);
    expect(x(15)).toBe(50);
    expect(linearScale([5, 5], [0, 100])(5)).toBe(0);
  });

  it('gives round value ticks from zero up to or above the maximum', () => {
    expect(valueTicks(47)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(valueTicks(3)).toEqual([0, 1, 2, 3]);
    expect(valueTicks(0)).toEqual([0, 1]);
    expect(valueTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(valueTicks(0.8, 4, false)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it('puts date ticks on days, Mondays or months, with the year where it starts or changes', () => {
    const days = dateTicks(dayNumber('2024-03-01'), dayNumber('2024-03-05'), 8);
    expect(days.map((t) => t.label)).toEqual(['Mar 1', 'Mar 2', 'Mar 3', 'Mar 4', 'Mar 5']);
    expect(days[0]?.year).toBe('2024');
    expect(days[1]?.year).toBeUndefined();

    const weeks = dateTicks(dayNumber('2024-03-01'), dayNumber('2024-04-10'), 8);
    expect(weeks.map((t) => dayString(t.at))).toEqual([
      '2024-03-04',
      '2024-03-11',
      '2024-03-18',
      '2024-03-25',
      '2024-04-01',
      '2024-04-08',
    ]);

    const months = dateTicks(dayNumber('2023-11-15'), dayNumber('2024-04-20'), 8);
    expect(months.map((t) => [t.label, t.year])).toEqual([
      ['Dec', '2023'],
      ['Jan', '2024'],
      ['Feb', undefined],
      ['Mar', undefined],
      ['Apr', undefined],
    ]);

    const years = dateTicks(dayNumber('2010-01-01'), dayNumber('2024-01-01'), 8);
    expect(years.length).toBeLessThanOrEqual(8);
    expect(years[0]?.label).toBe('2010');
    expect(dateTicks(Number.NaN, 3, 8)).toEqual([]);
  });
});
