import { describe, expect, it } from 'vitest';
import { jsonArrayParam, toJsonParam } from './json.js';

describe('JSON parameters', () => {
  it('replaces lone surrogates and NUL, keeps pairs and escaped backslashes', () => {
    const lone = '🚀'.slice(0, 1);
    const text = toJsonParam({ a: `x${lone}y`, b: 'ok 🚀', c: 'nul\u0000', d: '\\ud83c literal' });
    expect(JSON.parse(text)).toEqual({ a: 'x\ufffdy', b: 'ok 🚀', c: 'nul\ufffd', d: '\\ud83c literal' });
  });

  it('joins elements already stringified into the same text as toJsonParam of the array', () => {
    const rows = [{ a: `x${'🚀'.slice(0, 1)}` }, { b: 'nul\u0000', c: ['\\u0000'] }, {}];
    expect(jsonArrayParam(rows.map((r) => JSON.stringify(r)))).toBe(toJsonParam(rows));
    expect(jsonArrayParam([])).toBe('[]');
  });
});
