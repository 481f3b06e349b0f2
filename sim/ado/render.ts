/**
 * Renders items in the WorkItem shape: the field map (stored plus derived fields, in the service's
 * order, dates trimmed, identities as objects or legacy strings), relations and `_links`.
 */
import {
  adoDate,
  identityRef,
  identityString,
  orgUrl,
  REVISED_SENTINEL,
  type UrlCtx,
  workItemUrl,
} from './format.js';
import { type FieldValue, type Item, PersonRef, personRef } from './model.js';
import { EXPANDED_ONLY, FIELD_ORDER, findField, LINK_TYPES, LONG_TEXT } from './process.js';
import type { AdoStore } from './store.js';

export interface RenderCtx extends UrlCtx {
  store: AdoStore;
}

/** How identity fields are written: objects (work item APIs), `Name <mail>` or `{id, uniqueName}` (reporting). */
export type IdentityStyle = 'ref' | 'string' | 'reporting';

/** Which fields to return. */
export type FieldSelection =
  | { kind: 'default' }
  | { kind: 'all' }
  | { kind: 'only'; names: readonly string[] }
  | { kind: 'reporting'; longText: boolean };

const NOW = Number.POSITIVE_INFINITY;

export function projectIdOf(c: RenderCtx, item: Item): string | undefined {
  return c.store.project(String(item.current['System.TeamProject']))?.id;
}

function outputValue(c: RenderCtx, name: string, value: FieldValue, identity: IdentityStyle): unknown {
  if (value instanceof PersonRef) {
    const p = c.people[value.index]!;
    if (identity === 'string') return identityString(p);
    if (identity === 'reporting') return { id: p.id, uniqueName: identityString(p) };
    return identityRef(c, p);
  }
  if (typeof value === 'number' && findField(name)?.type === 'dateTime') return adoDate(value);
  return value;
}

/** Every field of revision `index` (stored `fields` plus derived ones), ordered as the service orders them. */
export function fullFields(
  c: RenderCtx,
  item: Item,
  index: number,
  stored: Readonly<Record<string, FieldValue>>,
  viewAt: number,
  identity: IdentityStyle = 'ref',
): Record<string, unknown> {
  const r = item.revisions[index]!;
  const next = item.revisions[index + 1];
  const all: Record<string, FieldValue> = { ...stored };
  all['System.Id'] = item.id;
  all['System.Rev'] = r.rev;
  all['System.ChangedDate'] = r.at;
  all['System.ChangedBy'] = personRef(r.by);
  all['System.AuthorizedDate'] = r.at;
  all['System.AuthorizedAs'] = personRef(r.by);
  all['System.PersonId'] = c.people[r.by]!.personId;
  all['System.Watermark'] = r.wm;
  for (const [kind, pathField] of [
    ['Area', 'System.AreaPath'],
    ['Iteration', 'System.IterationPath'],
  ] as const) {
    const path = String(stored[pathField] ?? '');
    const parts = path.split('\\');
    const node = c.store.node(path) ?? c.store.node(parts[0] ?? '');
    if (node) all[`System.${kind}Id`] = node.id;
    if (kind === 'Area') all['System.NodeName'] = parts[parts.length - 1] ?? '';
    parts.forEach((part, i) => {
      all[`System.${kind}Level${i + 1}`] = part;
    });
  }
  const parent = c.store.parentAt(item, viewAt);
  if (parent !== undefined) all['System.Parent'] = parent;
  const out: Record<string, unknown> = {};
  for (const k of serviceOrder(Object.keys(all))) {
    out[k] =
      k === 'System.RevisedDate'
        ? next
          ? adoDate(next.at)
          : REVISED_SENTINEL
        : outputValue(c, k, all[k]!, identity);
  }
  return out;
}

/** Sorted field lists by the fields present: revisions of one type share a few, and sorting each was the simulator's hot spot. */
const ORDER_CACHE = new Map<string, string[]>();

const rank = (k: string) => FIELD_ORDER.get(k) ?? 1000;

/** The service's field order: catalogue position, then name (fields outside the catalogue come last). */
export const compareServiceOrder = (a: string, b: string): number =>
  rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);

/** The field names (plus System.RevisedDate) in the order the service returns them. */
function serviceOrder(keys: string[]): string[] {
  const signature = keys.join('|');
  let order = ORDER_CACHE.get(signature);
  if (!order) {
    order = [...new Set([...keys, 'System.RevisedDate'])].sort(compareServiceOrder);
    if (ORDER_CACHE.size > 10_000) ORDER_CACHE.clear();
    ORDER_CACHE.set(signature, order);
  }
  return order;
}

export function selectFields(full: Record<string, unknown>, sel: FieldSelection): Record<string, unknown> {
  if (sel.kind === 'all') return full;
  const out: Record<string, unknown> = {};
  if (sel.kind === 'only') {
    const wanted = new Set(sel.names);
    for (const k of Object.keys(full)) if (wanted.has(k)) out[k] = full[k];
    return out;
  }
  for (const k of Object.keys(full)) {
    if (sel.kind === 'default' && EXPANDED_ONLY.has(k)) continue;
    if (sel.kind === 'reporting' && (REPORTING_HIDDEN.has(k) || (!sel.longText && LONG_TEXT.has(k))))
      continue;
    out[k] = full[k];
  }
  return out;
}

const REPORTING_HIDDEN = new Set(
  [...EXPANDED_ONLY].filter(
    (k) => !['System.Id', 'System.Rev', 'System.RevisedDate', 'System.IsDeleted'].includes(k),
  ),
);

/** Relations in force at `viewAt`, from this item's point of view. */
export function renderRelations(c: RenderCtx, item: Item, viewAt: number): Record<string, unknown>[] {
  const rows: { at: number; rel: Record<string, unknown> }[] = [];
  for (const link of c.store.linksAt(item, viewAt)) {
    const forward = link.source === item.id;
    const otherId = forward ? link.target : link.source;
    const other = c.store.get(otherId);
    if (!other || (viewAt === NOW && other.deleted)) continue;
    rows.push({ at: link.addedAt, rel: linkRelation(c, link.family, forward, other, link.comment) });
  }
  for (const res of c.store.resourcesAt(item, viewAt)) {
    const attributes: Record<string, unknown> = {
      authorizedDate: adoDate(res.addedAt),
      id: res.resourceId,
      resourceCreatedDate: adoDate(res.addedAt),
      resourceModifiedDate: adoDate(res.addedAt),
      revisedDate: REVISED_SENTINEL,
    };
    if (res.size !== undefined) attributes.resourceSize = res.size;
    if (res.name !== undefined) attributes.name = res.name;
    if (res.comment !== undefined) attributes.comment = res.comment;
    rows.push({
      at: res.addedAt,
      rel: { rel: res.kind, url: resourceUrl(c, item, res.url, res.attachmentId), attributes },
    });
  }
  rows.sort((a, b) => a.at - b.at);
  return rows.map((r) => r.rel);
}

export function linkRelation(
  c: RenderCtx,
  family: keyof typeof LINK_TYPES,
  forward: boolean,
  other: Item,
  comment?: string,
): Record<string, unknown> {
  const t = LINK_TYPES[family];
  const attributes: Record<string, unknown> = { isLocked: false, name: forward ? t.fName : t.rName };
  if (comment) attributes.comment = comment;
  return {
    rel: forward ? t.forward : t.reverse,
    url: workItemUrl(c, other.id, projectIdOf(c, other)),
    attributes,
  };
}

export function resourceUrl(c: RenderCtx, item: Item, url: string, attachmentId?: string): string {
  if (attachmentId === undefined) return url;
  return `${orgUrl(c)}/${projectIdOf(c, item)}/_apis/wit/attachments/${attachmentId}`;
}

export function itemLinks(c: RenderCtx, item: Item): Record<string, { href: string }> {
  const pid = projectIdOf(c, item);
  const self = workItemUrl(c, item.id, pid);
  const type = encodeURIComponent(String(item.current['System.WorkItemType']));
  return {
    self: { href: self },
    workItemUpdates: { href: `${self}/updates` },
    workItemRevisions: { href: `${self}/revisions` },
    workItemComments: { href: `${self}/comments` },
    html: { href: `${orgUrl(c)}/${pid}/_workitems/edit/${item.id}` },
    workItemType: { href: `${orgUrl(c)}/${pid}/_apis/wit/workItemTypes/${type}` },
    fields: { href: `${orgUrl(c)}/${pid}/_apis/wit/fields` },
  };
}

export interface WorkItemOptions {
  /** Revision index to render (default: latest). */
  index?: number;
  /** The instant relations are taken at (default: now). */
  viewAt?: number;
  select: FieldSelection;
  relations: boolean;
  links: boolean;
  /** Use project-GUID URLs (single-item reads) rather than organisation URLs (lists). */
  projectUrl: boolean;
  multiline?: boolean;
}

export function renderWorkItem(c: RenderCtx, item: Item, o: WorkItemOptions): Record<string, unknown> {
  const index = o.index ?? item.revisions.length - 1;
  const viewAt = o.viewAt ?? NOW;
  const stored = c.store.snapshot(item, index);
  delete stored['System.History'];
  const fields = selectFields(fullFields(c, item, index, stored, viewAt), o.select);
  const out: Record<string, unknown> = { id: item.id, rev: item.revisions[index]!.rev, fields };
  if (o.multiline) out.multilineFieldsFormat = {};
  if (o.relations) {
    const relations = renderRelations(c, item, viewAt);
    if (relations.length > 0) out.relations = relations;
  }
  if (o.links) out._links = itemLinks(c, item);
  out.url = workItemUrl(c, item.id, o.projectUrl ? projectIdOf(c, item) : undefined);
  return out;
}
