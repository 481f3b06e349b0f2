import type { SprintMembership } from '../../domain/sprint.js';
import { allWrites, ident, noWrite, statementWrite, type Write } from '../db.js';
import { textArray } from '../text-array.js';

/** Replaces the sprint membership of the items `of` with `rows` (Jira: derived from complete changelogs). */
export function replaceSprintItems(schema: string, of: string[], rows: SprintMembership[]): Write<void> {
  if (of.length === 0) return noWrite(undefined);
  const s = ident(schema);
  const gone = statementWrite(`DELETE FROM ${s}.sprint_items WHERE item_id = ANY($1::text[])`, [
    textArray(of),
  ]);
  if (rows.length === 0) return gone;
  const insert = statementWrite(
    `INSERT INTO ${s}.sprint_items (sprint_id, item_id, added_at, removed_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[])
     ON CONFLICT (sprint_id, item_id, added_at) DO UPDATE SET removed_at = EXCLUDED.removed_at`,
    [
      textArray(rows.map((r) => r.sprintId)),
      textArray(rows.map((r) => r.itemId)),
      textArray(rows.map((r) => r.addedAt.toISOString())),
      textArray(rows.map((r) => r.removedAt?.toISOString() ?? null)),
    ],
  );
  const both = allWrites([gone, insert]);
  return { statements: both.statements, answer: () => undefined };
}

/**
 * Rebuilds the membership of the items `items` selects (a query of `item_id`s over `$1`) from their
 * iteration path history: each `field_history` row of field 'iteration' starts an interval that the
 * next one ends; an interval whose path is a sprint's (`sprints.path`: Azure DevOps team iterations) is
 * a membership. Paths that are no team's iteration (the project root, a backlog node) are no sprint.
 */
function rebuildFromPaths(schema: string, items: string, params: unknown[]): Write<void> {
  const s = ident(schema);
  const gone = statementWrite(`DELETE FROM ${s}.sprint_items WHERE item_id IN (${items})`, params);
  const insert = statementWrite(
    `INSERT INTO ${s}.sprint_items (sprint_id, item_id, added_at, removed_at)
     SELECT sp.id, st.item_id, st.from_at, st.to_at
       FROM (SELECT h.item_id, h.to_value AS path, h.changed_at AS from_at,
                    lead(h.changed_at) OVER (PARTITION BY h.item_id
                                             ORDER BY h.changed_at, length(h.change_id), h.change_id) AS to_at
               FROM ${s}.field_history h
              WHERE h.field = 'iteration' AND h.item_id IN (${items})) st
       JOIN ${s}.sprints sp ON sp.path = st.path
      WHERE st.to_at IS NULL OR st.to_at > st.from_at
     ON CONFLICT (sprint_id, item_id, added_at) DO UPDATE SET removed_at = EXCLUDED.removed_at`,
    params,
  );
  const both = allWrites([gone, insert]);
  return { statements: both.statements, answer: () => undefined };
}

/** Azure DevOps: the membership of the given items, rebuilt from their iteration path history. */
export function sprintItemsFromPaths(schema: string, itemIds: string[]): Write<void> {
  if (itemIds.length === 0) return noWrite(undefined);
  return rebuildFromPaths(schema, 'SELECT unnest($1::text[])', [textArray(itemIds)]);
}

/**
 * Azure DevOps: after sprints with paths were upserted, the membership of every item that was or is on
 * a sprint this transaction inserted or changed (`synced_at = now()`, the transaction's start), so that
 * items synced before their team's iterations were read, and iterations whose dates or paths changed,
 * are right. Sprints without a path (Jira) never match.
 */
export function sprintItemsOfChangedSprints(schema: string, anyWithPath: boolean): Write<void> {
  if (!anyWithPath) return noWrite(undefined);
  const s = ident(schema);
  const items = `SELECT h.item_id FROM ${s}.field_history h JOIN ${s}.sprints sp ON sp.path = h.to_value
                  WHERE h.field = 'iteration' AND sp.synced_at = now()
                 UNION SELECT si.item_id FROM ${s}.sprint_items si JOIN ${s}.sprints sp ON sp.id = si.sprint_id
                  WHERE sp.synced_at = now()`;
  return rebuildFromPaths(schema, items, []);
}
