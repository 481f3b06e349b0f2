import type { Cursor } from '../domain/cursor.js';
import type { Platform } from '../domain/glossary.js';
import type { TrackedField } from '../domain/history.js';
import type { SyncPage } from '../domain/page.js';
import type { RequestStats } from '../http/request-stats.js';
import type { FieldCatalog, FieldCheck } from './field-catalog.js';

/** What the runner tells a connector about one scope's sync. */
export interface ScopeSyncInput {
  project: string;
  /** The stored cursor; undefined before the first page, or when a full sync is asked for. */
  cursor: Cursor | undefined;
  /** A full sync: read everything and take a census for deletions, whatever the cursor says. */
  full: boolean;
  /** Items of this scope stored and not deleted, keyed by stable numeric id, with their last `updated_at`. */
  stored: StoredItems;
  /** Items that failed to map on an earlier run: fetched again. */
  retryIds: string[];
  signal: AbortSignal;
}

/** The store's view of a scope, as the connector needs it (read through the runner, never directly). */
export interface StoredItems {
  /** `updated_at` (ms) of those of the given items that are stored, by numeric id. */
  updatedAt(numericIds: number[]): Promise<Map<number, number>>;
  /** Numeric ids of the scope's stored, not deleted items (for a census). */
  ids(): Promise<Set<number>>;
  /** How many stored items of the scope are not deleted. */
  count(): Promise<number>;
  /**
   * The tracked fields' values of items just before the given revision (from field_history, whose
   * numeric change ids order the revisions); items with no stored history before it are absent.
   */
  valuesBefore(
    refs: { itemId: string; rev: number }[],
  ): Promise<Map<string, Partial<Record<TrackedField, string | null>>>>;
}

/**
 * A platform connector: yields pages of domain objects plus the cursor that covers them, in order.
 * Connectors never touch the database: the runner writes each page and its cursor in one transaction.
 */
export interface Connector {
  readonly platform: Platform;
  /** The scopes (projects) this connector syncs, in order. */
  readonly projects: string[];
  /** Request counts of this connector's HTTP client. */
  readonly requests: RequestStats;
  /** Checks run before the scopes (authentication); throws AuthError with a fix on failure. */
  preflight(signal: AbortSignal): Promise<void>;
  syncScope(input: ScopeSyncInput): AsyncIterable<SyncPage>;
  /** Authentication, access and configured-field checks for `worksync doctor`. */
  doctor(): Promise<DoctorCheck[]>;
  /** Every field of the instance, with how many recent items hold each (`worksync fields`). */
  fieldCatalog(): Promise<FieldCatalog>;
}

/** One check of `worksync doctor`; `warn` marks a passing check worth a look. */
export type DoctorCheck = FieldCheck;
