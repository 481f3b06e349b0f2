/** Formatting shared by the renderers: timestamps, GUIDs, identities and URLs as Azure DevOps writes them. */
import { isoSeconds } from '../common/iso-seconds.js';
import type { Rng } from '../common/rng.js';
import type { Person } from './model.js';

export const DAY_MS = 86_400_000;
/** System.RevisedDate of the latest revision. */
export const REVISED_SENTINEL = '9999-01-01T00:00:00Z';

/** `.sss` with its trailing zeros trimmed, by millisecond (`` for 0, `.12` for 120, `.005` for 5). */
const FRACTION = Array.from({ length: 1000 }, (_, n) =>
  n === 0 ? '' : `.${String(n).padStart(3, '0').replace(/0+$/, '')}`,
);

/** UTC ISO 8601 with trailing zeros of the milliseconds trimmed: `...:00.12Z`, `...:00Z`. */
export function adoDate(ms: number): string {
  const seconds = isoSeconds(ms);
  if (seconds !== undefined) return `${seconds}${FRACTION[ms % 1000]}Z`;
  const iso = new Date(ms).toISOString();
  // The common shape YYYY-MM-DDTHH:mm:ss.sssZ without splitting (a hot path of the reporting stream).
  if (iso.length === 24) {
    if (iso[22] !== '0') return iso;
    if (iso[21] !== '0') return `${iso.slice(0, 22)}Z`;
    return iso[20] !== '0' ? `${iso.slice(0, 21)}Z` : `${iso.slice(0, 19)}Z`;
  }
  const [main, frac = '000Z'] = iso.split('.');
  const digits = frac.slice(0, 3).replace(/0+$/, '');
  return digits ? `${main}.${digits}Z` : `${main}Z`;
}

/** A random (v4-shaped) GUID drawn from the seeded generator. */
export function guid(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
  const variant = (8 + rng.int(0, 3)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/** What every renderer needs to build absolute URLs. */
export interface UrlCtx {
  base: string;
  org: string;
  people: readonly Person[];
}

export const orgUrl = (c: UrlCtx): string => `${c.base}/${encodeURIComponent(c.org)}`;

export function identityRef(c: UrlCtx, p: Person): Record<string, unknown> {
  const avatar = `${orgUrl(c)}/_apis/GraphProfile/MemberAvatars/${p.descriptor}`;
  return {
    displayName: p.displayName,
    url: `${c.base}/_vssps/${encodeURIComponent(c.org)}/_apis/Identities/${p.id}`,
    _links: { avatar: { href: avatar } },
    id: p.id,
    uniqueName: p.email,
    imageUrl: avatar,
    descriptor: p.descriptor,
  };
}

/** The legacy identity string the reporting API returns without includeIdentityRef. */
export const identityString = (p: Person): string => `${p.displayName} <${p.email}>`;

/** `revisedBy` of an update: an IdentityReference (adds the legacy `name`). */
export function identityReference(c: UrlCtx, p: Person): Record<string, unknown> {
  const ref = identityRef(c, p);
  return { id: p.id, name: identityString(p), ...ref };
}

export function workItemUrl(c: UrlCtx, id: number, projectId?: string): string {
  return projectId
    ? `${orgUrl(c)}/${projectId}/_apis/wit/workItems/${id}`
    : `${orgUrl(c)}/_apis/wit/workItems/${id}`;
}

export function fieldUrl(c: UrlCtx, refName: string): string {
  return `${orgUrl(c)}/_apis/wit/fields/${refName}`;
}

/** Parses a date from a query string or body: ISO 8601 or RFC 1123 (`Date.toUTCString()`). */
export function parseDateParam(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** ASCII e-mail local part for a display name (falls back to `user<n>`). */
export function emailFor(displayName: string, index: number, domain: string): string {
  const ascii = displayName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '');
  return `${ascii || `user${index}`}@${domain}`;
}
