import { describe, expect, it } from 'vitest';
import { readAhead } from './prefetch.js';

describe('readAhead', () => {
  it('produces the next element while the consumer works on the current one, in order', async () => {
    const log: string[] = [];
    async function* source() {
      for (const n of [1, 2, 3]) {
        log.push(`produce ${n}`);
        yield n;
      }
    }
    const seen: number[] = [];
    for await (const n of readAhead(source())) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`consumed ${n}`);
      seen.push(n);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(log.indexOf('produce 2')).toBeLessThan(log.indexOf('consumed 1'));
  });

  it('surfaces the source failure where it is reached, and closes the source when the consumer stops', async () => {
    async function* failing() {
      yield 1;
      throw new Error('page 2 failed');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of readAhead(failing())) seen.push(n);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1]);

    let closed = false;
    async function* endless() {
      try {
        for (let n = 0; ; n++) yield n;
      } finally {
        closed = true;
      }
    }
    for await (const n of readAhead(endless())) if (n === 2) break;
    expect(closed).toBe(true);
  });
});
