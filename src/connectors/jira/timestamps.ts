/**
 * Jira timestamps come as ISO 8601 with a colon-less offset (`2024-03-05T14:22:10.123+1100`), with `Z`
 * or a colon offset (agile dates), or as epoch numbers (bulk changelog examples, seconds or ms).
 * Returns a UTC Date, or null for null/empty/unreadable input.
 */
export function parseJiraTime(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return new Date(value < 1e11 ? value * 1000 : value);
  if (typeof value !== 'string') return null;
  if (/^\d+$/.test(value)) return parseJiraTime(Number(value));
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? null : new Date(ms);
}
