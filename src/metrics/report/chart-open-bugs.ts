/** Open bugs by severity over time: one line per severity. */
import { bounds, dateAxisBottom, type Plot, valueAxisLeft } from './axes.js';
import { chartFigure, type LegendEntry } from './chart.js';
import { SEVERITY_ORDER, severityColor } from './palette.js';
import type { Series } from './report-data.js';
import { dateTicks, dayNumber, dayString, linearScale, valueTicks } from './scales.js';
import { esc, formatCount, px } from './text.js';

const PLOT: Plot = { width: 640, height: 320, margin: { top: 12, right: 20, bottom: 54, left: 52 } };

/** Severities in a fixed order (P1..P4, "(none)", then others as given), each with its points by day. */
function orderedSeries(series: Series[]): { name: string; points: { at: number; value: number }[] }[] {
  const rank = (name: string) => {
    const i = SEVERITY_ORDER.indexOf(name);
    return i === -1 ? SEVERITY_ORDER.length : i;
  };
  return series
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s.name) - rank(b.s.name) || a.i - b.i)
    .map(({ s }) => ({
      name: s.name,
      points: s.points
        .map((p) => ({ at: dayNumber(p.day), value: p.value }))
        .filter((p) => Number.isFinite(p.at) && Number.isFinite(p.value))
        .sort((a, b) => a.at - b.at),
    }))
    .filter((s) => s.points.length > 0);
}

export function openBugsChart(platform: string, data: Series[]): string {
  const series = orderedSeries(data);
  const spec = {
    name: 'open-bugs-by-severity',
    platform,
    title: 'Open bugs by severity',
    description: 'Bugs open at the end of each day, one line per severity.',
    plot: PLOT,
  };
  if (series.length === 0) return chartFigure({ ...spec, legend: [], body: null });

  const days = series.flatMap((s) => s.points.map((p) => p.at));
  let start = Math.min(...days);
  let end = Math.max(...days);
  if (start === end) {
    start -= 1;
    end += 1;
  }
  const { x0, x1, y0, y1 } = bounds(PLOT);
  const ticks = valueTicks(Math.max(...series.flatMap((s) => s.points.map((p) => p.value))));
  const x = linearScale([start, end], [x0, x1]);
  const y = linearScale([0, ticks[ticks.length - 1] ?? 1], [y1, y0]);

  const legend: LegendEntry[] = [];
  const lines = series.map((s, i) => {
    const color = severityColor(s.name, i);
    legend.push({ label: s.name, color, shape: 'line' });
    const first = s.points[0]!;
    const last = s.points[s.points.length - 1]!;
    // A lone point still shows: a short tick around it.
    const d =
      s.points.length === 1
        ? `M${px(x(first.at) - 3)},${px(y(first.value))}h6`
        : s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${px(x(p.at))},${px(y(p.value))}`).join('');
    const tip = `${s.name}: ${formatCount(last.value)} open on ${dayString(last.at)}`;
    return `<path class="line" data-series="${esc(s.name)}" d="${d}" stroke="${color}"><title>${esc(tip)}</title></path>`;
  });

  const body = [
    valueAxisLeft(PLOT, ticks, y, 'open bugs'),
    dateAxisBottom(PLOT, dateTicks(start, end, 8), x, 'day'),
    `<g class="marks">${lines.join('')}</g>`,
  ].join('');
  return chartFigure({ ...spec, legend, body });
}
