import { describe, expect, it } from 'vitest';
import { forecastChart } from './chart-forecast.js';
import type { ForecastReport } from './forecast-data.js';
import { forecastTable } from './forecast-table.js';

const answer = (p95: number, p85: number, p50: number) => ({ p50, p85, p95 });

function report(): ForecastReport {
  return {
    computedOn: '2024-06-01',
    trials: 10_000,
    windowWeeks: 12,
    seed: 42,
    scopes: [
      {
        scope: 'all',
        value: '',
        openItems: 30,
        sampleItems: 120,
        sampleDays: 84,
        howMany: [
          { horizonDays: 14, targetDate: '2024-06-15', ...answer(12, 15, 20) },
          { horizonDays: 28, targetDate: '2024-06-29', ...answer(30, 34, 40) },
        ],
        when: answer(25, 22, 18),
      },
      {
        scope: 'team',
        value: '<b>Core</b> & "friends"',
        openItems: 5,
        sampleItems: 0,
        sampleDays: 84,
        howMany: [
          { horizonDays: 14, targetDate: '2024-06-15', ...answer(0, 0, 0) },
          { horizonDays: 28, targetDate: '2024-06-29', ...answer(0, 0, 0) },
        ],
        when: { p50: null, p85: null, p95: null },
      },
      {
        scope: 'project',
        value: 'DONE',
        openItems: 0,
        sampleItems: 3,
        sampleDays: 10,
        howMany: [
          { horizonDays: 14, targetDate: '2024-06-15', ...answer(3, 4, 4) },
          { horizonDays: 28, targetDate: '2024-06-29', ...answer(7, 8, 8) },
        ],
        when: answer(0, 0, 0),
      },
    ],
  };
}

describe('forecast section', () => {
  it('draws three bars per horizon of the platform, most confident (lowest) first', () => {
    const svg = forecastChart('jira', report());
    const bars = [...svg.matchAll(/<rect class="bar" data-point="([^"]+)"[^>]*\by="([\d.]+)"/g)];
    expect(bars.map((b) => b[1])).toEqual(['14 p95', '14 p85', '14 p50', '28 p95', '28 p85', '28 p50']);
    // Taller bars (smaller y) as confidence falls, and further out.
    const ys = bars.map((b) => Number(b[2]));
    expect(ys[0]).toBeGreaterThan(ys[1]!);
    expect(ys[1]).toBeGreaterThan(ys[2]!);
    expect(ys[2]).toBeGreaterThan(ys[5]!);
    expect(svg).toContain('by 2024-06-15 (14 days): at least 15 items, 85% confident');
    expect(svg).toContain('Jun 15');
    expect(svg).not.toContain('data-empty');
  });

  it('is an empty chart and a note when nothing was computed', () => {
    expect(forecastChart('ado', null)).toContain('data-empty="true"');
    expect(forecastTable('ado', null)).toContain('no forecast yet');
  });

  it('tabulates every scope: 85% counts with their range, done dates from the computation day, escaped names', () => {
    const html = forecastTable('jira', report());
    expect(html.match(/<tr data-scope=/g)).toHaveLength(3);
    expect(html).toContain(
      '<td data-horizon="14" title="by 2024-06-15: at least 12 (95%), 15 (85%), 20 (50%)">15<span class="spread">12–20</span></td>',
    );
    // 18, 22 and 25 days after 2024-06-01.
    expect(html).toContain('<td data-when="p50">2024-06-19<span class="spread">18 d</span></td>');
    expect(html).toContain('<td data-when="p85">2024-06-23<span class="spread">22 d</span></td>');
    expect(html).toContain('<td data-when="p95">2024-06-26<span class="spread">25 d</span></td>');
    expect(html).toContain('<td data-when="p85" class="none">no throughput</td>');
    expect(html).toContain('<td data-when="p50" class="none">nothing open</td>');
    expect(html).toContain('&lt;b&gt;Core&lt;/b&gt; &amp; &quot;friends&quot; · team');
    expect(html).not.toContain('<b>');
  });
});
