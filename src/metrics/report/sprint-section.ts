/**
 * The sprint section of a platform: per team (src/metrics/sprint-report-loader.ts picks them) the velocity
 * chart, the committed vs completed table, and the burndown and burnup of its current sprint; one line
 * when the platform has no sprints. Its charts' `data-chart` names are SPRINT_CHART_NAMES; each team's
 * block is a `div.sprint-team` with `data-team`; the table is `table.sprint-commitment`.
 */
import { burndownChart, burnupChart } from './chart-burndown.js';
import { velocityChart } from './chart-velocity.js';
import type { SprintReport } from './sprint-data.js';
import { sprintTable } from './sprint-table.js';
import { esc } from './text.js';

export const SPRINT_CHART_NAMES = ['sprint-velocity', 'sprint-burndown', 'sprint-burnup'] as const;

export const NO_SPRINTS =
  'No sprints: none has started yet, or none is synced (Azure DevOps: set ADO_SCRUM_PROJECT to the project:team pairs; Jira: the sprint field, JIRA_SPRINT_FIELD_ID).';

export function sprintSection(platform: string, sprints: SprintReport): string {
  const teams = sprints.teams;
  const heading = `<h3 class="section-title">Sprints</h3>`;
  if (teams.length === 0)
    return `<section class="sprints" data-platform="${esc(platform)}">${heading}<p class="sprint-note">${esc(NO_SPRINTS)}</p></section>`;
  const blocks = teams.map((team, i) => {
    const key = `team${i + 1}`;
    return (
      `<div class="sprint-team" data-team="${esc(team.team)}"><h4>${esc(team.label)}</h4><div class="charts">` +
      velocityChart(platform, key, team) +
      sprintTable(platform, team) +
      burndownChart(platform, key, team) +
      burnupChart(platform, key, team) +
      '</div></div>'
    );
  });
  return `<section class="sprints" data-platform="${esc(platform)}">${heading}${blocks.join('')}</section>`;
}
