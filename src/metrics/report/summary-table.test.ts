import { describe, expect, it } from 'vitest';
import type { PlatformReport } from './report-data.js';
import { formatSummary } from './summary-table.js';

function platform(platform: 'ado' | 'jira', summary: PlatformReport['summary']): PlatformReport {
  return {
    platform,
    title: platform === 'ado' ? 'Azure DevOps' : 'Jira',
    summary,
    openBugsBySeverity: [],
    createdVsResolved: [],
    cumulativeFlow: [],
    cycleTimeScatter: { points: [], p50: null, p85: null, p95: null },
    sprints: { teams: [] },
    agingWip: [],
    forecasts: null,
  };
}

describe('formatSummary', () => {
  it('prints one aligned row per platform, days with one decimal and - when unknown', () => {
    const text = formatSummary({
      generatedAt: '2024-03-15T10:30:00Z',
      database: 'x',
      platforms: [
        platform('ado', {
          items: 2500,
          openItems: 812,
          openBugs: 143,
          wip: 35,
          throughput30d: 195,
          cycleTimeP50: 3.44,
          bugMttr: 6.4,
          slaBreaches: 7,
        }),
        platform('jira', {
          items: 12,
          openItems: 0,
          openBugs: 0,
          wip: 0,
          throughput30d: 0,
          cycleTimeP50: null,
          bugMttr: null,
          slaBreaches: 0,
        }),
      ],
    });
    expect(text).toBe(
      [
        'platform      Items  Open  Open bugs  WIP  Done 30d  Cycle p50 (d)  Bug MTTR (d)  SLA breaches',
        '------------  -----  ----  ---------  ---  --------  -------------  ------------  ------------',
        'Azure DevOps  2,500  812   143        35   195       3.4            6.4           7',
        'Jira          12     0     0          0    0         -              -             0',
      ].join('\n'),
    );
  });

  it('says so when there is no platform', () => {
    expect(formatSummary({ generatedAt: '', database: '', platforms: [] })).toMatch(/no platform/);
  });
});
