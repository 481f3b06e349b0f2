/** Cumulative flow: the count of items per state category each day, stacked (completed at the bottom). */
import { bounds, dateAxisBottom, type Plot, valueAxisLeft } from './axes.js';
import { chartFigure } from './chart.js';
import { FLOW_CATEGORIES } from './palette.js';
import type { PlatformReport } from './report-data.js';
import { dateTicks, dayNumber, linearScale, valueTicks } from './scales.js';
import { esc, px } from './text.js';

const PLOT: Plot = { width: 640, height: 320, margin: { top: 12, right: 20, bottom: 54, left: 52 } };

export function cumulativeFlowChart(platform: string, data: PlatformReport['cumulativeFlow']): string {
  const days = data
    .map((d) => ({ ...d, at: dayNumber(d.day) }))
    .filter((d) => Number.isFinite(d.at))
    .sort((a, b) => a.at - b.at);
  const spec = {
    name: 'cumulative-flow',
    platform,
    title: 'Cumulative flow',
    description: 'Items in each state category at the end of each day, stacked.',
    plot: PLOT,
  };
  if (days.length === 0) return chartFigure({ ...spec, legend: [], body: null });

  // Stack bottom-up: each day's running total below and above every category.
  const value = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);
  const stacks = days.map((d) => {
    let total = 0;
    return FLOW_CATEGORIES.map((c) => {
      const low = total;
      total += value(d[c.key]);
      return { low, high: total };
    });
  });
  let start = days[0]!.at;
  let end = days[days.length - 1]!.at;
  if (start === end) {
    start -= 1;
    end += 1;
  }
  const { x0, x1, y0, y1 } = bounds(PLOT);
  const ticks = valueTicks(Math.max(...stacks.map((s) => s[s.length - 1]?.high ?? 0)));
  const x = linearScale([start, end], [x0, x1]);
  const y = linearScale([0, ticks[ticks.length - 1] ?? 1], [y1, y0]);
  // A single day is drawn as a band one day wide.
  const xs = days.length === 1 ? [x(start), x(end)] : days.map((d) => x(d.at));
  const rows = days.length === 1 ? [stacks[0]!, stacks[0]!] : stacks;

  const areas = FLOW_CATEGORIES.map((c, k) => {
    const top = rows.map((s, i) => `${i === 0 ? 'M' : 'L'}${px(xs[i]!)},${px(y(s[k]!.high))}`);
    const bottom = rows.map((s, i) => `L${px(xs[i]!)},${px(y(s[k]!.low))}`).reverse();
    const latest = stacks[stacks.length - 1]![k]!;
    const tip = `${c.label}: ${latest.high - latest.low} on the last day`;
    return (
      `<path class="area" data-series="${c.key}" d="${top.join('')}${bottom.join('')}Z" fill="${c.color}">` +
      `<title>${esc(tip)}</title></path>`
    );
  });

  const body = [
    valueAxisLeft(PLOT, ticks, y, 'items'),
    `<g class="marks">${areas.join('')}</g>`,
    dateAxisBottom(PLOT, dateTicks(start, end, 8), x, 'day'),
  ].join('');
  // The legend reads top to bottom like the stack.
  const legend = [...FLOW_CATEGORIES].reverse().map((c) => ({ label: c.label, color: c.color }));
  return chartFigure({ ...spec, legend, body });
}
