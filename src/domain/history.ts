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

/**
 * The version of what a history holds (the tracked fields and how they are recorded). It is part of
 * every cursor's filter: when it changes, each scope's next sync starts over and reads every item's
 * history again, so that older rows gain what is tracked now. 2: projects, Jira components as sets,
 * story points, multi-select customers as "A; B".
 */
export const HISTORY_VERSION = 2;

/**
 * The fields whose changes are kept in `field_history`. `story_points`: the estimate (story points,
 * effort, size) as a text number ("3", "0.5"), null when unestimated. `project`: the Jira key prefix /
 * Azure DevOps team project, so that as-of breakdowns follow moves.
 */
export const TRACKED_FIELDS = [
  'state',
  'assigned_to',
  'severity',
  'priority',
  'iteration',
  'area',
  'type',
  'title',
  'parent',
  'customer',
  'story_points',
  'project',
] as const;

export type TrackedField = (typeof TRACKED_FIELDS)[number];

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
