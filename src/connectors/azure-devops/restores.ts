import type { StoredItems } from '../connector.js';
import type { RevisionRow } from './api.js';
import { F } from './fields.js';
import { isCurrent } from './revisions-page.js';

/**
 * Finds the items restored from the recycle bin. A deleted item's links leave `relations` (the API
 * shows them no more) and no link event brings them back on restore, so a restored item's links are
 * read again. An item is restored when a live revision follows a deleted one: in the same batch, earlier
 * in this sync, or, for an item not seen yet in this sync, in the store (stored, but not among the live
 * ones). It is reported once its current revision has come.
 */
export class RestoreWatch {
  /** Whether each item seen in this sync was deleted at its newest revision so far. */
  private readonly deleted = new Map<number, boolean>();
  /** Restored items whose current revision has not come yet. */
  private readonly pending = new Set<number>();

  /**
   * The restored items among `groups` (each item's revisions in order). `storedBefore` lists the items
   * whose earlier revisions are known from the store.
   */
  async restored(
    groups: Map<number, RevisionRow[]>,
    storedBefore: Set<string>,
    stored: StoredItems,
  ): Promise<number[]> {
    const out: number[] = [];
    const unknown: number[] = [];
    for (const [id, revisions] of groups) {
      let before = revisions[0]!.rev === 1 ? false : this.deleted.get(id);
      if (before === undefined && storedBefore.has(String(id))) unknown.push(id);
      for (const revision of revisions) {
        const now = revision.fields[F.isDeleted] === true;
        if (before === true && !now) this.pending.add(id);
        if (now) this.pending.delete(id);
        before = now;
      }
      this.deleted.set(id, before ?? false);
    }
    if (unknown.length > 0) {
      const live = await stored.updatedAt(unknown);
      for (const id of unknown) {
        const deletedHere = groups.get(id)!.some((r) => r.fields[F.isDeleted] === true);
        if (!live.has(id) && !deletedHere) this.pending.add(id);
      }
    }
    for (const [id, revisions] of groups) {
      const latest = revisions[revisions.length - 1]!;
      if (this.pending.has(id) && isCurrent(latest) && latest.fields[F.isDeleted] !== true) {
        this.pending.delete(id);
        out.push(id);
      }
    }
    return out;
  }
}
