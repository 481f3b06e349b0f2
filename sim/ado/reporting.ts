/**
 * The reporting APIs: work item revisions and work item links in watermark order, in batches with a
 * continuation token that encodes the watermark (so a saved token later returns only newer changes),
 * `isLastBatch` as the end condition and a `nextLink` that is present even on the last batch.
 */
import { adoDate } from './format.js';
import type { FieldValue, Project } from './model.js';
import { LINK_TYPES } from './process.js';
import { type FieldSelection, fullFields, type RenderCtx, selectFields } from './render.js';

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

export interface Batch {
  values: Record<string, unknown>[];
  token: string;
  isLastBatch: boolean;
}

/** Parses the watermark out of a continuation token (`<watermark>;<id>;<rev>`). */
export function parseToken(token: string): number | undefined {
  const m = /^(\d+)(;\d+;\d+)?$/.exec(token.trim());
  return m ? Number(m[1]) : undefined;
}

export function reportingRevisions(c: RenderCtx, q: RevisionsQuery): Batch {
  const { store } = c;
  const values: Record<string, unknown>[] = [];
  const memo = new Map<number, { index: number; fields: Record<string, FieldValue> }>();
  const types = q.types?.map((t) => t.toLowerCase());
  const project = q.project?.name.toLowerCase();
  const select: FieldSelection = q.fields
    ? { kind: 'only', names: q.fields }
    : { kind: 'reporting', longText: q.expandFields };
  let wm = q.after;
  const end = store.watermark;
  while (wm < end && values.length < q.pageSize) {
    wm++;
    const entry = store.logEntry(wm);
    if (!entry) continue;
    const { item, index } = entry;
    if (item.deleted && !q.includeDeleted) continue;
    if (q.includeLatestOnly && index !== item.revisions.length - 1) continue;
    const m = memo.get(item.id);
    const stored = store.snapshot(item, index, m && m.index < index ? m : undefined);
    memo.set(item.id, { index, fields: stored });
    if (project && String(stored['System.TeamProject']).toLowerCase() !== project) continue;
    if (types && !types.includes(String(stored['System.WorkItemType']).toLowerCase())) continue;
    const r = item.revisions[index]!;
    const full = fullFields(c, item, index, stored, r.at, q.includeIdentityRef ? 'reporting' : 'string');
    if (q.includeDeleted) full['System.IsDeleted'] = stored['System.IsDeleted'] ?? false;
    values.push({ id: item.id, rev: r.rev, fields: selectFields(full, select) });
  }
  const last = store.log.entry(wm);
  return { values, token: `${wm};${last?.id ?? 0};${(last?.index ?? -1) + 1}`, isLastBatch: wm >= end };
}

export interface LinksQuery {
  project?: Project;
  linkTypes?: readonly string[];
  types?: readonly string[];
  after: number;
  pageSize: number;
}

export function reportingLinks(c: RenderCtx, q: LinksQuery): Batch {
  const { store } = c;
  const values: Record<string, unknown>[] = [];
  const families = q.linkTypes?.map((t) => t.toLowerCase());
  const types = q.types?.map((t) => t.toLowerCase());
  const project = q.project?.name.toLowerCase();
  let seq = q.after;
  const end = store.linkLog.length;
  while (seq < end && values.length < q.pageSize) {
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
    values.push({
      rel,
      sourceId: e.link.source,
      targetId: e.link.target,
      changedDate: adoDate(e.at),
      isActive: e.active,
    });
  }
  return { values, token: String(seq), isLastBatch: seq >= end };
}
