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

/** Could be a surrogate or NUL escape (escaped backslashes are told apart by the replacement only). */
const SUSPECT = /\\u(?:[dD][89a-fA-F]|0000)/;

function jsonSafe(text: string): string {
  if (!SUSPECT.test(text)) return text;
  return text.replace(/(?<!\\)((?:\\\\)*)\\u(?:[dD][89a-fA-F][0-9a-fA-F]{2}|0000)/g, '$1\\ufffd');
}
