/** JQL builders. Bounds are epoch milliseconds: string dates are read in the API user's time zone and skip items. */

/** A JQL string literal. */
export function quote(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** Issues of a project updated at or after `sinceMs` (all of them without it), oldest change first, stable. */
export function updatedSinceJql(projectKey: string, sinceMs?: number): string {
  const bound = sinceMs === undefined ? '' : ` AND updated >= ${Math.floor(sinceMs)}`;
  return `project = ${quote(projectKey)}${bound} ORDER BY updated ASC, id ASC`;
}

/** Every issue of a project (for the census and the count). */
export function projectJql(projectKey: string): string {
  return `project = ${quote(projectKey)}`;
}

/** Specific issues by key (retries of items that failed to map). */
export function keysJql(projectKey: string, keys: string[]): string {
  return `project = ${quote(projectKey)} AND key in (${keys.map((key) => quote(key)).join(', ')}) ORDER BY id ASC`;
}

/** Every issue of the given projects (the field sample of `worksync fields`). */
export function projectsJql(projectKeys: string[]): string {
  return `project in (${projectKeys.map((key) => quote(key)).join(', ')})`;
}
