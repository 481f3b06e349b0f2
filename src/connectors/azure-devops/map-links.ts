import type { Relation, RelationType } from '../../domain/relation.js';

/** A link event of the reporting links API: `rel` is the non-directional name; for hierarchy, source is the parent. */
export interface ReportingLink {
  rel: string;
  sourceId: number;
  targetId: number;
  isActive: boolean;
}

/** Both directions of a link, each from its item's side, with the ADO directional name as raw. */
export function linkRelations(link: ReportingLink): Relation[] {
  const source = String(link.sourceId);
  const target = String(link.targetId);
  const pair = (forward: RelationType, reverse: RelationType, name: string): Relation[] => [
    { sourceId: source, targetId: target, relationType: forward, relationRaw: `${name}-Forward` },
    { sourceId: target, targetId: source, relationType: reverse, relationRaw: `${name}-Reverse` },
  ];
  switch (link.rel) {
    case 'System.LinkTypes.Hierarchy':
      return pair('child', 'parent', link.rel);
    case 'System.LinkTypes.Dependency':
      // Forward is "Successor": the source must finish first, so it blocks the target.
      return pair('blocks', 'blocked_by', link.rel);
    case 'System.LinkTypes.Duplicate':
      // Forward is "Duplicate": the target duplicates the source.
      return pair('duplicate', 'duplicate_of', link.rel);
    case 'System.LinkTypes.Related':
      return [
        { sourceId: source, targetId: target, relationType: 'related', relationRaw: link.rel },
        { sourceId: target, targetId: source, relationType: 'related', relationRaw: link.rel },
      ];
    default:
      return pair('other', 'other', link.rel);
  }
}

/** Applies link events in order: the last event of each link decides whether it is current. */
export function foldLinks(events: ReportingLink[]): { current: Relation[]; removed: Relation[] } {
  const state = new Map<string, { relation: Relation; active: boolean }>();
  for (const event of events) {
    for (const relation of linkRelations(event)) {
      state.set(`${relation.sourceId}|${relation.targetId}|${relation.relationRaw}`, {
        relation,
        active: event.isActive,
      });
    }
  }
  const current: Relation[] = [];
  const removed: Relation[] = [];
  for (const { relation, active } of state.values()) (active ? current : removed).push(relation);
  return { current, removed };
}

/** One of an item's relations as `$expand=relations` shows them: `rel` is directional, `url` names the other end. */
export interface ItemRelation {
  rel: string;
  url: string;
}

const WORK_ITEM_URL = /\/_apis\/wit\/workItems\/(\d+)$/i;

/**
 * An item's current work item links as link events (hyperlinks, artifacts and attachments left out):
 * `-Reverse` names are the other end's `-Forward` link, Related has no direction.
 */
export function itemLinks(id: number, relations: ItemRelation[]): ReportingLink[] {
  const out: ReportingLink[] = [];
  for (const relation of relations) {
    const other = WORK_ITEM_URL.exec(relation.url)?.[1];
    if (other === undefined) continue;
    const reverse = /-Reverse$/.exec(relation.rel);
    const rel = relation.rel.replace(/-(Forward|Reverse)$/, '');
    const [sourceId, targetId] = reverse ? [Number(other), id] : [id, Number(other)];
    out.push({ rel, sourceId, targetId, isActive: true });
  }
  return out;
}
