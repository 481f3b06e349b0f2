/** Created vs resolved per week: two bars side by side for each ISO week. */
import { bounds, dateAxisBottom, type Plot, valueAxisLeft } from './axes.js';
import { chartFigure } from './chart.js';
import { CREATED_COLOR, RESOLVED_COLOR } from './palette.js';
import type { PlatformReport } from './report-data.js';
import { dateTicks, dayNumber, dayString, linearScale, valueTicks } from './scales.js';
import { esc, formatCount, px } from './text.js';

const PLOT: Plot = { width: 640, height: 320, margin: { top: 12, right: 20, bottom: 54, left: 52 } };

export function createdResolvedChart(platform: string, data: PlatformReport['createdVsResolved']): string {
  const weeks = data
    .map((w) => ({ ...w, at: dayNumber(w.week) }))
    .filter((w) => Number.isFinite(w.at) && Number.isFinite(w.created) && Number.isFinite(w.resolved))
    .sort((a, b) => a.at - b.at);
  const spec = {
    name: 'created-vs-resolved',
    platform,
    title: 'Created vs resolved per week',
    description: 'Items created and items resolved in each ISO week (weeks start on Monday).',
    plot: PLOT,
  };
  if (weeks.length === 0) return chartFigure({ ...spec, legend: [], body: null });

  const start = weeks[0]!.at;
  const end = weeks[weeks.length - 1]!.at + 7;
  const { x0, x1, y0, y1 } = bounds(PLOT);
  const ticks = valueTicks(Math.max(...weeks.flatMap((w) => [w.created, w.resolved])));
  const x = linearScale([start, end], [x0, x1]);
  const y = linearScale([0, ticks[ticks.length - 1] ?? 1], [y1, y0]);
  const weekWidth = x(start + 7) - x(start);
  const gap = Math.min(6, weekWidth * 0.2);
  const bar = Math.max(0.5, (weekWidth - gap) / 2);

  const rects = weeks.flatMap((w) => {
    const left = x(w.at) + gap / 2;
    return (
      [
        ['created', w.created, CREATED_COLOR, left],
        ['resolved', w.resolved, RESOLVED_COLOR, left + bar],
      ] as const
    ).map(([kind, value, color, at]) => {
      const top = y(value);
      const tip = `week of ${dayString(w.at)}: ${formatCount(value)} ${kind}`;
      return (
        `<rect class="bar" data-point="${esc(`${dayString(w.at)} ${kind}`)}" data-series="${kind}"` +
        ` x="${px(at)}" y="${px(top)}" width="${px(bar)}" height="${px(y1 - top)}" fill="${color}">` +
        `<title>${esc(tip)}</title></rect>`
      );
    });
  });

  const body = [
    valueAxisLeft(PLOT, ticks, y, 'items per week'),
    dateAxisBottom(PLOT, dateTicks(start, end, 8), x, 'week'),
    `<g class="marks">${rects.join('')}</g>`,
  ].join('');
  const legend = [
    { label: 'Created', color: CREATED_COLOR },
    { label: 'Resolved', color: RESOLVED_COLOR },
  ];
  return chartFigure({ ...spec, legend, body });
}
