import { Rng } from '../common/rng.js';
import { AWKWARD_TEXT, loremWords } from '../common/vocabulary.js';
import type { AdfNode, UserRecord } from './types.js';

/**
 * Atlassian Document Format descriptions with awkward content: headings, lists, code, tables,
 * panels, mentions, emoji, inline cards, marks, hard breaks, very long text and unicode.
 * Generated from a seed on demand so 200k issues cost no memory for their descriptions.
 */

const text = (t: string, marks?: AdfNode['marks']): AdfNode =>
  marks ? { type: 'text', text: t, marks } : { type: 'text', text: t };
const para = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });

function inline(rng: Rng, users: readonly UserRecord[]): AdfNode[] {
  const out: AdfNode[] = [text(rng.pick(AWKWARD_TEXT))];
  const roll = rng.int(0, 6);
  if (roll === 0) {
    const u = users[rng.int(1, users.length - 2)]!;
    out.push(text(' cc '), {
      type: 'mention',
      attrs: { id: u.accountId, text: `@${u.displayName}`, accessLevel: '', userType: 'DEFAULT' },
    });
  } else if (roll === 1) {
    out.push(text(' '), { type: 'emoji', attrs: { shortName: ':rocket:', id: '1f680', text: '🚀' } });
  } else if (roll === 2) {
    out.push(
      { type: 'hardBreak' },
      text('bold', [{ type: 'strong' }]),
      text(' and '),
      text('code()', [{ type: 'code' }]),
    );
  } else if (roll === 3) {
    out.push(text(' see '), {
      type: 'inlineCard',
      attrs: { url: 'https://example.com/wiki/spaces/ENG/pages/12345' },
    });
  } else if (roll === 4) {
    out.push(
      text(' link', [{ type: 'link', attrs: { href: 'https://example.com/?q=a&b=“c”' } }, { type: 'em' }]),
    );
  }
  return out;
}

function block(rng: Rng, users: readonly UserRecord[]): AdfNode {
  switch (rng.int(0, 9)) {
    case 0:
      return {
        type: 'heading',
        attrs: { level: rng.int(1, 4) },
        content: [text(rng.pick(AWKWARD_TEXT).slice(0, 40))],
      };
    case 1:
    case 2: {
      const kind = rng.chance(0.5) ? 'bulletList' : 'orderedList';
      const items: AdfNode[] = [];
      for (let i = rng.int(1, 4); i > 0; i--)
        items.push({ type: 'listItem', content: [para(...inline(rng, users))] });
      return kind === 'orderedList'
        ? { type: kind, attrs: { order: 1 }, content: items }
        : { type: kind, content: items };
    }
    case 3:
      return {
        type: 'codeBlock',
        attrs: { language: rng.pick(['sql', 'typescript', 'bash']) },
        content: [text("SELECT * FROM t WHERE name = 'O''Brien';\n\tprintf(\"%s\\n\", x);")],
      };
    case 4: {
      const row = (cell: string, values: string[]): AdfNode => ({
        type: 'tableRow',
        content: values.map((v) => ({ type: cell, attrs: {}, content: [para(text(v))] })),
      });
      return {
        type: 'table',
        attrs: { isNumberColumnEnabled: false, layout: 'default' },
        content: [
          row('tableHeader', ['Step', 'Résultat']),
          row('tableCell', ['1', '✅ ok']),
          row('tableCell', ['2', '❌ 失败']),
        ],
      };
    }
    case 5:
      return {
        type: 'panel',
        attrs: { panelType: rng.pick(['info', 'warning', 'error', 'note']) },
        content: [para(...inline(rng, users))],
      };
    case 6:
      return para(text(loremWords(rng, rng.chance(0.2) ? 2500 : 60)));
    default:
      return para(...inline(rng, users));
  }
}

/** A description document for `seed`, or null (empty description) for about one issue in eight. */
export function generateDescription(seed: number, users: readonly UserRecord[]): AdfNode | null {
  const rng = new Rng(seed);
  if (rng.chance(0.125)) return null;
  const content: AdfNode[] = [];
  for (let i = rng.int(1, 6); i > 0; i--) content.push(block(rng, users));
  return { version: 1, type: 'doc', content };
}

/** A one-paragraph document holding `value` (used by the control API for plain-text descriptions). */
export function adfFromText(value: string): AdfNode {
  return { version: 1, type: 'doc', content: [para(text(value))] };
}
