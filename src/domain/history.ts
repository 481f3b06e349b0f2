import type { StateCategory } from './work-item.js';

/** One state transition of an item. The first row of an item is its state at creation (`fromState` null). */
export interface StateChange {
  itemId: string;
  /** ADO revision number / Jira changelog id, as text; unique per item. */
  changeId: string;
  changedAt: Date;
  changedBy: string | null;
  fromState: string | null;
  toState: string;
  /** Categories of the two states, as the platform defines them now (null when unknown). */
  fromCategory: StateCategory | null;
  toCategory: StateCategory | null;
}

/** The fields whose changes are kept in `field_history`. */
export type TrackedField =
  | 'state'
  | 'assigned_to'
  | 'severity'
  | 'priority'
  | 'iteration'
  | 'area'
  | 'type'
  | 'title'
  | 'parent'
  | 'customer'
  /** The project (Jira key prefix / Azure DevOps team project): as-of breakdowns follow moves. */
  | 'project';

/** One change of a tracked field. */
export interface FieldChange {
  itemId: string;
  changeId: string;
  changedAt: Date;
  changedBy: string | null;
  field: TrackedField;
  fromValue: string | null;
  toValue: string | null;
}
