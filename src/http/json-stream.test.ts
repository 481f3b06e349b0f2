import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonStreaming } from './json-stream.js';

async function* pieces(text: string, cuts: number[]): AsyncIterable<string> {
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= from || cut >= text.length) continue;
    yield text.slice(from, cut);
    from = cut;
  }
  yield text.slice(from);
}

async function read(text: string, cuts: number[]) {
  const elements: unknown[] = [];
  const rest = await readJsonStreaming(pieces(text, cuts), 'logs', (e) => elements.push(e));
  return { elements, rest };
}

const answer = {
  before: 'logs',
  other: [{ a: [1, { b: '}' }] }, 'x'],
  logs: [
    { id: '1', text: 'quote " and \\ backslash, {braces} [brackets]', items: [{ x: null }, []] },
    { id: '2', text: 'ünïcødé 李小龙 🚀 \u0001', nested: { logs: [{ deep: true }] } },
    [1, 2, { three: 3 }],
    'a plain string',
    42,
  ],
  nextPageToken: 'abc"def\\',
  empty: {},
};

describe('readJsonStreaming', () => {
  it('hands on each object or array element of the named array, and returns the rest, however the text is cut', async () => {
    const text = JSON.stringify(answer);
    const expectedElements = answer.logs.filter((e) => typeof e === 'object');
    const expectedRest = {
      ...answer,
      logs: answer.logs.map((e) => (typeof e === 'object' ? 0 : e)),
    };
    // Every single cut position, then random sets of cuts (down to one character per chunk).
    for (let cut = 0; cut <= text.length; cut++) {
      const { elements, rest } = await read(text, [cut]);
      expect(elements).toEqual(expectedElements);
      expect(rest).toEqual(expectedRest);
    }
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(text.length), { maxLength: 60 }), async (cuts) => {
        const { elements, rest } = await read(text, cuts);
        expect(elements).toEqual(expectedElements);
        expect(rest).toEqual(expectedRest);
      }),
    );
    const oneByOne = await read(
      text,
      [...text].map((_, i) => i),
    );
    expect(oneByOne.elements).toEqual(expectedElements);
  });

  it('equals JSON.parse for any JSON object with the named array', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue()))),
        fc.array(fc.nat(2000), { maxLength: 20 }),
        async (others, logs, cuts) => {
          const value = { ...others, logs };
          const text = JSON.stringify(value, null, cuts.length % 2 === 0 ? undefined : 1);
          const { elements, rest } = await read(text, cuts);
          expect(elements).toEqual(JSON.parse(JSON.stringify(logs)));
          expect(rest).toEqual(JSON.parse(JSON.stringify({ ...value, logs: logs.map(() => 0) })));
        },
      ),
    );
  });

  it('rejects truncated or malformed text', async () => {
    const text = JSON.stringify(answer);
    for (const cut of [1, 20, text.indexOf('quote'), text.length - 1]) {
      await expect(read(text.slice(0, cut), [])).rejects.toThrow(SyntaxError);
    }
    await expect(read('', [])).rejects.toThrow(SyntaxError);
    await expect(read('[1]', [])).rejects.toThrow(SyntaxError);
  });
});
