import type { Severity } from '../domain/work-item.js';
import type { Db } from '../store/db.js';
import { ident } from '../store/db.js';
import { insertDailyMetrics } from './daily-metrics.js';
import { DEFAULT_POLICY, type MetricsPolicy } from './policy.js';
import { flowSql, segmentsSql } from './snapshot-sql.js';

/** A UTC day as YYYY-MM-DD. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Days of daily metrics computed at once (memory holds one range's segments and rows). */
const DAILY_CHUNK_DAYS = 61;
const DAY_MS = 86_400_000;

/**
 * Recomputes the snapshots of days `from`..`to` (inclusive, YYYY-MM-DD) of one platform schema from its
 * history, replacing those days in one transaction: idempotent, and equal however often it runs.
 * Returns the number of rows written.
 */
export async function computeSnapshots(
  db: Db,
  schema: string,
  from: string,
  to: string,
  policy: MetricsPolicy = DEFAULT_POLICY,
): Promise<number> {
  const severities = Object.keys(policy.slaDays);
  const slaDays = severities.map((s) => policy.slaDays[s as Severity]!);
  return db.transaction(async (tx) => {
    const s = ident(schema);
    await tx.query(`DELETE FROM ${s}.history_snapshots WHERE snapshot_date BETWEEN $1::date AND $2::date`, [
      from,
      to,
    ]);
    await tx.exec(segmentsSql(schema));
    const [flows] = await tx.query<{ n: number }>(
      `WITH written AS (${flowSql(schema)} RETURNING 1) SELECT count(*) AS n FROM written`,
      [from, to],
    );
    // Day ranges of at most DAILY_CHUNK_DAYS: the rows held at once are those of one range, so a
    // 365-day backfill needs no more memory than a quarter (each range's rows equal the whole's).
    const policyDays = { windowDays: policy.windowDays, sla: { severities, days: slaDays } };
    const last = Date.parse(to);
    let daily = 0;
    for (let start = Date.parse(from); start <= last; start += DAILY_CHUNK_DAYS * DAY_MS) {
      const end = Math.min(start + (DAILY_CHUNK_DAYS - 1) * DAY_MS, last);
      daily += await insertDailyMetrics(
        tx,
        schema,
        isoDay(new Date(start)),
        isoDay(new Date(end)),
        policyDays,
      );
    }
    return (flows?.n ?? 0) + daily;
  });
}

/** Reconstructs the past `days` days up to today (UTC) from history. */
export function backfill(
  db: Db,
  schema: string,
  days: number,
  policy: MetricsPolicy = DEFAULT_POLICY,
  today = new Date(),
): Promise<number> {
  const from = new Date(today.getTime() - (days - 1) * DAY_MS);
  return computeSnapshots(db, schema, isoDay(from), isoDay(today), policy);
}

/**
 * After a sync: today's snapshot, and every earlier snapshotted day the run may have changed. An item
 * written in the run can have history anywhere since its creation, so the days from the creation of
 * the earliest such item (or today when none was) are recomputed, never before the first day that has
 * snapshots; recomputing gives a past day the same value, as breakdowns are as of each day. A complete
 * pass (every scope synced) also carries out the rebuilds a migration requested (snapshot_rebuilds).
 */
export async function snapshotAfterSync(
  db: Db,
  schema: string,
  run: { startedAt: Date; complete: boolean },
  policy: MetricsPolicy = DEFAULT_POLICY,
  today = new Date(),
): Promise<number> {
  const s = ident(schema);
  const [row] = await db.query<{ affected: Date | null; first: string | null; rebuild: string | null }>(
    `SELECT (SELECT min(created_at) FROM ${s}.work_items WHERE synced_at >= $1) AS affected,
            (SELECT min(snapshot_date)::text FROM ${s}.history_snapshots) AS first,
            (SELECT min(from_date)::text FROM ${s}.snapshot_rebuilds) AS rebuild`,
    [run.startedAt.toISOString()],
  );
  const end = isoDay(today);
  let from = end;
  if (row?.affected && row.first) {
    // ISO days compare as text: the later of the first snapshot day and the earliest affected day, up to today.
    from = isoDay(row.affected);
    if (from < row.first) from = row.first;
    if (from > end) from = end;
  }
  const rebuild = run.complete && row?.rebuild ? row.rebuild : null;
  if (rebuild !== null && rebuild < from) from = rebuild;
  const rows = await computeSnapshots(db, schema, from, end, policy);
  if (rebuild !== null)
    await db.query(`DELETE FROM ${s}.snapshot_rebuilds WHERE from_date >= $1::date`, [rebuild]);
  return rows;
}
