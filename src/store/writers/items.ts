import { createHash } from 'node:crypto';
import type { Deletion } from '../../domain/page.js';
import type { WorkItem } from '../../domain/work-item.js';
import { countingWrite, ident, noWrite, type Statement, type Write } from '../db.js';
import { jsonArrayParam } from '../json.js';
import { textArray } from '../text-array.js';

/** How an upsert went: rows inserted, rows whose content changed, rows already identical. */
export interface UpsertCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * The row as stored, in snake_case, as JSON; `content_hash` (of the row's JSON without it) decides whether
 * an existing row really changed. Each row is stringified once, for both.
 */
function rowJson(item: WorkItem): string {
  const row = {
    id: item.id,
    numeric_id: item.numericId,
    project: item.project,
    work_item_type: item.workItemType,
    title: item.title,
    description: item.description,
    repro_steps: item.reproSteps,
    state: item.state,
    state_category: item.stateCategory,
    severity: item.severity,
    priority: item.priority,
    assigned_to: item.assignedTo,
    created_by: item.createdBy,
    area_path: item.areaPath,
    iteration_path: item.iterationPath,
    customer_name: item.customerName,
    tags: item.tags,
    story_points: item.storyPoints,
    parent_id: item.parentId,
    created_at: item.createdAt.toISOString(),
    updated_at: item.updatedAt.toISOString(),
    resolved_at: item.resolvedAt?.toISOString() ?? null,
    closed_at: item.closedAt?.toISOString() ?? null,
    url: item.url,
    raw: item.raw,
  };
  const json = JSON.stringify(row);
  const hash = createHash('sha1').update(json).digest('base64');
  // Base64 needs no escaping: this is JSON.stringify({ ...row, content_hash: hash }).
  return `${json.slice(0, -1)},"content_hash":"${hash}"}`;
}

const COLUMNS = [
  ['id', 'text'],
  ['numeric_id', 'bigint'],
  ['project', 'text'],
  ['work_item_type', 'text'],
  ['title', 'text'],
  ['description', 'text'],
  ['repro_steps', 'text'],
  ['state', 'text'],
  ['state_category', 'text'],
  ['severity', 'text'],
  ['priority', 'text'],
  ['assigned_to', 'text'],
  ['created_by', 'text'],
  ['area_path', 'text'],
  ['iteration_path', 'text'],
  ['customer_name', 'text'],
  ['tags', 'text[]'],
  ['story_points', 'double precision'],
  ['parent_id', 'text'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['resolved_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
  ['url', 'text'],
  ['raw', 'jsonb'],
  ['content_hash', 'text'],
] as const;

const names = COLUMNS.map(([name]) => name).join(', ');
const recordType = COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ');
const updates = COLUMNS.filter(([name]) => name !== 'numeric_id')
  .map(([name]) => `${name} = EXCLUDED.${name}`)
  .join(', ');

/**
 * Items whose stable numeric id is stored under another `id` (a Jira issue moved and got a new key):
 * renamed everywhere first, so the item stays one row with its history. Each statement finds the moved
 * items itself (a join on the numeric id's index, empty when nothing moved), so the write is plain data.
 * One statement renames in the tables that hold the id once; a table updated twice in one statement
 * would keep only one of the updates, so relations' target, work_items' parent and work_items' id each
 * have their own, the id last (the others find the moved items by their old id there).
 */
function rekeyMoved(schema: string, items: WorkItem[]): Statement[] {
  // An id that is the numeric id itself (Azure DevOps) never changes: only keyed items can have moved.
  const keyed = items.filter((i) => i.id !== String(i.numericId));
  if (keyed.length === 0) return [];
  const s = ident(schema);
  const moved = `moved AS MATERIALIZED (SELECT w.id AS old_id, i.id AS new_id
       FROM unnest($1::bigint[], $2::text[]) AS i(numeric_id, id)
       JOIN ${s}.work_items w ON w.numeric_id = i.numeric_id
      WHERE w.id <> i.id)`;
  const rename = (table: string, column: string) =>
    `UPDATE ${s}.${table} t SET ${column} = m.new_id FROM moved m WHERE t.${column} = m.old_id`;
  const params = [`{${keyed.map((i) => i.numericId).join(',')}}`, textArray(keyed.map((i) => i.id))];
  const once = (
    [
      ['change_history', 'item_id'],
      ['field_history', 'item_id'],
      ['sprint_items', 'item_id'],
      ['sync_failures', 'item_id'],
    ] as const
  )
    .map(([table, column], k) => `, r${k} AS (${rename(table, column)})`)
    .join('');
  return [
    { sql: `WITH ${moved}${once} ${rename('relations', 'source_id')}`, params },
    ...(
      [
        ['relations', 'target_id'],
        ['work_items', 'parent_id'],
        ['work_items', 'id'],
      ] as const
    ).map(([table, column]) => ({ sql: `WITH ${moved} ${rename(table, column)}`, params })),
  ];
}

/** Upserts items by their stable numeric id in one statement; rows whose content is unchanged are not rewritten. */
export function upsertItems(schema: string, items: WorkItem[]): Write<UpsertCounts> {
  if (items.length === 0) return noWrite({ added: 0, updated: 0, unchanged: 0 });
  const sql = `WITH written AS (INSERT INTO ${ident(schema)}.work_items AS w (${names}, deleted_at, synced_at)
     SELECT ${names}, NULL, now() FROM jsonb_to_recordset($1::jsonb) AS x(${recordType})
     ON CONFLICT (numeric_id) DO UPDATE SET ${updates}, deleted_at = NULL, synced_at = now()
       WHERE w.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR w.deleted_at IS NOT NULL
     RETURNING (xmax = 0) AS inserted)
     SELECT count(*) FILTER (WHERE inserted) AS added, count(*) AS written FROM written`;
  const statements = [...rekeyMoved(schema, items), { sql, params: [jsonArrayParam(items.map(rowJson))] }];
  return {
    statements,
    answer(rows) {
      const row = rows[rows.length - 1]?.[0];
      const added = Number(row?.added ?? 0);
      const written = Number(row?.written ?? 0);
      return { added, updated: written - added, unchanged: items.length - written };
    },
  };
}

/** Marks items deleted at the source (rows are kept). Resolves to how many were newly marked. */
export function markDeleted(schema: string, deletions: Deletion[]): Write<number> {
  if (deletions.length === 0) return noWrite(0);
  const sql = `WITH marked AS (UPDATE ${ident(schema)}.work_items w SET deleted_at = d.deleted_at, synced_at = now()
       FROM unnest($1::bigint[], $2::timestamptz[]) AS d(numeric_id, deleted_at)
      WHERE w.numeric_id = d.numeric_id AND w.deleted_at IS NULL
     RETURNING 1) SELECT count(*) AS n FROM marked`;
  const params = [
    `{${deletions.map((d) => d.numericId).join(',')}}`,
    textArray(deletions.map((d) => d.deletedAt.toISOString())),
  ];
  return countingWrite(sql, params);
}
