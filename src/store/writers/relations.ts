import type { Relation } from '../../domain/relation.js';
import type { Sprint } from '../../domain/sprint.js';
import { allWrites, countingWrite, ident, noWrite, statementWrite, type Write } from '../db.js';
import { toJsonParam } from '../json.js';
import { textArray } from '../text-array.js';

/**
 * Replaces the current relations of the given source items with `relations` (links that disappeared at the
 * source disappear here). Links that did not change are left as they are: re-reading an item does not
 * rewrite its links. A link to or from an item stored as deleted is not written: the API shows none
 * (see removeRelationsOfDeleted). Resolves to the number of relation rows inserted or changed.
 */
export function replaceRelations(schema: string, sourceIds: string[], relations: Relation[]): Write<number> {
  const s = ident(schema);
  const links = [
    textArray(relations.map((r) => r.sourceId)),
    textArray(relations.map((r) => r.targetId)),
    textArray(relations.map((r) => r.relationType)),
    textArray(relations.map((r) => r.relationRaw)),
  ];
  const write =
    relations.length === 0
      ? noWrite(0)
      : countingWrite(
          `WITH written AS (INSERT INTO ${s}.relations AS r (source_id, target_id, relation_type, relation_raw)
     SELECT n.* FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS n(source_id, target_id, relation_type, relation_raw)
      WHERE NOT EXISTS (SELECT 1 FROM ${s}.work_items w WHERE w.id IN (n.source_id, n.target_id) AND w.deleted_at IS NOT NULL)
     ON CONFLICT (source_id, target_id, relation_raw) DO UPDATE SET relation_type = EXCLUDED.relation_type, synced_at = now()
       WHERE r.relation_type IS DISTINCT FROM EXCLUDED.relation_type
     RETURNING 1) SELECT count(*) AS n FROM written`,
          links,
        );
  if (sourceIds.length === 0) return write;
  const gone = statementWrite(
    `DELETE FROM ${s}.relations r WHERE r.source_id = ANY($5::text[])
        AND NOT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS n(source_id, target_id, relation_type, relation_raw)
                         WHERE n.source_id = r.source_id AND n.target_id = r.target_id AND n.relation_raw = r.relation_raw)`,
    [...links, textArray(sourceIds)],
  );
  const both = allWrites([gone, write]);
  return { statements: both.statements, answer: (rows) => both.answer(rows)[1] };
}

/** Deletes the given links (by source, target and raw name). */
export function removeRelations(schema: string, relations: Relation[]): Write<void> {
  if (relations.length === 0) return noWrite(undefined);
  const sql = `DELETE FROM ${ident(schema)}.relations r USING unnest($1::text[], $2::text[], $3::text[]) AS x(source_id, target_id, relation_raw)
      WHERE r.source_id = x.source_id AND r.target_id = x.target_id AND r.relation_raw = x.relation_raw`;
  const params = [
    textArray(relations.map((r) => r.sourceId)),
    textArray(relations.map((r) => r.targetId)),
    textArray(relations.map((r) => r.relationRaw)),
  ];
  return statementWrite(sql, params);
}

/**
 * Deletes every link to or from the given items that are stored as deleted (both directions): the API
 * shows a deleted item's links neither on it nor on the items it was linked to, and no link event says
 * so. Run after markDeleted; a restored item's links are written again when it is read.
 */
export function removeRelationsOfDeleted(schema: string, numericIds: number[]): Write<void> {
  if (numericIds.length === 0) return noWrite(undefined);
  const s = ident(schema);
  return statementWrite(
    `WITH gone AS (SELECT id FROM ${s}.work_items WHERE numeric_id = ANY($1::bigint[]) AND deleted_at IS NOT NULL)
     DELETE FROM ${s}.relations r WHERE r.source_id IN (SELECT id FROM gone) OR r.target_id IN (SELECT id FROM gone)`,
    [`{${numericIds.map((id) => Math.trunc(id)).join(',')}}`],
  );
}

/** Upserts sprints by id; a sprint every page of its issues carries again is rewritten only when it changed. */
export function upsertSprints(schema: string, sprints: Sprint[]): Write<number> {
  if (sprints.length === 0) return noWrite(0);
  const rows = sprints.map((sp) => ({
    id: sp.id,
    name: sp.name,
    path: sp.path,
    board: sp.board,
    team: sp.team,
    state: sp.state,
    start_date: sp.startAt?.toISOString() ?? null,
    finish_date: sp.finishAt?.toISOString() ?? null,
    is_current: sp.isCurrent,
    raw: sp.raw,
  }));
  const sql = `INSERT INTO ${ident(schema)}.sprints (id, name, path, board, team, state, start_date, finish_date, is_current, raw)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, path text, board text, team text, state text,
       start_date timestamptz, finish_date timestamptz, is_current boolean, raw jsonb)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, path = EXCLUDED.path, board = EXCLUDED.board, team = EXCLUDED.team,
       state = EXCLUDED.state, start_date = EXCLUDED.start_date, finish_date = EXCLUDED.finish_date,
       is_current = EXCLUDED.is_current, raw = EXCLUDED.raw, synced_at = now()
     WHERE (sprints.name, sprints.path, sprints.board, sprints.team, sprints.state, sprints.start_date,
            sprints.finish_date, sprints.is_current, sprints.raw)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.path, EXCLUDED.board, EXCLUDED.team, EXCLUDED.state,
            EXCLUDED.start_date, EXCLUDED.finish_date, EXCLUDED.is_current, EXCLUDED.raw)`;
  return { statements: [{ sql, params: [toJsonParam(rows)] }], answer: () => rows.length };
}
