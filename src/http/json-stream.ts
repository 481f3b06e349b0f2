/**
 * Reads a JSON object as its text streams in, handing each object or array element of the top-level
 * array `arrayKey` to `onElement` as soon as it is complete (parsed on its own). Neither the whole text
 * nor the whole parsed answer is ever held: a bulk answer of 10,000 changelog histories costs one
 * element at a time instead of ~10 MB of text plus its objects. Returns the rest of the object, where
 * each element handed on is replaced by 0. Throws SyntaxError on malformed or truncated text.
 */
export async function readJsonStreaming(
  chunks: AsyncIterable<string>,
  arrayKey: string,
  onElement: (element: unknown) => void,
): Promise<Record<string, unknown>> {
  const rest: string[] = [];
  let element: string[] | undefined;
  let depth = 0;
  let inString = false;
  // A backslash ended the previous chunk inside a string: the next character is escaped.
  let escaped = false;
  // The raw text of the string being read directly inside the top-level object (a key or a value).
  let topString: string[] | undefined;
  let lastTopString = '';
  let inArray = false;
  const structural = /["{}[\]]/g;
  const stringEnd = /["\\]/g;

  for await (const chunk of chunks) {
    let from = 0;
    let topFrom = 0;
    const flush = (to: number) => {
      if (to > from) (element ?? rest).push(chunk.slice(from, to));
      from = to;
    };
    let i = escaped ? 1 : 0;
    escaped = false;
    while (i < chunk.length) {
      if (inString) {
        stringEnd.lastIndex = i;
        const found = stringEnd.exec(chunk);
        if (!found) {
          i = chunk.length;
          break;
        }
        const at = found.index;
        if (chunk[at] === '\\') {
          escaped = at + 1 >= chunk.length;
          i = at + 2;
          continue;
        }
        inString = false;
        if (topString) {
          topString.push(chunk.slice(topFrom, at));
          lastTopString = JSON.parse(`"${topString.join('')}"`) as string;
          topString = undefined;
        }
        i = at + 1;
        continue;
      }
      structural.lastIndex = i;
      const found = structural.exec(chunk);
      if (!found) break;
      const at = found.index;
      const c = chunk[at];
      i = at + 1;
      if (c === '"') {
        inString = true;
        if (depth === 1 && !element) {
          topString = [];
          topFrom = i;
        }
      } else if (c === '{' || c === '[') {
        if (inArray && !element && depth === 2) {
          flush(at);
          rest.push('0');
          element = [];
        } else if (depth === 1 && c === '[' && lastTopString === arrayKey) inArray = true;
        depth++;
      } else {
        depth--;
        if (depth < 0) throw new SyntaxError('unbalanced JSON text');
        if (element && depth === 2) {
          flush(at + 1);
          onElement(JSON.parse(element.join('')));
          element = undefined;
        } else if (inArray && depth === 1) inArray = false;
      }
    }
    if (inString && topString) topString.push(chunk.slice(topFrom));
    flush(chunk.length);
  }
  if (depth !== 0 || inString || element) throw new SyntaxError('truncated JSON text');
  const parsed: unknown = JSON.parse(rest.join(''));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new SyntaxError('expected a JSON object');
  return parsed as Record<string, unknown>;
}
