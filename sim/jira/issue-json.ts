import { FIELD_BY_ID, FIELDS, type FieldDef } from './fields.js';
import { historyJson, type Json, type RenderEnv } from './render.js';
import type { JiraStore } from './store.js';
import type { IssueRecord, IssueState } from './types.js';

/**
 * Builds `IssueBean`s: the `fields` selection (`*all`, `*navigable`, ids, `-exclusions`), the
 * `expand` options the simulator honours (`changelog`, `names`, `schema`) and the embedded,
 * capped, newest-first changelog with an honest `total`.
 */

export interface FieldSelection {
  fields: FieldDef[];
  /** Only `id` and/or `key` were asked for (search pages can then be much larger). */
  idOnly: boolean;
  /** `key` was asked for explicitly. */
  key: boolean;
}

/** Parses repeated and comma-separated `fields` values; `fallback` applies when none is given. */
export function parseFieldSelection(values: readonly string[] | undefined, fallback: string): FieldSelection {
  let tokens = (values ?? [])
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  if (tokens.length === 0) tokens = fallback.split(',');
  const all = tokens.includes('*all');
  const include = tokens.filter((t) => !t.startsWith('-') && !t.startsWith('*'));
  const exclude = new Set(tokens.filter((t) => t.startsWith('-')).map((t) => t.slice(1)));
  const navigable = tokens.includes('*navigable') || (!all && include.length === 0 && exclude.size > 0);
  const wanted = new Set<FieldDef>();
  for (const f of FIELDS) if (all || (navigable && f.navigable)) wanted.add(f);
  for (const id of include) {
    const f = FIELD_BY_ID.get(id);
    if (f) wanted.add(f);
  }
  const fields = FIELDS.filter((f) => wanted.has(f) && !exclude.has(f.id));
  const idOnly = !all && !navigable && include.every((t) => t === 'id' || t === 'key');
  return { fields, idOnly, key: include.includes('key') };
}

export function parseExpand(value: unknown): Set<string> {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return new Set(
    list
      .flatMap((v) => String(v).split(','))
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

export interface IssueJsonOptions {
  selection: FieldSelection;
  expand: Set<string>;
  /** Most histories embedded with `expand=changelog`. */
  changelogCap: number;
  /** Search mode: `{id}` alone when only ids were asked for; `names`/`schema` go on the page, not the issue. */
  bareIdOnly?: boolean;
}

const EXPAND_LIST = 'operations,versionedRepresentations,editmeta,changelog,renderedFields';

export function issueJson(
  store: JiraStore,
  env: RenderEnv,
  issue: IssueRecord,
  state: IssueState,
  opts: IssueJsonOptions,
): Json {
  const wantsChangelog = opts.expand.has('changelog');
  // Search answers `{id}` alone for id-only requests, and no `fields` object for id/key-only ones.
  const bare = opts.bareIdOnly === true && opts.selection.idOnly && !wantsChangelog;
  if (bare && !opts.selection.key) return { id: issue.id };
  const out: Json = {
    expand: EXPAND_LIST,
    id: issue.id,
    self: `${env.base}/rest/api/3/issue/${issue.id}`,
    key: state.key,
  };
  if (bare) return out;
  const ctx = { env, store, issue, state };
  const fields: Json = {};
  for (const f of opts.selection.fields) {
    const v = f.value(ctx);
    if (v !== undefined) fields[f.id] = v;
  }
  if (opts.expand.has('names') && !opts.bareIdOnly) {
    out.names = Object.fromEntries(opts.selection.fields.map((f) => [f.id, f.name]));
  }
  if (opts.expand.has('schema') && !opts.bareIdOnly) {
    out.schema = Object.fromEntries(
      opts.selection.fields.filter((f) => f.schema).map((f) => [f.id, f.schema]),
    );
  }
  out.fields = fields;
  if (wantsChangelog) {
    const all = store.historiesAt(issue, state);
    const histories: Json[] = [];
    for (let i = all.length - 1; i >= 0 && histories.length < opts.changelogCap; i--)
      histories.push(historyJson(env, all[i]!));
    out.changelog = { startAt: 0, maxResults: histories.length, total: all.length, histories };
  }
  return out;
}
