/** Parsing of the query/body parameters shared by the work item endpoints (numbers or strings, any case). */
import type { SimResponse } from '../common/server.js';
import { ERR } from './errors.js';
import { parseDateParam } from './format.js';
import { findField } from './process.js';

export type Expand = 'none' | 'relations' | 'fields' | 'links' | 'all';
const EXPANDS: readonly Expand[] = ['none', 'relations', 'fields', 'links', 'all'];

/** `$expand`: a name (any case) or node-api's number (None 0 ... All 4). */
export function parseExpand(raw: unknown): Expand | SimResponse {
  if (raw === undefined || raw === null || raw === '') return 'none';
  const s = String(raw).trim().toLowerCase();
  const byNumber = /^\d+$/.test(s) ? EXPANDS[Number(s)] : undefined;
  const found = byNumber ?? EXPANDS.find((e) => e === s);
  return found ?? ERR.badArgument(`The value '${String(raw)}' is not valid for parameter $expand.`);
}

/** `errorPolicy`: fail | omit, or node-api's Fail 1 / Omit 2. */
export function parseErrorPolicy(raw: unknown): 'fail' | 'omit' | SimResponse {
  if (raw === undefined || raw === null || raw === '') return 'fail';
  const s = String(raw).trim().toLowerCase();
  if (s === 'fail' || s === '1') return 'fail';
  if (s === 'omit' || s === '2') return 'omit';
  return ERR.badArgument(`The value '${String(raw)}' is not valid for parameter errorPolicy.`);
}

export function parseIds(raw: unknown, limit: number): number[] | SimResponse {
  const parts = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string' && raw.trim()
      ? raw.split(',')
      : [];
  if (parts.length === 0) return ERR.badArgument('Value cannot be null.\r\nParameter name: ids');
  const ids: number[] = [];
  for (const p of parts) {
    const n = Number(p.trim());
    if (!Number.isInteger(n) || n <= 0)
      return ERR.badArgument(`The value '${p}' is not a valid work item id.`);
    ids.push(n);
  }
  if (ids.length > limit) return ERR.tooManyIds(ids.length, limit);
  return ids;
}

/** Field reference names, validated (unknown names answer TF51535). */
export function parseFields(raw: unknown): string[] | undefined | SimResponse {
  const parts = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string' && raw.trim()
      ? raw.split(',')
      : undefined;
  if (!parts) return undefined;
  const out: string[] = [];
  for (const p of parts) {
    const f = findField(p.trim());
    if (!f) return ERR.fieldNotFound(p.trim());
    out.push(f.referenceName);
  }
  return out;
}

export function parseAsOf(raw: unknown): number | undefined | SimResponse {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const ms = parseDateParam(String(raw));
  return ms ?? ERR.badArgument(`The value '${String(raw)}' is not a valid date for parameter asOf.`);
}

export function isResponse(v: unknown): v is SimResponse {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'status' in v;
}

/** A non-negative integer query parameter (undefined when absent, an error when malformed). */
export function parseCount(raw: string | null, name: string): number | undefined | SimResponse {
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    return ERR.badArgument(`The value '${raw}' is not valid for parameter ${name}.`);
  return n;
}
