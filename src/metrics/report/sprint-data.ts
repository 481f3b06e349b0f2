/**
 * The report's sprint section of one platform, loaded by `loadSprintReport` (src/metrics/sprint-report-loader.ts)
 * from the sprint views of migration 012 (docs/metrics.md, "Sprints"). Points are story points (or effort /
 * size); days are ISO days (UTC).
 */
export interface SprintReport {
  /** One entry per team (ADO team(s) of the iterations, Jira board), the most recently started first. */
  teams: SprintTeam[];
}

export interface SprintTeam {
  /** `sprint_bounds.team`: the ADO team name(s) or the Jira board id. */
  team: string;
  /** How the report names it: the ADO team name(s), "board N" for Jira. */
  label: string;
  /** The team's last ended sprints that held items, oldest first (`sprint_velocity` with `sprint_report`). */
  sprints: SprintFigures[];
  /** The active sprint, else the most recently started one; null when the team has none. */
  current: CurrentSprint | null;
}

export interface SprintFigures {
  sprintId: string;
  name: string;
  /** First and last day of the sprint (UTC). */
  startDay: string;
  endDay: string;
  committedPoints: number;
  committedCount: number;
  addedPoints: number;
  addedCount: number;
  removedPoints: number;
  removedCount: number;
  completedPoints: number;
  completedCount: number;
  notCompletedPoints: number;
  notCompletedCount: number;
  /** Mean completed points over the team's last 3 sprints up to this one (`sprint_velocity.velocity_avg`). */
  velocityAvg: number | null;
  /** completed ÷ committed points; null when nothing was committed. */
  sayDoRatio: number | null;
}

export interface CurrentSprint {
  sprintId: string;
  name: string;
  /** The sprint has not ended yet. */
  active: boolean;
  startDay: string;
  /** Its last day (planned, or when it was completed). */
  endDay: string;
  /** What was in it at its start (`sprint_report`): where the ideal line begins. */
  committedPoints: number;
  committedCount: number;
  /** One row per day of `sprint_burndown` (to today at most), oldest first. */
  days: BurndownDay[];
}

export interface BurndownDay {
  /** The figures hold at the end of this day (at the sprint's end on its last day). */
  day: string;
  scopePoints: number;
  scopeCount: number;
  completedPoints: number;
  completedCount: number;
  remainingPoints: number;
  remainingCount: number;
}
