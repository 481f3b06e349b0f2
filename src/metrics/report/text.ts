/** Text helpers of the report: HTML escaping, truncation and number formats. Pure, no I/O. */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Replaces what an HTML document may not contain with U+FFFD: C0 controls (except tab, LF and CR), DEL and
 * lone surrogates. Iterating by code point keeps surrogate pairs (emoji) whole.
 */
function wellFormed(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const bad =
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || (c >= 0xd800 && c <= 0xdfff);
    out += bad ? '\uFFFD' : ch;
  }
  return out;
}

/** Escapes text for HTML and SVG, in element content and in quoted attribute values alike. */
export function esc(value: string | number): string {
  return wellFormed(String(value)).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Shortens text to at most `max` characters (graphemes, so an emoji is never cut in half), ending in "…". */
export function truncate(text: string, max: number): string {
  const chars = Array.from(graphemes.segment(text.replace(/\s+/g, ' ').trim()), (s) => s.segment);
  if (chars.length <= max) return chars.join('');
  return `${chars
    .slice(0, Math.max(1, max - 1))
    .join('')
    .trimEnd()}…`;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A count: 12,345. */
export function formatCount(value: number): string {
  return integer.format(value);
}

/** A duration in days with one decimal (`4.2`), or `-` when unknown. */
export function formatDays(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '-' : oneDecimal.format(value);
}

/** A number for an axis tick: integers as counts, others with one decimal. */
export function formatTick(value: number): string {
  return Number.isInteger(value) ? integer.format(value) : oneDecimal.format(value);
}

/** An ISO instant as `2024-01-31 23:59 UTC`; the text itself when it is not a date. */
export function formatInstant(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A coordinate rounded to 0.1 px, short in the SVG source. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}
