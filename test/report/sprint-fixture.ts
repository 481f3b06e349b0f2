/**
 * Sprint sections for the browser test's report: two teams of two-week sprints ending before `end`, the
 * second team's name hostile; the first team's current sprint active (half its days so far), the second's ended.
 */
import type {
  BurndownDay,
  SprintFigures,
  SprintReport,
  SprintTeam,
} from '../../src/metrics/report/sprint-data.js';

const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function team(name: string, label: string, rand: () => number, end: number, active: boolean): SprintTeam {
  const sprints: SprintFigures[] = [];
  // The current sprint starts 7 days before `end` when active, else ended on `end`.
  const currentStart = active ? end - 7 * DAY_MS : end - 13 * DAY_MS;
  for (let k = 8; k >= 1; k--) {
    const start = currentStart - k * 14 * DAY_MS;
    const committedCount = 8 + Math.floor(rand() * 6);
    const committedPoints = committedCount * 3 + Math.floor(rand() * 10);
    const completedCount = Math.max(0, committedCount - Math.floor(rand() * 4));
    const completedPoints = Math.max(0, committedPoints - Math.floor(rand() * 14));
    sprints.push({
      sprintId: `${name}-${9 - k}`,
      name: `${label} Sprint ${9 - k}`,
      startDay: isoDay(start),
      endDay: isoDay(start + 13 * DAY_MS),
      committedPoints,
      committedCount,
      addedPoints: Math.floor(rand() * 6),
      addedCount: Math.floor(rand() * 3),
      removedPoints: Math.floor(rand() * 4),
      removedCount: Math.floor(rand() * 2),
      completedPoints,
      completedCount,
      notCompletedPoints: committedPoints - completedPoints,
      notCompletedCount: committedCount - completedCount,
      velocityAvg: null,
      sayDoRatio: completedPoints / committedPoints,
    });
  }
  sprints.forEach((s, i) => {
    const window = sprints.slice(Math.max(0, i - 2), i + 1);
    s.velocityAvg = window.reduce((n, w) => n + w.completedPoints, 0) / window.length;
  });
  const committedPoints = 40;
  const days: BurndownDay[] = [];
  let completed = 0;
  let scope = committedPoints;
  for (let d = 0; d < (active ? 8 : 14); d++) {
    completed = Math.min(scope, completed + Math.floor(rand() * 6));
    if (d === 3) scope += 5;
    days.push({
      day: isoDay(currentStart + d * DAY_MS),
      scopePoints: scope,
      scopeCount: Math.round(scope / 3),
      completedPoints: completed,
      completedCount: Math.round(completed / 3),
      remainingPoints: scope - completed,
      remainingCount: Math.round(scope / 3) - Math.round(completed / 3),
    });
  }
  return {
    team: name,
    label,
    sprints,
    current: {
      sprintId: `${name}-current`,
      name: `${label} Sprint 9`,
      active,
      startDay: isoDay(currentStart),
      endDay: isoDay(currentStart + 13 * DAY_MS),
      committedPoints,
      committedCount: 13,
      days,
    },
  };
}

export function sprintFixture(
  kind: 'ado' | 'jira',
  rand: () => number,
  end: number,
  hostile: string,
): SprintReport {
  return {
    teams: [
      team(
        kind === 'ado' ? 'Phoenix Team' : '1',
        kind === 'ado' ? 'Phoenix Team' : 'board 1',
        rand,
        end,
        true,
      ),
      team(hostile, hostile, rand, end, false),
    ],
  };
}
