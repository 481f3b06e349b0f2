/**
 * JSON for PostgreSQL parameters. `JSON.stringify` escapes lone UTF-16 surrogates (`\ud83c`) and NUL
 * (`\u0000`), which jsonb rejects; text cut in the middle of an emoji is real-world data, so both become
 * U+FFFD instead of failing the whole page. Escapes preceded by an escaped backslash are left alone.
 */
export function toJsonParam(value: unknown): string {
  return jsonSafe(JSON.stringify(value));
}

/** `toJsonParam` of an array whose elements are already JSON text (each stringified once, by the caller). */
export function jsonArrayParam(elements: string[]): string {
  return jsonSafe(`[${elements.join(',')}]`);
}

function jsonSafe(text: string): string {
  if (!text.includes('\\u')) return text;
  return text.replace(/(?<!\\)((?:\\\\)*)\\u(?:[dD][89a-fA-F][0-9a-fA-F]{2}|0000)/g, '$1\\ufffd');
}

/** Text for a text column: NUL is not allowed in PostgreSQL text. */
export function cleanText(value: string | null): string | null {
  return value?.includes('\u0000') ? value.replaceAll('\u0000', '\ufffd') : value;
}
