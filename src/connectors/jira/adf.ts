/** An Atlassian Document Format node, as far as plain-text extraction needs it. */
export interface AdfNode {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
}

const BLOCKS = new Set([
  'paragraph',
  'heading',
  'blockquote',
  'codeBlock',
  'panel',
  'rule',
  'mediaSingle',
  'mediaGroup',
  'expand',
  'nestedExpand',
  'taskItem',
  'decisionItem',
  'listItem',
  'tableRow',
]);

function attr(node: AdfNode, name: string): string | undefined {
  const value = node.attrs?.[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Inline nodes that carry their text in attributes rather than `text`. */
function inlineText(node: AdfNode): string | undefined {
  switch (node.type) {
    case 'text':
      return node.text ?? '';
    case 'hardBreak':
      return '\n';
    case 'mention':
      return attr(node, 'text') ?? '@user';
    case 'emoji':
      return attr(node, 'text') ?? attr(node, 'shortName') ?? '';
    case 'inlineCard':
    case 'blockCard':
    case 'embedCard':
      return attr(node, 'url') ?? '';
    case 'status':
      return attr(node, 'text') ?? '';
    case 'date': {
      const ts = Number(attr(node, 'timestamp'));
      return Number.isFinite(ts) ? new Date(ts).toISOString().slice(0, 10) : '';
    }
    case 'media':
      return attr(node, 'alt') ?? '';
    default:
      return undefined;
  }
}

function render(node: AdfNode, out: string[], prefix: string): void {
  const inline = inlineText(node);
  if (inline !== undefined) {
    out.push(inline);
    return;
  }
  const children = node.content ?? [];
  switch (node.type) {
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
    case 'decisionList': {
      const start = Number(attr(node, 'order') ?? 1);
      children.forEach((child, index) => {
        const marker = node.type === 'orderedList' ? `${start + index}. ` : '- ';
        const item: string[] = [];
        renderChildren(child, item, `${prefix}  `);
        out.push(prefix, marker, item.join('').replace(/\n+$/, ''), '\n');
      });
      return;
    }
    case 'table':
      for (const row of children) {
        const cells = (row.content ?? []).map((cell) => toPlainText(cell).replace(/\n+/g, ' ').trim());
        out.push(cells.join(' | '), '\n');
      }
      return;
    case 'rule':
      out.push('---\n');
      return;
    default:
      // Unknown nodes keep their text: render their children.
      renderChildren(node, out, prefix);
      if (
        node.type !== undefined &&
        BLOCKS.has(node.type) &&
        node.type !== 'listItem' &&
        !endsWithNewline(out)
      ) {
        out.push('\n');
      }
  }
}

function endsWithNewline(out: string[]): boolean {
  for (let i = out.length - 1; i >= 0; i--) {
    const part = out[i]!;
    if (part !== '') return part.endsWith('\n');
  }
  return true;
}

function renderChildren(node: AdfNode, out: string[], prefix: string): void {
  const children = node.content ?? [];
  children.forEach((child, index) => {
    render(child, out, prefix);
    // Paragraphs inside a list item are separated by a line break.
    if (node.type === 'listItem' && index < children.length - 1 && out[out.length - 1] !== '\n')
      out.push('\n');
  });
}

/**
 * Plain text of an ADF document: blocks on their own lines, list items with markers, table rows with
 * `|` between cells, mentions/emoji/cards by their text; unknown nodes keep their text. A plain string
 * (v2 or a text field) is returned as it is; null for an empty document.
 */
export function toPlainText(doc: unknown): string {
  if (typeof doc === 'string') return doc;
  if (doc === null || typeof doc !== 'object') return '';
  const out: string[] = [];
  render(doc as AdfNode, out, '');
  return out
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
