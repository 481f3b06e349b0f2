import type { Platform } from './glossary.js';

/** Identifies one sync scope: a platform and a project. */
export interface Scope {
  platform: Platform;
  /** ADO project name or Jira project key. */
  project: string;
}

/**
 * What a scope's sync has covered, stored as JSON in `sync_status.cursor`.
 * `filterHash` identifies the query it was made with: a changed filter forces a full reload.
 */
export interface Cursor {
  /** Items changed at or before this instant (ISO-8601 UTC) are stored; incremental reads start an overlap before it. */
  watermark: string | null;
  /** A continuation token of the source, when the sync is in the middle of a paged read. */
  continuation: string | null;
  filterHash: string;
  /** Connector-specific state (e.g. a full-sync phase). */
  extra?: Record<string, unknown>;
}

export const scopeKey = (scope: Scope): string => `${scope.platform}:${scope.project}`;
