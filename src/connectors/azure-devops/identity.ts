/**
 * A person's display name from an ADO identity: an IdentityRef object (`{displayName, uniqueName}`),
 * the reporting API's `{id, uniqueName}`, or a legacy string "Jamal Hartnett <jamal@fabrikam.com>".
 */
export function identityName(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const name = value.replace(/\s*<[^>]*>\s*$/, '').trim();
    return name === '' ? null : name;
  }
  if (typeof value === 'object') {
    const o = value as { displayName?: unknown; uniqueName?: unknown; name?: unknown };
    for (const candidate of [o.displayName, o.name, o.uniqueName]) {
      if (typeof candidate === 'string' && candidate.trim() !== '') return identityName(candidate);
    }
  }
  return null;
}
