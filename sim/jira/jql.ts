/**
 * A JQL parser for the subset a sync needs: clauses joined by AND / OR / NOT with parentheses,
 * operators = != > >= < <= ~ !~ IN, NOT IN, IS, IS NOT, quoted and unquoted values, lists,
 * functions such as now() or currentUser(), and ORDER BY (at most 7 fields).
 * Syntax errors throw JqlError with messages worded like Jira's.
 */

export class JqlError extends Error {}

export type JqlValue =
  | { kind: 'string'; text: string; quoted: boolean }
  | { kind: 'func'; name: string }
  | { kind: 'empty' };

export type JqlOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export type JqlNode =
  | { kind: 'clause'; field: string; op: JqlOp; values: JqlValue[] }
  | { kind: 'and' | 'or'; items: JqlNode[] }
  | { kind: 'not'; item: JqlNode };

export interface JqlOrder {
  field: string;
  dir: 'asc' | 'desc';
}

export interface JqlQuery {
  where: JqlNode | null;
  orderBy: JqlOrder[];
}

interface Token {
  type: 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma' | 'end';
  text: string;
  pos: number;
}

const OPERATORS = "'=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'";

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const pos = i;
    if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ type: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'comma', text: ch, pos });
      i++;
    } else if (ch === '"' || ch === "'") {
      let text = '';
      i++;
      while (i < src.length && src[i] !== ch) {
        if (src[i] === '\\' && i + 1 < src.length) i++;
        text += src[i];
        i++;
      }
      if (i >= src.length)
        throw new JqlError(
          `Error in the JQL Query: The quoted string '${text}' has not been completed. (line 1, character ${pos + 1})`,
        );
      i++;
      out.push({ type: 'string', text, pos });
    } else if ('=!<>~'.includes(ch)) {
      const two = src.slice(i, i + 2);
      const op = ['!=', '>=', '<=', '!~'].includes(two) ? two : ch;
      if (op === '!')
        throw new JqlError(
          `Error in the JQL Query: The character '!' is a reserved JQL character. You must enclose it in a string or use the escape '\\u0021' instead. (line 1, character ${pos + 1})`,
        );
      out.push({ type: 'op', text: op, pos });
      i += op.length;
    } else {
      let text = '';
      while (i < src.length && !/[\s(),"'=!<>~]/.test(src[i]!)) text += src[i++];
      out.push({ type: 'word', text, pos });
    }
  }
  out.push({ type: 'end', text: '', pos: src.length });
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(): Token {
    return this.toks[this.i]!;
  }
  private next(): Token {
    return this.toks[this.i++]!;
  }
  private isWord(word: string, offset = 0): boolean {
    const t = this.toks[this.i + offset];
    return t?.type === 'word' && t.text.toLowerCase() === word;
  }
  private fail(expected: string, t: Token): never {
    const got = t.type === 'end' ? 'EOF' : t.text;
    throw new JqlError(
      `Error in the JQL Query: Expecting ${expected} but got '${got}'. (line 1, character ${t.pos + 1})`,
    );
  }

  parse(): JqlQuery {
    let where: JqlNode | null = null;
    if (!this.isWord('order') && this.peek().type !== 'end') where = this.or();
    const orderBy: JqlOrder[] = [];
    if (this.isWord('order')) {
      this.next();
      if (!this.isWord('by')) this.fail("'by'", this.peek());
      this.next();
      do {
        if (orderBy.length > 0) this.next();
        const t = this.next();
        if (t.type !== 'word' && t.type !== 'string') this.fail('a field name', t);
        let dir: 'asc' | 'desc' = 'asc';
        if (this.isWord('asc') || this.isWord('desc')) dir = this.next().text.toLowerCase() as 'asc' | 'desc';
        orderBy.push({ field: t.text, dir });
      } while (this.peek().type === 'comma');
      if (orderBy.length > 7) throw new JqlError('The ORDER BY clause can contain at most 7 fields.');
    }
    if (this.peek().type !== 'end') this.fail("either 'OR' or 'AND'", this.peek());
    return { where, orderBy };
  }

  private or(): JqlNode {
    const items = [this.and()];
    while (this.isWord('or')) {
      this.next();
      items.push(this.and());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private and(): JqlNode {
    const items = [this.unary()];
    while (this.isWord('and')) {
      this.next();
      items.push(this.unary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private unary(): JqlNode {
    if (this.isWord('not') && !this.isWord('in', 1)) {
      this.next();
      return { kind: 'not', item: this.unary() };
    }
    if (this.peek().type === 'lparen') {
      this.next();
      const inner = this.or();
      if (this.peek().type !== 'rparen') this.fail("')'", this.peek());
      this.next();
      return inner;
    }
    return this.clause();
  }

  private clause(): JqlNode {
    const f = this.next();
    if (f.type !== 'word' && f.type !== 'string') this.fail('a field name', f);
    const field = f.text;
    let op: JqlOp;
    const t = this.peek();
    if (t.type === 'op') op = this.next().text as JqlOp;
    else if (this.isWord('in')) {
      this.next();
      op = 'in';
    } else if (this.isWord('not') && this.isWord('in', 1)) {
      this.i += 2;
      op = 'not in';
    } else if (this.isWord('is')) {
      this.next();
      op = 'is';
      if (this.isWord('not')) {
        this.next();
        op = 'is not';
      }
    } else {
      throw new JqlError(
        `Error in the JQL Query: Expecting operator but got '${t.type === 'end' ? 'EOF' : t.text}'. The valid operators are ${OPERATORS}. (line 1, character ${t.pos + 1})`,
      );
    }
    const values: JqlValue[] = [];
    if (op === 'in' || op === 'not in') {
      if (this.peek().type !== 'lparen') this.fail("'('", this.peek());
      this.next();
      for (;;) {
        values.push(this.value());
        if (this.peek().type === 'comma') this.next();
        else break;
      }
      if (this.peek().type !== 'rparen') this.fail("')'", this.peek());
      this.next();
    } else {
      values.push(this.value());
    }
    return { kind: 'clause', field, op, values };
  }

  private value(): JqlValue {
    const t = this.next();
    if (t.type === 'string') return { kind: 'string', text: t.text, quoted: true };
    if (t.type !== 'word') this.fail('either a value, list or function', t);
    const lower = t.text.toLowerCase();
    if (lower === 'empty' || lower === 'null') return { kind: 'empty' };
    if (this.peek().type === 'lparen') {
      this.next();
      while (this.peek().type !== 'rparen' && this.peek().type !== 'end') this.next();
      if (this.peek().type !== 'rparen') this.fail("')'", this.peek());
      this.next();
      return { kind: 'func', name: lower };
    }
    return { kind: 'string', text: t.text, quoted: false };
  }
}

export function parseJql(src: string): JqlQuery {
  return new Parser(tokenize(src)).parse();
}
