/**
 * The organisation-wide change logs behind the reporting APIs: revisions in watermark order (the
 * watermark is the 1-based position) and link events in sequence order. Both are append-only and in
 * time order, so "everything after token N" is a slice and a start date is a binary search.
 */
import type { Item, LinkEvent } from './model.js';

export class ChangeLog {
  private readonly ids: number[] = [];
  private readonly revs: number[] = [];
  private readonly ats: number[] = [];
  readonly links: LinkEvent[] = [];

  /** The highest watermark assigned so far. */
  get watermark(): number {
    return this.ids.length;
  }

  /** Appends a revision; returns its watermark. */
  pushRevision(id: number, revIndex: number, at: number): number {
    this.ids.push(id);
    this.revs.push(revIndex);
    this.ats.push(at);
    return this.ids.length;
  }

  entry(wm: number): { id: number; index: number } | undefined {
    const id = this.ids[wm - 1];
    return id === undefined ? undefined : { id, index: this.revs[wm - 1]! };
  }

  /** The first watermark whose revision happened at or after `ms` (watermark + 1 when none). */
  firstWatermarkFrom(ms: number): number {
    return lowerBound(this.ats.length, (i) => this.ats[i]! < ms) + 1;
  }

  pushLink(e: LinkEvent): void {
    e.seq = this.links.length + 1;
    if (e.active) e.link.addedSeq = e.seq;
    else e.link.removedSeq = e.seq;
    this.links.push(e);
  }

  /** The first link sequence number at or after `ms`. */
  firstLinkSeqFrom(ms: number): number {
    return lowerBound(this.links.length, (i) => this.links[i]!.at < ms) + 1;
  }

  /** Assigns watermarks to generated revisions in (time, id, revision) order. */
  loadRevisions(items: readonly Item[]): void {
    const total = items.reduce((n, item) => n + item.revisions.length, 0);
    const at = new Float64Array(total);
    const ids = new Int32Array(total);
    const idx = new Int32Array(total);
    const byId = new Map<number, Item>();
    let k = 0;
    for (const item of items) {
      byId.set(item.id, item);
      item.revisions.forEach((r, i) => {
        at[k] = r.at;
        ids[k] = item.id;
        idx[k++] = i;
      });
    }
    const order = new Uint32Array(total).map((_, i) => i);
    order.sort((a, b) => at[a]! - at[b]! || ids[a]! - ids[b]! || idx[a]! - idx[b]!);
    for (const o of order) {
      byId.get(ids[o]!)!.revisions[idx[o]!]!.wm = this.pushRevision(ids[o]!, idx[o]!, at[o]!);
    }
  }
}

/** The first index in [0, n) for which `before(i)` is false (binary search over a sorted log). */
function lowerBound(n: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
