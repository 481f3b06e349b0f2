/**
 * History renderers: per-item updates (field old/new pairs, link-only updates that keep `rev`),
 * per-item revisions (full WorkItems) and reporting revision rows.
 */
import { adoDate, identityReference, REVISED_SENTINEL, workItemUrl } from './format.js';
import type { Item } from './model.js';
import {
  type FieldSelection,
  fullFields,
  linkRelation,
  projectIdOf,
  type RenderCtx,
  renderRelations,
  resourceUrl,
  selectFields,
} from './render.js';

type UpdateEvent =
  | { kind: 'rev'; at: number; index: number }
  | { kind: 'link'; at: number; by: number; added: boolean; rel: Record<string, unknown> };

function sameValue(a: unknown, b: unknown): boolean {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    return (a as { id?: unknown }).id === (b as { id?: unknown }).id;
  }
  return a === b;
}

/** All updates of an item in order; update `id` is the 1-based position. */
export function renderUpdates(c: RenderCtx, item: Item): Record<string, unknown>[] {
  const events: UpdateEvent[] = item.revisions.map((r, index) => ({ kind: 'rev', at: r.at, index }));
  for (const link of item.links) {
    const forward = link.source === item.id;
    const other = c.store.get(forward ? link.target : link.source);
    if (!other) continue;
    const rel = linkRelation(c, link.family, forward, other, link.comment);
    events.push({ kind: 'link', at: link.addedAt, by: link.addedBy, added: true, rel });
    if (link.removedAt !== undefined)
      events.push({
        kind: 'link',
        at: link.removedAt,
        by: link.removedBy ?? link.addedBy,
        added: false,
        rel,
      });
  }
  for (const res of item.resources) {
    const rel = {
      rel: res.kind,
      url: resourceUrl(c, item, res.url, res.attachmentId),
      attributes: { id: res.resourceId, ...(res.name ? { name: res.name } : {}) },
    };
    events.push({ kind: 'link', at: res.addedAt, by: res.addedBy, added: true, rel });
    if (res.removedAt !== undefined)
      events.push({ kind: 'link', at: res.removedAt, by: res.removedBy ?? res.addedBy, added: false, rel });
  }
  events.sort((a, b) => a.at - b.at || (a.kind === 'rev' ? 0 : 1) - (b.kind === 'rev' ? 0 : 1));

  const pid = projectIdOf(c, item);
  const base = workItemUrl(c, item.id, pid);
  let prev: Record<string, unknown> | undefined;
  let stored: ReturnType<typeof c.store.snapshot> | undefined;
  return events.map((e, i) => {
    const id = i + 1;
    if (e.kind === 'link') {
      const index = c.store.indexAt(item, e.at);
      return {
        id,
        workItemId: item.id,
        rev: item.revisions[Math.max(0, index)]!.rev,
        revisedBy: identityReference(c, c.people[e.by]!),
        revisedDate: adoDate(e.at),
        relations: e.added ? { added: [e.rel] } : { removed: [e.rel] },
        url: `${base}/updates/${id}`,
      };
    }
    const r = item.revisions[e.index]!;
    stored = c.store.snapshot(item, e.index, stored ? { index: e.index - 1, fields: stored } : undefined);
    const full = fullFields(c, item, e.index, stored, r.at);
    delete full['System.Parent'];
    const fields: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const [k, v] of Object.entries(full)) {
      const old = prev?.[k];
      if (prev === undefined || !(k in prev)) fields[k] = { newValue: v };
      else if (!sameValue(old, v)) fields[k] = { oldValue: old, newValue: v };
    }
    if (prev)
      for (const k of Object.keys(prev))
        if (!(k in full) && k !== 'System.History') fields[k] = { oldValue: prev[k] };
    prev = full;
    const next = item.revisions[e.index + 1];
    return {
      id,
      workItemId: item.id,
      rev: r.rev,
      revisedBy: identityReference(c, c.people[r.by]!),
      revisedDate: next ? adoDate(next.at) : REVISED_SENTINEL,
      fields,
      url: `${base}/updates/${id}`,
    };
  });
}

/** Revisions `from..to-1` as full WorkItems (per-item revisions API). */
export function renderRevisions(
  c: RenderCtx,
  item: Item,
  from: number,
  to: number,
  select: FieldSelection,
  relations: boolean,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const pid = projectIdOf(c, item);
  let stored: ReturnType<typeof c.store.snapshot> | undefined;
  for (let index = from; index < to; index++) {
    const r = item.revisions[index]!;
    stored = c.store.snapshot(item, index, stored ? { index: index - 1, fields: stored } : undefined);
    const fields = selectFields(fullFields(c, item, index, stored, r.at), select);
    const row: Record<string, unknown> = { id: item.id, rev: r.rev, fields };
    if (relations) {
      const rels = renderRelations(c, item, r.at);
      if (rels.length > 0) row.relations = rels;
    }
    row.url = `${workItemUrl(c, item.id, pid)}/revisions/${r.rev}`;
    out.push(row);
  }
  return out;
}
