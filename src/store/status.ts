import type { Platform } from '../domain/glossary.js';
import { ident, type Queryable } from './db.js';

/** One scope's line in `worksync status`. Dates are UTC. */
export interface ScopeStatus {
  platform: Platform;
  project: string;
  lastStartedAt: Date | null;
  lastSuccessAt: Date | null;
  cursor: unknown;
  itemsSynced: number;
  sourceCount: number | null;
  storedCount: number | null;
  lastError: string | null;
  apiRequests: number;
  lastRunOutcome: string | null;
}

/** A platform schema's overview: whether it exists, its scopes, and its table sizes. */
export interface PlatformStatus {
  platform: Platform;
  schema: string;
  migrated: boolean;
  workItems: number;
  historyRows: number;
  scopes: ScopeStatus[];
}

async function tableExists(db: Queryable, schema: string, table: string): Promise<boolean> {
  const rows = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [
    `${ident(schema)}.${table}`,
  ]);
  return rows[0]?.ok ?? false;
}

/** Reads the status of one platform schema; meaningful on an empty or unmigrated database. */
export async function readPlatformStatus(
  db: Queryable,
  platform: Platform,
  schema: string,
): Promise<PlatformStatus> {
  if (!(await tableExists(db, schema, 'sync_status'))) {
    return { platform, schema, migrated: false, workItems: 0, historyRows: 0, scopes: [] };
  }
  const s = ident(schema);
  const [sizes] = await db.query<{ items: number; history: number }>(
    `SELECT (SELECT count(*) FROM ${s}.work_items WHERE deleted_at IS NULL) AS items,
            (SELECT count(*) FROM ${s}.change_history) + (SELECT count(*) FROM ${s}.field_history) AS history`,
  );
  const rows = await db.query<{
    project: string;
    last_started_at: Date | null;
    last_success_at: Date | null;
    cursor: unknown;
    items_synced: number;
    source_count: number | null;
    stored_count: number | null;
    last_error: string | null;
    api_requests: number;
    outcome: string | null;
  }>(
    `SELECT st.*, (SELECT outcome FROM ${s}.sync_runs r WHERE r.project = st.project ORDER BY id DESC LIMIT 1) AS outcome
       FROM ${s}.sync_status st ORDER BY st.project`,
  );
  return {
    platform,
    schema,
    migrated: true,
    workItems: sizes?.items ?? 0,
    historyRows: sizes?.history ?? 0,
    scopes: rows.map((r) => ({
      platform,
      project: r.project,
      lastStartedAt: r.last_started_at,
      lastSuccessAt: r.last_success_at,
      cursor: r.cursor,
      itemsSynced: r.items_synced,
      sourceCount: r.source_count,
      storedCount: r.stored_count,
      lastError: r.last_error,
      apiRequests: r.api_requests,
      lastRunOutcome: r.outcome,
    })),
  };
}
