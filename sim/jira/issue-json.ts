import type { JsonText } from '../common/server.js';
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
  if (opts.expand.has('names') && !opts.bareIdOnly) out.names = namesJson(opts.selection);
  if (opts.expand.has('schema') && !opts.bareIdOnly) out.schema = schemaJson(opts.selection);
  out.fields = fields;
  if (wantsChangelog) out.changelog = embeddedChangelog(store, env, issue, state, opts.changelogCap);
  return out;
}

/**
 * Writes issueJson as JSON text (search pages are written as text): the same keys in the same order,
 * the values of fields with cached JSON (users, statuses, types...) copied as bytes.
 */
export function writeIssue(
  out: JsonText,
  store: JiraStore,
  env: RenderEnv,
  issue: IssueRecord,
  state: IssueState,
  opts: IssueJsonOptions,
): void {
  const wantsChangelog = opts.expand.has('changelog');
  if (opts.bareIdOnly === true && opts.selection.idOnly && !wantsChangelog) {
    out.push(JSON.stringify(issueJson(store, env, issue, state, opts)));
    return;
  }
  // Text between cached values is gathered and pushed in one piece (each push is an encoding call).
  let text =
    `{"expand":${JSON.stringify(EXPAND_LIST)},"id":${JSON.stringify(issue.id)},` +
    `"self":${JSON.stringify(`${env.base}/rest/api/3/issue/${issue.id}`)},"key":${JSON.stringify(state.key)}`;
  if (opts.expand.has('names') && !opts.bareIdOnly)
    text += `,"names":${JSON.stringify(namesJson(opts.selection))}`;
  if (opts.expand.has('schema') && !opts.bareIdOnly)
    text += `,"schema":${JSON.stringify(schemaJson(opts.selection))}`;
  text += ',"fields":{';
  const ctx = { env, store, issue, state };
  let first = true;
  for (const f of opts.selection.fields) {
    const key = `${first ? '' : ','}${JSON.stringify(f.id)}:`;
    if (f.cached) {
      out.push(text + key).pushBytes(f.cached(ctx).bytes);
      text = '';
    } else {
      const v = f.value(ctx);
      // JSON.stringify leaves out what it cannot write (undefined), as the object's key would be.
      const json = v === undefined ? undefined : JSON.stringify(v);
      if (json === undefined) continue;
      text += key + json;
    }
    first = false;
  }
  text += '}';
  if (wantsChangelog)
    text += `,"changelog":${JSON.stringify(embeddedChangelog(store, env, issue, state, opts.changelogCap))}`;
  out.push(`${text}}`);
}

/** `names`: each selected field's display name, by id. */
export const namesJson = (selection: FieldSelection): Json =>
  Object.fromEntries(selection.fields.map((f) => [f.id, f.name]));

/** `schema`: each selected field's schema, by id (fields that have one). */
export const schemaJson = (selection: FieldSelection): Json =>
  Object.fromEntries(selection.fields.filter((f) => f.schema).map((f) => [f.id, f.schema]));

/** The changelog `expand=changelog` embeds: newest first, capped, with an honest `total`. */
function embeddedChangelog(
  store: JiraStore,
  env: RenderEnv,
  issue: IssueRecord,
  state: IssueState,
  cap: number,
): Json {
  const all = store.historiesAt(issue, state);
  const histories: Json[] = [];
  for (let i = all.length - 1; i >= 0 && histories.length < cap; i--)
    histories.push(historyJson(env, all[i]!));
  return { startAt: 0, maxResults: histories.length, total: all.length, histories };
}
