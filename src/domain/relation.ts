/** Normalised link kinds; `relationRaw` keeps the platform's own name. */
export type RelationType =
  | 'parent'
  | 'child'
  | 'related'
  | 'duplicate'
  | 'duplicate_of'
  | 'blocks'
  | 'blocked_by'
  | 'other';

/** A current link from one item to another (both by work item `id`). */
export interface Relation {
  sourceId: string;
  targetId: string;
  relationType: RelationType;
  relationRaw: string;
}
