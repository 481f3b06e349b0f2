/**
 * A `text[]` parameter as PostgreSQL's array literal (`{"a","b\"c",NULL}`), built by the writers before
 * their transaction opens instead of by the driver while it is open. Both adapters pass a string
 * parameter through unchanged, and `$n::text[]` parses it on the server. NUL, not allowed in text,
 * becomes U+FFFD.
 */
export function textArray(values: readonly (string | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    parts[i] = value == null ? 'NULL' : `"${quoted(value)}"`;
  }
  return `{${parts.join(',')}}`;
}

function quoted(value: string): string {
  let text = value;
  if (text.includes('\u0000')) text = text.replaceAll('\u0000', '\ufffd');
  if (text.includes('\\')) text = text.replaceAll('\\', '\\\\');
  if (text.includes('"')) text = text.replaceAll('"', '\\"');
  return text;
}
