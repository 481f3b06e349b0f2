/**
 * Loads the report's sprint section of one platform from the sprint views (migration 012; definitions in
 * docs/metrics.md, "Sprints"). Only the sprints shown are computed, one query per sprint with
 * `sprint_id = $1` (PostgreSQL pushes that equality into every part of the views; an `= ANY` or a lateral
 * join it does not), since the whole `sprint_report` of 20,000 items takes about 15 s.
 */
import type { Db } from '../store/db.js';
import { ident } from '../store/db.js';
import type { CurrentSprint, SprintFigures, SprintReport, SprintTeam } from './report/sprint-data.js';

/** Teams shown per platform, the most recently started first. */
export const MAX_TEAMS = 3;
/** A team is shown when its latest sprint started at most this many days before the newest sprint's start. */
const RECENT_TEAM_DAYS = 60;
/** Ended sprints in the velocity chart and the commitment table of a team (Azure DevOps' Velocity widget shows 6). */
export const VELOCITY_SPRINTS = 6;
/** Sprints in `velocity_avg` (as in the `sprint_velocity` view: this one and the two before it). */
const AVERAGE_OVER = 3;

const DAY_MS = 86_400_000;

interface BoundsRow {
  sprint_id: string;
  sprint_name: string;
  team: string | null;
  start_at: Date | string;
  ended: boolean;
  started: boolean;
  start_day: string;
  end_day: string;
}

interface ReportRow {
  sprint_id: string;
  committed_count: number;
  committed_points: number;
  added_count: number;
  added_points: number;
  removed_count: number;
  removed_points: number;
  completed_count: number;
  completed_points: number;
  not_completed_count: number;
  not_completed_points: number;
}

interface BurndownRow {
  sprint_id: string;
  day: string;
  scope_count: number;
  scope_points: number;
  completed_count: number;
  completed_points: number;
  remaining_count: number;
  remaining_points: number;
}

const ms = (v: Date | string): number => (v instanceof Date ? v.getTime() : Date.parse(v));

/** Whether the platform has the sprint views at all (a database migrated before 012 has not). */
async function hasSprintViews(db: Db, schema: string): Promise<boolean> {
  const [row] = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [
    `${ident(schema)}.sprint_burndown`,
  ]);
  return row?.ok ?? false;
}

/** The teams to show: recently active ones, at most MAX_TEAMS, each with its sprints oldest first. */
function chooseTeams(bounds: BoundsRow[]): { team: string; sprints: BoundsRow[] }[] {
  const byTeam = new Map<string, BoundsRow[]>();
  for (const row of bounds) {
    const team = row.team ?? '';
    byTeam.set(team, [...(byTeam.get(team) ?? []), row]);
  }
  const teams = [...byTeam.entries()].map(([team, sprints]) => ({
    team,
    sprints,
    latest: ms(sprints[sprints.length - 1]!.start_at),
  }));
  teams.sort((a, b) => b.latest - a.latest || a.team.localeCompare(b.team));
  const newest = teams[0]?.latest ?? 0;
  return teams.filter((t) => t.latest >= newest - RECENT_TEAM_DAYS * DAY_MS).slice(0, MAX_TEAMS);
}

function label(platform: 'ado' | 'jira', team: string): string {
  if (team === '') return '(no team)';
  return platform === 'jira' && /^\d+$/.test(team) ? `board ${team}` : team;
}

function figures(b: BoundsRow, r: ReportRow): Omit<SprintFigures, 'velocityAvg'> {
  const committedPoints = Number(r.committed_points);
  const completedPoints = Number(r.completed_points);
  return {
    sprintId: b.sprint_id,
    name: b.sprint_name,
    startDay: b.start_day,
    endDay: b.end_day,
    committedPoints,
    committedCount: Number(r.committed_count),
    addedPoints: Number(r.added_points),
    addedCount: Number(r.added_count),
    removedPoints: Number(r.removed_points),
    removedCount: Number(r.removed_count),
    completedPoints,
    completedCount: Number(r.completed_count),
    notCompletedPoints: Number(r.not_completed_points),
    notCompletedCount: Number(r.not_completed_count),
    sayDoRatio: committedPoints === 0 ? null : completedPoints / committedPoints,
  };
}

/** Loads the sprint section of one platform schema; no teams when it has no started sprints. */
export async function loadSprintReport(
  db: Db,
  platform: 'ado' | 'jira',
  schema: string,
): Promise<SprintReport> {
  if (!(await hasSprintViews(db, schema))) return { teams: [] };
  const s = ident(schema);
  const bounds = await db.query<BoundsRow>(
    `SELECT sprint_id, sprint_name, team, start_at, ended, start_at <= now() AS started,
            (start_at AT TIME ZONE 'UTC')::date::text AS start_day,
            ((end_at - interval '1 microsecond') AT TIME ZONE 'UTC')::date::text AS end_day
       FROM ${s}.sprint_bounds ORDER BY team, start_at, sprint_id`,
  );
  const teams = chooseTeams(bounds);
  // Ended sprints a team's chart may show, newest first (those that held no item are dropped below),
  // with the sprints before them that the rolling average needs; and each team's current sprint.
  const look = VELOCITY_SPRINTS + AVERAGE_OVER - 1;
  const picked = teams.map((t) => {
    const ended = t.sprints.filter((b) => b.ended);
    const started = t.sprints.filter((b) => b.started);
    const active = started.filter((b) => !b.ended);
    const current = active[active.length - 1] ?? started[started.length - 1] ?? null;
    // A sprint that held nothing is left out of the chart, which then shows fewer sprints.
    return { ...t, candidates: ended.slice(-look), current };
  });
  const ids = [
    ...new Set(
      picked.flatMap((t) => [...t.candidates, ...(t.current ? [t.current] : [])].map((b) => b.sprint_id)),
    ),
  ];
  // One query per sprint, side by side (the pool's connections; PGlite queues them).
  const reports = new Map<string, ReportRow>();
  const burndown = new Map<string, BurndownRow[]>();
  const currentIds = picked.flatMap((t) => (t.current ? [t.current.sprint_id] : []));
  await Promise.all([
    ...ids.map(async (id) => {
      const [row] = await db.query<ReportRow>(`SELECT * FROM ${s}.sprint_report WHERE sprint_id = $1`, [id]);
      if (row) reports.set(row.sprint_id, row);
    }),
    ...currentIds.map(async (id) => {
      const rows = await db.query<BurndownRow>(
        `SELECT sprint_id, day::text AS day, scope_count, scope_points, completed_count, completed_points,
                remaining_count, remaining_points
           FROM ${s}.sprint_burndown WHERE sprint_id = $1 ORDER BY day`,
        [id],
      );
      burndown.set(id, rows);
    }),
  ]);

  const out: SprintTeam[] = picked.map((t) => {
    const held = t.candidates.flatMap((b) => {
      const r = reports.get(b.sprint_id);
      return r && Number(r.committed_count) + Number(r.added_count) > 0 ? [figures(b, r)] : [];
    });
    // velocity_avg as sprint_velocity computes it: the mean of this sprint's and the previous ones' completed points.
    const sprints: SprintFigures[] = held.map((f, i) => {
      const window = held.slice(Math.max(0, i - AVERAGE_OVER + 1), i + 1);
      return { ...f, velocityAvg: window.reduce((sum, w) => sum + w.completedPoints, 0) / window.length };
    });
    return {
      team: t.team,
      label: label(platform, t.team),
      sprints: sprints.slice(-VELOCITY_SPRINTS),
      current: currentSprint(t.current, reports, burndown),
    };
  });
  return { teams: out };
}

function currentSprint(
  b: BoundsRow | null,
  reports: Map<string, ReportRow>,
  burndown: Map<string, BurndownRow[]>,
): CurrentSprint | null {
  if (!b) return null;
  const r = reports.get(b.sprint_id);
  return {
    sprintId: b.sprint_id,
    name: b.sprint_name,
    active: !b.ended,
    startDay: b.start_day,
    endDay: b.end_day,
    committedPoints: Number(r?.committed_points ?? 0),
    committedCount: Number(r?.committed_count ?? 0),
    days: (burndown.get(b.sprint_id) ?? []).map((d) => ({
      day: d.day,
      scopePoints: Number(d.scope_points),
      scopeCount: Number(d.scope_count),
      completedPoints: Number(d.completed_points),
      completedCount: Number(d.completed_count),
      remainingPoints: Number(d.remaining_points),
      remainingCount: Number(d.remaining_count),
    })),
  };
}
