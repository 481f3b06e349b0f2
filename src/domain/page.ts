import type { Cursor } from './cursor.js';
import type { FieldChange, StateChange, TrackedField } from './history.js';
import type { Relation } from './relation.js';
import type { Sprint, SprintMembership } from './sprint.js';
import type { WorkItem } from './work-item.js';

/** An item the mapper could not turn into a `WorkItem`: recorded with its reason, retried next run. */
export interface ItemFailure {
  itemId: string;
  reason: string;
}

/** The tracked fields' values of an item at its newest processed revision (connectors that diff revisions). */
export interface ItemState {
  itemId: string;
  rev: number;
  values: Partial<Record<TrackedField, string | null>>;
}

/** A deletion seen at the source. */
export interface Deletion {
  numericId: number;
  deletedAt: Date;
}

/**
 * One page of a sync, written in one transaction together with its cursor.
 * `relationsOf` lists the items whose current relations are exactly those in `relations` (replaced, not merged).
 */
export interface SyncPage {
  items: WorkItem[];
  stateChanges: StateChange[];
  fieldChanges: FieldChange[];
  relations: Relation[];
  relationsOf: string[];
  /** Links that no longer exist (for connectors that read link events rather than whole items). */
  removedRelations: Relation[];
  sprints: Sprint[];
  /** Sprint membership of the items in `sprintItemsOf`, which replaces theirs (from complete histories: Jira). */
  sprintItems: SprintMembership[];
  sprintItemsOf: string[];
  /**
   * Items whose membership is rebuilt in the store from their iteration path history (`field_history`)
   * and the sprints' paths (Azure DevOps): an item's revisions may span pages, its history is complete
   * only there.
   */
  sprintItemsFromPaths: string[];
  deletions: Deletion[];
  failures: ItemFailure[];
  /** Values at the newest revision of the items of this page, read back by the next pages. */
  itemStates: ItemState[];
  cursor: Cursor;
  /** Items the source reports for the scope, when this page knows it. */
  sourceCount?: number;
}

export const emptyPage = (cursor: Cursor): SyncPage => ({
  items: [],
  stateChanges: [],
  fieldChanges: [],
  relations: [],
  relationsOf: [],
  removedRelations: [],
  sprints: [],
  sprintItems: [],
  sprintItemsOf: [],
  sprintItemsFromPaths: [],
  deletions: [],
  failures: [],
  itemStates: [],
  cursor,
});
