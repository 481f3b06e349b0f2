import type { SimClock } from '../common/clock.js';
import type { Dataset } from './generator.js';
import { simulateHistory } from './history.js';
import type { History, IssueLinkRecord, IssueRecord, IssueState } from './types.js';

/**
 * The simulator's data: issues with their lookups (id, every key they ever had), links,
 * changelogs (generated part regenerated on demand with a small cache) and the search index's
 * lagging view of each issue (eventual consistency on the SimClock).
 */
export class JiraStore {
  readonly byId = new Map<string, IssueRecord>();
  /** Upper-cased keys, including the old keys of moved issues. */
  readonly byKey = new Map<string, IssueRecord>();
  readonly links = new Map<string, IssueLinkRecord>();
  readonly linksByIssue = new Map<string, Set<string>>();
  readonly subtasks = new Map<string, Set<string>>();
  /** Issues in id order (creation order). */
  readonly issues: IssueRecord[];
  /** Bumped on every mutation; search caches key on it. */
  version = 0;
  nextHistoryId: number;
  nextLinkId: number;
  private readonly historyCache = new Map<string, History[]>();

  constructor(
    readonly data: Dataset,
    private readonly clock: SimClock,
    public consistencyDelayMs: number,
  ) {
    this.issues = data.issues;
    this.nextHistoryId = data.nextHistoryId;
    this.nextLinkId = 10000 + data.links.length;
    for (const issue of data.issues) this.index(issue);
    for (const link of data.links) this.addLinkRecord(link);
  }

  /** Registers an issue's id, keys and parent relation. */
  index(issue: IssueRecord): void {
    this.byId.set(issue.id, issue);
    for (const key of issue.keyHistory) this.byKey.set(key.toUpperCase(), issue);
    const s = issue.current;
    if (s?.parentId) this.setParent(issue.id, null, s.parentId);
  }

  setParent(childId: string, oldParent: string | null, newParent: string | null): void {
    if (oldParent) this.subtasks.get(oldParent)?.delete(childId);
    if (newParent) {
      let set = this.subtasks.get(newParent);
      if (!set) {
        set = new Set();
        this.subtasks.set(newParent, set);
      }
      set.add(childId);
    }
  }

  addLinkRecord(link: IssueLinkRecord): void {
    this.links.set(link.id, link);
    for (const id of [link.outwardIssueId, link.inwardIssueId]) {
      let set = this.linksByIssue.get(id);
      if (!set) {
        set = new Set();
        this.linksByIssue.set(id, set);
      }
      set.add(link.id);
    }
  }

  removeLinkRecord(linkId: string): IssueLinkRecord | undefined {
    const link = this.links.get(linkId);
    if (!link) return undefined;
    this.links.delete(linkId);
    this.linksByIssue.get(link.outwardIssueId)?.delete(linkId);
    this.linksByIssue.get(link.inwardIssueId)?.delete(linkId);
    return link;
  }

  /** Any issue (deleted too) by numeric id or key (case-insensitive, old keys of moved issues included). */
  find(idOrKey: string): IssueRecord | undefined {
    if (/^\d+$/.test(idOrKey)) return this.byId.get(idOrKey);
    return this.byKey.get(idOrKey.toUpperCase());
  }

  /** A live (not deleted) issue by id or key, as GET issue resolves it. */
  resolve(idOrKey: string): IssueRecord | undefined {
    const issue = this.find(idOrKey);
    return issue?.current && !issue.hidden ? issue : undefined;
  }

  /**
   * The full changelog, oldest first: regenerated histories followed by appended ones. `remember: false`
   * leaves a regenerated changelog out of the cache (readers that go through many issues once each).
   */
  histories(issue: IssueRecord, remember = true): History[] {
    const hit = this.historyCache.get(issue.id);
    if (hit) return hit;
    const generated =
      issue.generatedCount === 0
        ? []
        : simulateHistory(this.data.ctx, {
            seed: issue.seed,
            initial: issue.initial,
            count: issue.generatedCount,
            idBase: issue.historyIdBase,
            end: issue.historyEnd,
          }).histories;
    const all = issue.extraHistories.length === 0 ? generated : [...generated, ...issue.extraHistories];
    if (!remember) return all;
    if (this.historyCache.size >= 4000) {
      const oldest = this.historyCache.keys().next().value;
      if (oldest !== undefined) this.historyCache.delete(oldest);
    }
    this.historyCache.set(issue.id, all);
    return all;
  }

  /** The histories visible in a given state (a search snapshot may predate later histories). */
  historiesAt(issue: IssueRecord, state: IssueState): History[] {
    const all = this.histories(issue);
    return state.historyCount >= all.length ? all : all.slice(0, state.historyCount);
  }

  /** The state search sees now (null: not in the index, e.g. just created or deleted). */
  searchState(issue: IssueRecord): IssueState | null {
    const now = this.clock.now();
    const v = issue.versions;
    if (v.length === 1) return v[0]!.visibleFrom <= now ? v[0]!.state : null;
    let idx = -1;
    for (let i = v.length - 1; i >= 0; i--) {
      if (v[i]!.visibleFrom <= now) {
        idx = i;
        break;
      }
    }
    // Older snapshots are no longer reachable once a newer one is visible.
    if (idx > 0) v.splice(0, idx);
    return idx < 0 ? null : v[0]!.state;
  }

  /** The earliest instant after `now` at which some pending change becomes searchable (Infinity if none). */
  nextVisibilityChange(): number {
    const now = this.clock.now();
    let next = Number.POSITIVE_INFINITY;
    for (const issue of this.pending) {
      for (const v of issue.versions) if (v.visibleFrom > now && v.visibleFrom < next) next = v.visibleFrom;
    }
    return next;
  }

  private readonly pending = new Set<IssueRecord>();

  /** Replaces the issue's current state (null = deleted) and schedules it for the search index. */
  commit(issue: IssueRecord, state: IssueState | null): void {
    issue.current = state;
    const visibleFrom = this.clock.now() + this.consistencyDelayMs;
    issue.versions.push({ state, visibleFrom });
    if (this.consistencyDelayMs > 0) this.pending.add(issue);
    else issue.versions.splice(0, issue.versions.length - 1);
    this.historyCache.delete(issue.id);
    this.version++;
    if (this.pending.size > 0) {
      const now = this.clock.now();
      for (const p of this.pending) if (p.versions.every((v) => v.visibleFrom <= now)) this.pending.delete(p);
    }
  }

  /** A new history id (above every existing one, so ids increase with time). */
  takeHistoryId(): number {
    return this.nextHistoryId++;
  }
}
