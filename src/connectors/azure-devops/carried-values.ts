import type { ItemState } from '../../domain/page.js';
import type { TrackedValues } from './map-item.js';

/** Items carried at most (~0.5 KB each): beyond it the oldest go to the database. */
export const CARRIED_LIMIT = 20_000;

/**
 * Tracked values of the items whose newest revision read so far is superseded (a newer one follows later
 * in the stream), kept between pages of one scope's run. A full sync meets each item in about as many
 * pages as it has revisions; carried here, its `item_states` row is written once, at its current revision,
 * instead of once per page. Bounded: the oldest entries are written with the page that pushes them out.
 * After a crash the carried values are lost and `item_states` is older than the revision just before
 * the next one read: the store then rebuilds them from field_history (`StoredItems.valuesBefore`).
 */
export class CarriedValues {
  private readonly byId = new Map<string, ItemState>();

  constructor(private readonly limit = CARRIED_LIMIT) {}

  /** The values of `itemId` just before revision `rev`, when carried at `rev - 1`. */
  before(itemId: string, rev: number): TrackedValues | undefined {
    const carried = this.byId.get(itemId);
    return carried && carried.rev === rev - 1 ? carried.values : undefined;
  }

  /**
   * Takes a page's states (items at their current revision, items at a superseded one) and returns those
   * to write with the page: the current ones and any pushed out of the carry.
   */
  settle(current: ItemState[], superseded: ItemState[]): ItemState[] {
    const write = [...current];
    for (const state of current) this.byId.delete(state.itemId);
    for (const state of superseded) {
      // Re-inserted, so that the Map's order stays oldest-seen first.
      this.byId.delete(state.itemId);
      this.byId.set(state.itemId, state);
    }
    for (const [itemId, state] of this.byId) {
      if (this.byId.size <= this.limit) break;
      this.byId.delete(itemId);
      write.push(state);
    }
    return write;
  }

  /** Everything still carried, emptied: written with the stream's last page. */
  drain(): ItemState[] {
    const all = [...this.byId.values()];
    this.byId.clear();
    return all;
  }
}
