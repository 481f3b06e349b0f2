/**
 * A parser for the flat WIQL a sync sends: SELECT fields FROM WorkItems [WHERE condition]
 * [ORDER BY field [ASC|DESC], ...] [ASOF 'date']. Conditions: = <> != > >= < <=, [NOT] IN (...),
 * [NOT] UNDER, [NOT] CONTAINS [WORDS], EVER, IS [NOT] EMPTY, AND / OR / NOT and parentheses; values
 * are literals ('text', "text", numbers), macros (@project, @today - 2, @me, @CurrentIteration) or fields.
 */

export class WiqlError extends Error {}

type Tok = { t: 'field' | 'str' | 'num' | 'word' | 'macro' | 'op'; v: string; start: number; end: number };

export type Value =
  | { kind: 'lit'; raw: string; quoted: boolean }
  | { kind: 'macro'; name: string; offset: number }
  | { kind: 'field'; name: string };

export type Cond =
  | { kind: 'cmp'; field: string; op: '=' | '<>' | '>' | '>=' | '<' | '<='; value: Value; text: string }
  | { kind: 'in'; field: string; values: Value[]; negate: boolean; text: string }
  | { kind: 'under'; field: string; value: Value; negate: boolean; text: string }
  | { kind: 'contains'; field: string; value: Value; negate: boolean; text: string }
  | { kind: 'ever'; field: string; value: Value; text: string }
  | { kind: 'empty'; field: string; negate: boolean; text: string }
  | { kind: 'and' | 'or'; left: Cond; right: Cond }
  | { kind: 'not'; inner: Cond };

export interface Query {
  select: string[];
  from: string;
  where?: Cond;
  orderBy: { field: string; desc: boolean }[];
  asOf?: Value;
}

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const emit = (t: Tok['t'], v: string, length: number) => {
    out.push({ t, v, start: i, end: i + length });
    i += length;
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '[') {
      const end = src.indexOf(']', i);
      if (end < 0) throw new WiqlError(`Expecting ']'. The error is caused by «${src.slice(i, i + 30)}».`);
      out.push({ t: 'field', v: src.slice(i + 1, end).trim(), start, end: end + 1 });
      i = end + 1;
    } else if (ch === "'" || ch === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= src.length)
          throw new WiqlError(
            `Expecting closing quote. The error is caused by «${src.slice(start, start + 30)}».`,
          );
        if (src[i] === ch && src[i + 1] === ch) {
          v += ch;
          i += 2;
        } else if (src[i] === ch) {
          i++;
          break;
        } else v += src[i++];
      }
      out.push({ t: 'str', v, start, end: i });
    } else if (/[0-9]/.test(ch)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      emit('num', m[0], m[0].length);
    } else if (ch === '@') {
      const m = /^@[A-Za-z_][\w]*/.exec(src.slice(i));
      if (!m) throw new WiqlError(`Expecting a macro. The error is caused by «@».`);
      emit('macro', m[0].toLowerCase(), m[0].length);
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][\w.]*/.exec(src.slice(i))!;
      emit('word', m[0], m[0].length);
    } else {
      const m = /^(<>|!=|>=|<=|=|>|<|\(|\)|,|\+|-)/.exec(src.slice(i));
      if (!m) throw new WiqlError(`Unexpected character. The error is caused by «${ch}».`);
      emit('op', m[0] === '!=' ? '<>' : m[0], m[0].length);
    }
  }
  return out;
}

export function parseWiql(src: string): Query {
  const toks = lex(src);
  let p = 0;
  const peek = () => toks[p];
  const isWord = (w: string, k = 0) => toks[p + k]?.t === 'word' && toks[p + k]!.v.toUpperCase() === w;
  const fail = (expect: string): never => {
    const t = peek();
    throw new WiqlError(
      `Expecting ${expect}. The error is caused by «${t ? src.slice(t.start, t.end) : 'end of query'}».`,
    );
  };
  const word = (w: string) => {
    if (!isWord(w)) return false;
    p++;
    return true;
  };
  const need = (w: string) => word(w) || fail(w);
  const op = (v: string) => {
    if (peek()?.t !== 'op' || peek()!.v !== v) return false;
    p++;
    return true;
  };
  const field = (): string => {
    const t = peek();
    if (t && (t.t === 'field' || (t.t === 'word' && t.v.includes('.')))) {
      p++;
      return t.v;
    }
    return fail('field name');
  };
  const value = (): Value => {
    const t = peek();
    if (!t) return fail('value');
    if (t.t === 'str' || t.t === 'num') {
      p++;
      return { kind: 'lit', raw: t.v, quoted: t.t === 'str' };
    }
    if (t.t === 'op' && t.v === '-' && toks[p + 1]?.t === 'num') {
      p += 2;
      return { kind: 'lit', raw: `-${toks[p - 1]!.v}`, quoted: false };
    }
    if (t.t === 'macro') {
      p++;
      let offset = 0;
      const sign = peek();
      if (sign?.t === 'op' && (sign.v === '+' || sign.v === '-') && toks[p + 1]?.t === 'num') {
        offset = Number(toks[p + 1]!.v) * (sign.v === '-' ? -1 : 1);
        p += 2;
      }
      return { kind: 'macro', name: t.v, offset };
    }
    if (t.t === 'field') {
      p++;
      return { kind: 'field', name: t.v };
    }
    if (t.t === 'word' && /^(true|false)$/i.test(t.v)) {
      p++;
      return { kind: 'lit', raw: t.v, quoted: false };
    }
    return fail('value');
  };
  const condition = (): Cond => {
    const start = peek()?.start ?? src.length;
    const text = () => src.slice(start, toks[p - 1]?.end ?? src.length).trim();
    const f = field();
    const t = peek();
    if (t?.t === 'op' && ['=', '<>', '>', '>=', '<', '<='].includes(t.v)) {
      p++;
      const v = value();
      return { kind: 'cmp', field: f, op: t.v as '=', value: v, text: text() };
    }
    const negate = word('NOT');
    if (word('IN')) {
      if (!op('(')) fail('(');
      const values = [value()];
      while (op(',')) values.push(value());
      if (!op(')')) fail(')');
      return { kind: 'in', field: f, values, negate, text: text() };
    }
    if (word('UNDER')) return { kind: 'under', field: f, value: value(), negate, text: text() };
    if (word('CONTAINS')) {
      word('WORDS');
      return { kind: 'contains', field: f, value: value(), negate, text: text() };
    }
    if (!negate && word('EVER')) return { kind: 'ever', field: f, value: value(), text: text() };
    if (!negate && word('IS')) {
      const neg = word('NOT');
      need('EMPTY');
      return { kind: 'empty', field: f, negate: neg, text: text() };
    }
    return fail('an operator');
  };
  const primary = (): Cond => {
    if (word('NOT')) return { kind: 'not', inner: primary() };
    if (op('(')) {
      const c = orExpr();
      if (!op(')')) fail(')');
      return c;
    }
    return condition();
  };
  const andExpr = (): Cond => {
    let left = primary();
    while (word('AND')) left = { kind: 'and', left, right: primary() };
    return left;
  };
  const orExpr = (): Cond => {
    let left = andExpr();
    while (word('OR')) left = { kind: 'or', left, right: andExpr() };
    return left;
  };

  need('SELECT');
  const select = [field()];
  while (op(',')) select.push(field());
  need('FROM');
  const from = peek()?.t === 'word' ? peek()!.v : fail('WorkItems');
  p++;
  const q: Query = { select, from, orderBy: [] };
  if (word('WHERE')) q.where = orExpr();
  if (word('ORDER')) {
    need('BY');
    do {
      const f = field();
      const desc = word('DESC');
      if (!desc) word('ASC');
      q.orderBy.push({ field: f, desc });
    } while (op(','));
  }
  if (word('ASOF')) q.asOf = value();
  if (p < toks.length) fail('end of query');
  return q;
}
