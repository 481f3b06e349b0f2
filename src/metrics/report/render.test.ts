import { describe, expect, it } from 'vitest';
import { CHART_NAMES, renderReport } from './render.js';
import type { PlatformReport, ReportData } from './report-data.js';

/** The `<svg>` of one chart of one platform. */
function chart(html: string, platform: string, name: string): string {
  const match = new RegExp(`<svg data-chart="${name}" data-platform="${platform}"[\\s\\S]*?</svg>`).exec(
    html,
  );
  if (!match) throw new Error(`no ${platform}/${name} chart`);
  return match[0];
}

/** Plotted marks of a chart (what the browser test counts): elements of the marks group with data-point or data-series. */
function marks(svg: string): number {
  const group = /<g class="marks">([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '';
  return (group.match(/<(path|rect|circle)\b[^>]*\bdata-(point|series)=/g) ?? []).length;
}

function emptyPlatform(platform: 'ado' | 'jira' = 'ado'): PlatformReport {
  return {
    platform,
    title: platform === 'ado' ? 'Azure DevOps' : 'Jira',
    summary: {
      items: 0,
      openItems: 0,
      openBugs: 0,
      wip: 0,
      throughput30d: 0,
      cycleTimeP50: null,
      bugMttr: null,
      slaBreaches: 0,
    },
    openBugsBySeverity: [],
    createdVsResolved: [],
    cumulativeFlow: [],
    cycleTimeScatter: { points: [], p50: null, p85: null, p95: null },
    sprints: { teams: [] },
    agingWip: [],
    forecasts: null,
  };
}

function handMade(): ReportData {
  return {
    generatedAt: '2024-03-15T10:30:00.000Z',
    database: '127.0.0.1:5432/worksync',
    platforms: [
      {
        ...emptyPlatform('jira'),
        summary: {
          items: 12,
          openItems: 7,
          openBugs: 3,
          wip: 3,
          throughput30d: 5,
          cycleTimeP50: 2.5,
          bugMttr: 4.25,
          slaBreaches: 1,
        },
        openBugsBySeverity: [
          {
            name: 'P3',
            points: ['2024-03-01', '2024-03-02', '2024-03-03'].map((day, i) => ({ day, value: i })),
          },
          { name: 'P1', points: [{ day: '2024-03-02', value: 1 }] },
        ],
        createdVsResolved: [
          { week: '2024-02-19', created: 3, resolved: 0 },
          { week: '2024-02-26', created: 5, resolved: 2 },
          { week: '2024-03-04', created: 4, resolved: 3 },
        ],
        cumulativeFlow: ['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04', '2024-03-05'].map(
          (day, i) => ({
            day,
            proposed: 5 - i,
            in_progress: 2,
            resolved: 1,
            completed: i,
          }),
        ),
        cycleTimeScatter: {
          points: [
            { id: 'WS-1', day: '2024-03-01', cycleTimeDays: 1, type: 'Bug' },
            { id: 'WS-2', day: '2024-03-04', cycleTimeDays: 2.5, type: 'Story' },
            { id: 'WS-3', day: '2024-03-05', cycleTimeDays: 3, type: 'Story' },
            { id: 'WS-4', day: '2024-03-08', cycleTimeDays: 8, type: 'Task' },
          ],
          p50: 2.75,
          p85: 6.5,
          p95: 7.55,
        },
        agingWip: [
          { id: 'WS-7', title: 'Young', state: 'In Progress', type: 'Story', ageDays: 1 },
          { id: 'WS-5', title: 'Oldest', state: 'In Review', type: 'Bug', ageDays: 20 },
          { id: 'WS-6', title: 'Middle', state: 'In Progress', type: 'Task', ageDays: 5 },
        ],
      },
    ],
  };
}

describe('renderReport', () => {
  it('draws every mark of the data: a line per severity, two bars a week, four areas, a dot per item, a bar per WIP item', () => {
    const html = renderReport(handMade());
    expect(marks(chart(html, 'jira', 'open-bugs-by-severity'))).toBe(2);
    expect(marks(chart(html, 'jira', 'created-vs-resolved'))).toBe(6);
    expect(marks(chart(html, 'jira', 'cumulative-flow'))).toBe(4);
    expect(marks(chart(html, 'jira', 'cycle-time-scatter'))).toBe(4);
    expect(marks(chart(html, 'jira', 'aging-wip'))).toBe(3);
    expect(html.match(/<svg data-chart=/g)).toHaveLength(CHART_NAMES.length);
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('labels the percentile lines, orders aging WIP oldest first, and orders severities P1 first', () => {
    const html = renderReport(handMade());
    const scatter = chart(html, 'jira', 'cycle-time-scatter');
    expect(scatter.match(/data-percentile=/g)).toHaveLength(3);
    expect(scatter).toContain('p50 2.8 d');
    expect(scatter).toContain('p85 6.5 d');
    expect(scatter).toContain('p95 7.6 d');
    const aging = chart(html, 'jira', 'aging-wip');
    const order = [...aging.matchAll(/<rect class="bar" data-point="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['WS-5', 'WS-6', 'WS-7']);
    const lines = [...chart(html, 'jira', 'open-bugs-by-severity').matchAll(/data-series="([^"]+)"/g)];
    expect(lines.map((m) => m[1])).toEqual(['P1', 'P3']);
  });

  it('shows the summary figures', () => {
    const html = renderReport(handMade());
    expect(html).toContain('<td data-summary="items">12</td>');
    expect(html).toContain('<td data-summary="bugMttr">4.3<span class="unit">d</span></td>');
    expect(html).toContain('<td class="alert" data-summary="slaBreaches">1</td>');
    expect(html).toContain('Generated 2024-03-15 10:30 UTC from 127.0.0.1:5432/worksync');
  });

  it('is self-contained: no script, nothing fetched', () => {
    const html = renderReport(handMade());
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|@import|url\(/i);
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:/);
  });

  it('escapes hostile titles, ids, names and the database text', () => {
    const data = handMade();
    const p = data.platforms[0]!;
    data.database = 'db <img src=x onerror=alert(1)>';
    p.title = 'Jira & "friends"';
    p.agingWip = [
      { id: 'X"1', title: '<script>alert("x")</script> & co', state: "Won't <do>", type: 'Bug', ageDays: 3 },
      { id: 'X-2', title: '🔥 fire 👩‍💻 in prod \u0007 bell', state: 'Active', type: 'Bug', ageDays: 2 },
    ];
    p.openBugsBySeverity = [{ name: '<P1>', points: [{ day: '2024-03-01', value: 1 }] }];
    p.cycleTimeScatter.points = [{ id: "it's", day: '2024-03-01', cycleTimeDays: 1, type: '<b>Bug</b>' }];
    const html = renderReport(data);
    expect(html).not.toMatch(/<script|<img|<b>|<P1>|<do>/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).toContain('data-point="X&quot;1"');
    expect(html).toContain('data-point="it&#39;s"');
    expect(html).toContain('Jira &amp; &quot;friends&quot;');
    expect(html).toContain('db &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('🔥 fire 👩‍💻 in prod \uFFFD bell');
    expect(html).not.toContain('\u0007');
    expect(marks(chart(html, 'jira', 'aging-wip'))).toBe(2);
  });

  it('says "no data yet" in every chart of a platform without data', () => {
    const html = renderReport({
      generatedAt: '2024-03-15T10:30:00Z',
      database: 'x',
      platforms: [emptyPlatform()],
    });
    for (const name of CHART_NAMES) {
      const svg = chart(html, 'ado', name);
      expect(svg, name).toContain('data-empty="true"');
      expect(svg, name).toContain('no data yet');
      expect(marks(svg), name).toBe(0);
    }
    expect(html).toContain('<td data-summary="cycleTimeP50">-</td>');
  });

  it('renders a report without platforms, and skips points with invalid days', () => {
    const none = renderReport({ generatedAt: 'now', database: 'x', platforms: [] });
    expect(none).toContain('No platform in this report');
    expect(none).not.toContain('<svg');

    const data = handMade();
    const p = data.platforms[0]!;
    p.cycleTimeScatter.points.push({ id: 'bad', day: 'yesterday', cycleTimeDays: 1, type: 'Bug' });
    p.cumulativeFlow = [{ day: '2024-03-01', proposed: 1, in_progress: 1, resolved: 0, completed: 2 }];
    const html = renderReport(data);
    expect(marks(chart(html, 'jira', 'cycle-time-scatter'))).toBe(4);
    expect(marks(chart(html, 'jira', 'cumulative-flow'))).toBe(4);
    expect(html).not.toMatch(/NaN|Infinity/);
  });
});
