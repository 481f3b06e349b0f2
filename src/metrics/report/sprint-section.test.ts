import { describe, expect, it } from 'vitest';
import type { SprintTeam } from './sprint-data.js';
import { NO_SPRINTS, sprintSection } from './sprint-section.js';

function team(): SprintTeam {
  const sprint = (n: number, committed: number, completed: number) => ({
    sprintId: `s${n}`,
    name: `Sprint ${n}`,
    startDay: `2024-03-0${n}`,
    endDay: `2024-03-0${n + 1}`,
    committedPoints: committed,
    committedCount: 3,
    addedPoints: 2,
    addedCount: 1,
    removedPoints: 0,
    removedCount: 0,
    completedPoints: completed,
    completedCount: 2,
    notCompletedPoints: committed + 2 - completed,
    notCompletedCount: 2,
    velocityAvg: completed,
    sayDoRatio: completed / committed,
  });
  return {
    team: 'T&<1>',
    label: 'Team <1>',
    sprints: [sprint(1, 10, 8), sprint(2, 12, 12)],
    current: {
      sprintId: 's3',
      name: 'Sprint 3',
      active: true,
      startDay: '2024-03-04',
      endDay: '2024-03-17',
      committedPoints: 0,
      committedCount: 4,
      days: [
        {
          day: '2024-03-04',
          scopePoints: 0,
          scopeCount: 4,
          completedPoints: 0,
          completedCount: 1,
          remainingPoints: 0,
          remainingCount: 3,
        },
        {
          day: '2024-03-05',
          scopePoints: 0,
          scopeCount: 5,
          completedPoints: 0,
          completedCount: 2,
          remainingPoints: 0,
          remainingCount: 3,
        },
      ],
    },
  };
}

describe('sprintSection', () => {
  it('says in one line that a platform has no sprints, without charts', () => {
    const html = sprintSection('ado', { teams: [] });
    expect(html).toContain(NO_SPRINTS);
    expect(html).not.toContain('<svg');
  });

  it('draws per team two bars a sprint and the average, a table row a sprint, and the current sprint in counts when unestimated', () => {
    const html = sprintSection('jira', { teams: [team(), { ...team(), team: 'other' }] });
    expect(html.match(/<div class="sprint-team"/g)).toHaveLength(2);
    const velocity = /<svg data-chart="sprint-velocity"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(velocity.match(/<rect class="bar"/g)).toHaveLength(4);
    expect(velocity).toContain('data-series="average"');
    expect(html.match(/<tr data-sprint=/g)).toHaveLength(4);
    expect(html).toContain('<td data-say-do>80%</td>');
    const burndown = /<svg data-chart="sprint-burndown"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    // Unestimated: counts on the axis; remaining starts at the 4 committed items; the ideal reaches 0.
    expect(burndown).toContain('>items</text>');
    expect(burndown).toContain('Remaining: 3 items at the end of 2024-03-05');
    expect(burndown).toContain('data-ideal="burndown"');
    // Title ids are unique per team, and hostile names are escaped.
    expect(html).toContain('id="jira-sprint-burnup-team2-title"');
    expect(html).toContain('data-team="T&amp;&lt;1&gt;"');
    expect(html).not.toMatch(/<1>|NaN|undefined/);
  });
});
