import type { FieldChange, StateChange } from '../../domain/history.js';
import type { Deletion, ItemFailure, ItemState } from '../../domain/page.js';
import type { WorkItem } from '../../domain/work-item.js';
import { describeError } from '../../errors.js';
import type { RevisionRow } from './api.js';
import { adoTime, F } from './fields.js';
import { type AdoMapContext, mapItem, revisionHistory, type TrackedValues } from './map-item.js';

/** What a group of revisions becomes: the items at their newest revision, history rows, deletions, failures. */
export interface MappedRevisions {
  items: WorkItem[];
  stateChanges: StateChange[];
  fieldChanges: FieldChange[];
  deletions: Deletion[];
  failures: ItemFailure[];
  /** Tracked values of the items whose newest revision here is their current one. */
  states: ItemState[];
  /** Tracked values of the items whose newest revision here is superseded (a newer one follows). */
  superseded: ItemState[];
  /** Newest System.ChangedDate seen (ms), 0 when none. */
  newestChange: number;
}

/** Whether a revision is the item's current one: System.RevisedDate is the 9999 sentinel (or absent). */
export function isCurrent(revision: RevisionRow): boolean {
  const revised = revision.fields[F.revisedDate];
  return typeof revised !== 'string' || revised.startsWith('9999-');
}

/** Revisions grouped by item, each group in revision order. */
export function groupByItem(rows: RevisionRow[]): Map<number, RevisionRow[]> {
  const groups = new Map<number, RevisionRow[]>();
  for (const row of rows) {
    const list = groups.get(row.id) ?? [];
    list.push(row);
    groups.set(row.id, list);
  }
  for (const list of groups.values()) list.sort((a, b) => a.rev - b.rev);
  return groups;
}

/**
 * Maps revision groups. `previous` gives each item's tracked values before its first revision here
 * (undefined when that revision is the creation). An item whose revisions cannot be mapped becomes a
 * failure with its reason; the others go on.
 */
export function mapRevisions(
  groups: Map<number, RevisionRow[]>,
  previous: (id: number) => TrackedValues | undefined,
  ctx: AdoMapContext,
): MappedRevisions {
  const out: MappedRevisions = {
    items: [],
    stateChanges: [],
    fieldChanges: [],
    deletions: [],
    failures: [],
    states: [],
    superseded: [],
    newestChange: 0,
  };
  for (const [id, revisions] of groups) {
    const itemId = String(id);
    try {
      let values = revisions[0]!.rev === 1 ? undefined : previous(id);
      const stateChanges: StateChange[] = [];
      const fieldChanges: FieldChange[] = [];
      for (const revision of revisions) {
        const rows = revisionHistory(itemId, revision.rev, revision.fields, values, ctx);
        if (rows.stateChange) stateChanges.push(rows.stateChange);
        fieldChanges.push(...rows.fieldChanges);
        values = rows.values;
      }
      const latest = revisions[revisions.length - 1]!;
      // A superseded revision (RevisedDate set) means a newer one follows later in the stream: the item
      // row is written from its current revision only, once, instead of once per page it appears in.
      const current = isCurrent(latest);
      if (current) {
        out.items.push(mapItem(id, latest.fields, ctx));
        if (latest.fields[F.isDeleted] === true) {
          out.deletions.push({
            numericId: id,
            deletedAt: adoTime(latest.fields[F.changedDate]) ?? new Date(),
          });
        }
      }
      out.stateChanges.push(...stateChanges);
      out.fieldChanges.push(...fieldChanges);
      if (values) (current ? out.states : out.superseded).push({ itemId, rev: latest.rev, values });
      out.newestChange = Math.max(out.newestChange, adoTime(latest.fields[F.changedDate])?.getTime() ?? 0);
    } catch (error) {
      out.failures.push({ itemId, reason: describeError(error) });
    }
  }
  return out;
}
