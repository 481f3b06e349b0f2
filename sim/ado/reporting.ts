/**
 * The reporting APIs: work item revisions and work item links in watermark order, in batches with a
 * continuation token that encodes the watermark (so a saved token later returns only newer changes),
 * `isLastBatch` as the end condition and a `nextLink` that is present even on the last batch.
 */

import type { JsonText } from '../common/server.js';
import { advanceCursor, type FieldsCursor, RowWriter, Shape } from './fields-json.js';
import { adoDate } from './format.js';
import type { FieldValue, Item, Project } from './model.js';
import { LINK_TYPES } from './process.js';
import type { FieldSelection, RenderCtx } from './render.js';

export interface RevisionsQuery {
  project?: Project;
  fields?: readonly string[];
  types?: readonly string[];
  /** Watermark already consumed (0: from the start). */
  after: number;
  includeIdentityRef: boolean;
  includeDeleted: boolean;
  includeLatestOnly: boolean;
  expandFields: boolean;
  pageSize: number;
}

/** A batch whose values were written, as a JSON array's elements, to the response body. */
export interface Batch {
  count: number;
  token: string;
  isLastBatch: boolean;
}

/** Parses the watermark out of a continuation token (`<watermark>;<id>;<rev>`). */
export function parseToken(token: string): number | undefined {
  const m = /^(\d+)(;\d+;\d+)?$/.exec(token.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * Each item's stored fields as of the last revision a reporting page rendered short of its latest, so
 * that the next page (or the next stream) goes on from there: replaying every delta since the item's
 * creation, page after page, was much of the stream's cost. Revisions are only ever appended, so a
 * cursor stays valid; one is dropped when it reaches the item's latest revision.
 */
const cursors = new WeakMap<Item, FieldsCursor>();

/**
 * The stored fields of revision `index`, as store.snapshot gives them: the latest revision from
 * item.current (System.History only when that revision set a string) unless the page already went
 * through an earlier revision of the item, any other by replaying the deltas.
 */
function fieldsAt(item: Item, index: number, seenOnPage: boolean): FieldsCursor {
  const last = item.revisions.length - 1;
  let cursor = cursors.get(item);
  if (index === last && !seenOnPage) {
    const fields = { ...item.current };
    const history = item.revisions[index]!.delta['System.History'];
    if (typeof history === 'string') fields['System.History'] = history;
    cursor = { index, fields, shape: Shape.of(fields) };
  } else {
    if (!cursor || cursor.index >= index) cursor = { index: -1, fields: {}, shape: Shape.EMPTY };
    advanceCursor(cursor, item, index);
  }
  if (index === last) cursors.delete(item);
  else cursors.set(item, cursor);
  return cursor;
}

/** Row writers by context and request style: they keep their plans and identity texts between pages. */
const writers = new WeakMap<RenderCtx, Map<string, RowWriter>>();

function rowWriter(c: RenderCtx, q: RevisionsQuery): RowWriter {
  const select: FieldSelection = q.fields
    ? { kind: 'only', names: q.fields }
    : { kind: 'reporting', longText: q.expandFields };
  const identity = q.includeIdentityRef ? 'reporting' : 'string';
  const key = JSON.stringify([identity, q.includeDeleted, select]);
  let byStyle = writers.get(c);
  if (!byStyle) {
    byStyle = new Map();
    writers.set(c, byStyle);
  }
  let writer = byStyle.get(key);
  if (!writer) {
    if (byStyle.size >= 100) byStyle.clear();
    writer = new RowWriter(c, identity, select, q.includeDeleted);
    byStyle.set(key, writer);
  }
  return writer;
}

/** Lower-cased project and type names, cached: they are few, and each revision is filtered on them. */
const LOWER = new Map<string, string>();
function lower(value: FieldValue | undefined): string {
  const text = String(value);
  let out = LOWER.get(text);
  if (out === undefined) {
    out = text.toLowerCase();
    if (LOWER.size >= 10_000) LOWER.clear();
    LOWER.set(text, out);
  }
  return out;
}

/**
 * Writes the batch's rows to `out`, comma-separated (the inside of `values`): straight to text, see
 * fields-json.ts.
 */
export function reportingRevisions(c: RenderCtx, q: RevisionsQuery, out: JsonText): Batch {
  const { store } = c;
  let count = 0;
  /** Items with an earlier revision on this page (store.snapshot's memo in the original loop). */
  const seen = new Set<number>();
  const types = q.types?.map((t) => t.toLowerCase());
  const project = q.project?.name.toLowerCase();
  const writer = rowWriter(c, q);
  let wm = q.after;
  const end = store.watermark;
  while (wm < end && count < q.pageSize) {
    wm++;
    const entry = store.logEntry(wm);
    if (!entry) continue;
    const { item, index } = entry;
    if (item.deleted && !q.includeDeleted) continue;
    if (q.includeLatestOnly && index !== item.revisions.length - 1) continue;
    const { fields, shape } = fieldsAt(item, index, seen.has(item.id));
    seen.add(item.id);
    if (project && lower(fields['System.TeamProject']) !== project) continue;
    if (types && !types.includes(lower(fields['System.WorkItemType']))) continue;
    if (count++ > 0) out.push(',');
    out.push(writer.write(item, index, fields, shape));
  }
  const last = store.log.entry(wm);
  return { count, token: `${wm};${last?.id ?? 0};${(last?.index ?? -1) + 1}`, isLastBatch: wm >= end };
}

export interface LinksQuery {
  project?: Project;
  linkTypes?: readonly string[];
  types?: readonly string[];
  after: number;
  pageSize: number;
}

/** Writes the batch's link events to `out`, as reportingRevisions does. */
export function reportingLinks(c: RenderCtx, q: LinksQuery, out: JsonText): Batch {
  const { store } = c;
  let count = 0;
  const families = q.linkTypes?.map((t) => t.toLowerCase());
  const types = q.types?.map((t) => t.toLowerCase());
  const project = q.project?.name.toLowerCase();
  let seq = q.after;
  const end = store.linkLog.length;
  while (seq < end && count < q.pageSize) {
    seq++;
    const e = store.linkLog[seq - 1]!;
    const t = LINK_TYPES[e.link.family];
    const rel = t.forward.replace(/-Forward$/, '');
    if (
      families &&
      !families.some(
        (f) => f === rel.toLowerCase() || f === t.forward.toLowerCase() || f === t.reverse.toLowerCase(),
      )
    )
      continue;
    const source = store.get(e.link.source) ?? store.get(e.link.target);
    if (project && source && String(source.current['System.TeamProject']).toLowerCase() !== project) continue;
    if (project && !source) continue;
    if (types && (!source || !types.includes(String(source.current['System.WorkItemType']).toLowerCase())))
      continue;
    if (count++ > 0) out.push(',');
    out.push(
      JSON.stringify({
        rel,
        sourceId: e.link.source,
        targetId: e.link.target,
        changedDate: adoDate(e.at),
        isActive: e.active,
      }),
    );
  }
  return { count, token: String(seq), isLastBatch: seq >= end };
}
