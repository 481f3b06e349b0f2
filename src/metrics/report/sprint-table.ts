/** Committed vs completed per ended sprint of a team, as a compact table: points with item counts, scope change, say/do. */
import type { SprintTeam } from './sprint-data.js';
import { esc, formatTick } from './text.js';

function cell(points: number, count: number, kind: string): string {
  return `<td data-${kind}="${esc(formatTick(points))}">${esc(formatTick(points))}<span class="spread">${esc(count)} items</span></td>`;
}

export function sprintTable(platform: string, team: SprintTeam): string {
  const caption = `Committed vs completed · ${team.label}`;
  if (team.sprints.length === 0) return '';
  const rows = team.sprints.map((s) => {
    const sayDo = s.sayDoRatio === null ? '-' : `${Math.round(s.sayDoRatio * 100)}%`;
    return (
      `<tr data-sprint="${esc(s.sprintId)}"><th scope="row" class="sprint" title="${esc(`${s.startDay} to ${s.endDay}`)}">${esc(s.name)}</th>` +
      cell(s.committedPoints, s.committedCount, 'committed') +
      cell(s.addedPoints, s.addedCount, 'added') +
      cell(s.removedPoints, s.removedCount, 'removed') +
      cell(s.completedPoints, s.completedCount, 'completed') +
      cell(s.notCompletedPoints, s.notCompletedCount, 'not-completed') +
      `<td data-say-do>${esc(sayDo)}</td></tr>`
    );
  });
  const head = ['Sprint', 'Committed', 'Added', 'Removed', 'Completed', 'Not completed', 'Say/do'];
  return (
    `<figure class="chart sprint-table"><figcaption><h3>${esc(caption)}</h3>` +
    '<p>Story points (and items) per ended sprint, oldest first: committed at the start, added and removed during it, completed and not completed at its end; say/do is completed ÷ committed points.</p></figcaption>' +
    `<div class="summary-wrap"><table class="sprint-commitment" data-platform="${esc(platform)}" aria-label="${esc(caption)}">` +
    `<thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></figure>`
  );
}
