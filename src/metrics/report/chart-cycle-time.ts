/** Cycle-time scatter: one dot per completed item (completion day, cycle time), with p50/p85/p95 lines. */
import { bounds, dateAxisBottom, type Plot, valueAxisLeft } from './axes.js';
import { chartFigure, type LegendEntry } from './chart.js';
import { categoryColor, PERCENTILE_COLOR } from './palette.js';
import type { PlatformReport } from './report-data.js';
import { dateTicks, dayNumber, linearScale, valueTicks } from './scales.js';
import { esc, formatDays, px } from './text.js';

const PLOT: Plot = { width: 640, height: 320, margin: { top: 12, right: 84, bottom: 54, left: 52 } };
const LABEL_GAP = 12;

/** Labels of the percentile lines, pushed apart vertically so that close values stay readable. */
function percentileLabels(lines: { name: string; value: number; at: number }[], top: number): string[] {
  const placed = [...lines].sort((a, b) => a.at - b.at).map((l) => ({ ...l, labelAt: l.at }));
  for (let i = 0; i < placed.length; i++) {
    const prev = placed[i - 1];
    const cur = placed[i]!;
    cur.labelAt = Math.max(cur.labelAt, prev ? prev.labelAt + LABEL_GAP : top + 4);
  }
  const x = PLOT.width - PLOT.margin.right + 6;
  return placed.map(
    (l) =>
      `<text class="percentile-label" x="${x}" y="${px(l.labelAt)}" dominant-baseline="middle">` +
      `${esc(l.name)} ${esc(formatDays(l.value))} d</text>`,
  );
}

export function cycleTimeChart(platform: string, data: PlatformReport['cycleTimeScatter']): string {
  const points = data.points
    .map((p) => ({ ...p, at: dayNumber(p.day) }))
    .filter((p) => Number.isFinite(p.at) && Number.isFinite(p.cycleTimeDays));
  const spec = {
    name: 'cycle-time-scatter',
    platform,
    title: 'Cycle time',
    description:
      'Items completed in the last 90 days: completion day and days from first active to completed. Dashed lines: percentiles.',
    plot: PLOT,
  };
  if (points.length === 0) return chartFigure({ ...spec, legend: [], body: null });

  const percentiles = (
    [
      ['p50', data.p50],
      ['p85', data.p85],
      ['p95', data.p95],
    ] as const
  ).flatMap(([name, value]) => (value !== null && Number.isFinite(value) ? [{ name, value }] : []));
  let start = Math.min(...points.map((p) => p.at));
  let end = Math.max(...points.map((p) => p.at));
  start -= 1;
  end += 1;
  const { x0, x1, y0, y1 } = bounds(PLOT);
  const top = Math.max(...points.map((p) => p.cycleTimeDays), ...percentiles.map((p) => p.value));
  const ticks = valueTicks(top);
  const x = linearScale([start, end], [x0, x1]);
  const y = linearScale([0, ticks[ticks.length - 1] ?? 1], [y1, y0]);

  // Types by frequency, so the commonest gets the first colour.
  const counts = new Map<string, number>();
  for (const p of points) counts.set(p.type, (counts.get(p.type) ?? 0) + 1);
  const types = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
  const colorOf = new Map(types.map((t, i) => [t, categoryColor(i)]));

  const dots = points.map((p) => {
    const tip = `${p.id} (${p.type}): ${formatDays(p.cycleTimeDays)} days, completed ${p.day}`;
    return (
      `<circle class="dot" data-point="${esc(p.id)}" cx="${px(x(p.at))}" cy="${px(y(Math.max(0, p.cycleTimeDays)))}"` +
      ` r="3.5" fill="${colorOf.get(p.type) ?? '#888'}"><title>${esc(tip)}</title></circle>`
    );
  });
  const lines = percentiles.map(({ name, value }) => {
    const at = px(y(value));
    return `<line class="percentile" data-percentile="${name}" x1="${px(x0)}" x2="${px(x1)}" y1="${at}" y2="${at}" stroke="${PERCENTILE_COLOR}"/>`;
  });
  const labels = percentileLabels(
    percentiles.map((p) => ({ ...p, at: y(p.value) })),
    y0,
  );

  const body = [
    valueAxisLeft(PLOT, ticks, y, 'cycle time (days)'),
    dateAxisBottom(PLOT, dateTicks(start, end, 7), x, 'completed'),
    `<g class="marks">${dots.join('')}</g>`,
    `<g class="percentiles">${lines.join('')}${labels.join('')}</g>`,
  ].join('');
  const legend: LegendEntry[] = types.map((t, i) => ({ label: t, color: categoryColor(i), shape: 'dot' }));
  if (percentiles.length > 0) legend.push({ label: 'percentiles', color: PERCENTILE_COLOR, shape: 'dash' });
  return chartFigure({ ...spec, legend, body });
}
