import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { textArray } from '../../src/store/text-array.js';
import { backends } from '../support/databases.js';

const asServerReadsIt = (values: (string | null)[]) =>
  values.map((v) => v?.replaceAll('\u0000', '\ufffd') ?? null);

for (const backend of backends()) {
  describe(`textArray on ${backend.name}`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ db, drop } = await backend.create());
    });
    afterAll(() => drop());

    const roundTrip = async (values: (string | null)[]) => {
      const [row] = await db.query<{ v: (string | null)[] }>('SELECT $1::text[] AS v', [textArray(values)]);
      return row?.v;
    };

    it('reads back as the same strings and nulls (NUL as U+FFFD)', async () => {
      const fixed = [
        '',
        'NULL',
        'a,b',
        '{x}',
        ' spaced ',
        'q"uote',
        'back\\slash',
        '\\"',
        'nul\u0000',
        null,
        '🚀',
      ];
      expect(await roundTrip(fixed)).toEqual(asServerReadsIt(fixed));
      expect(await roundTrip([])).toEqual([]);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.option(fc.string({ unit: 'grapheme' }), { nil: null })),
          async (values) => {
            expect(await roundTrip(values)).toEqual(asServerReadsIt(values));
          },
        ),
        { numRuns: 50 },
      );
    });
  });
}
