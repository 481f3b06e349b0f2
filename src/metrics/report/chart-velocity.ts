/** Velocity of one team: committed and completed points per ended sprint side by side, with the rolling average line. */
import { bounds, type Plot, valueAxisLeft } from './axes.js';
import { chartFigure } from './chart.js';
import { SPRINT_COLORS } from './palette.js';
import { linearScale, valueTicks } from './scales.js';
import type { SprintTeam } from './sprint-data.js';
import { esc, formatTick, px, truncate } from './text.js';

const PLOT: Plot = { width: 640, height: 320, margin: { top: 12, right: 20, bottom: 72, left: 52 } };
/** Characters of a sprint name under its bars (the whole name is in the bars' tooltips). */
const LABEL_CHARS = 14;

export function velocityChart(platform: string, key: string, team: SprintTeam): string {
  const sprints = team.sprints;
  const spec = {
    name: 'sprint-velocity',
    platform,
    key,
    title: `Velocity · ${team.label}`,
    description:
      'Points committed at the start and completed by the end of each ended sprint; the line is the mean completed over the last 3 sprints.',
    plot: PLOT,
  };
  if (sprints.length === 0) return chartFigure({ ...spec, legend: [], body: null });

  const { x0, x1, y0, y1 } = bounds(PLOT);
  const top = Math.max(...sprints.flatMap((s) => [s.committedPoints, s.completedPoints, s.velocityAvg ?? 0]));
  const ticks = valueTicks(top, 5, false);
  const y = linearScale([0, ticks[ticks.length - 1] ?? 1], [y1, y0]);
  const slot = (x1 - x0) / sprints.length;
  const gap = Math.min(14, slot * 0.25);
  const bar = Math.max(0.5, (slot - gap) / 2);
  const centre = (i: number) => x0 + slot * i + slot / 2;

  const rects = sprints.flatMap((s, i) => {
    const left = x0 + slot * i + gap / 2;
    return (
      [
        ['committed', s.committedPoints, s.committedCount, SPRINT_COLORS.committed, left],
        ['completed', s.completedPoints, s.completedCount, SPRINT_COLORS.completed, left + bar],
      ] as const
    ).map(([kind, points, count, color, at]) => {
      const h = y(Math.max(0, points));
      const tip = `${s.name} (${s.startDay} to ${s.endDay}): ${formatTick(points)} points ${kind} (${count} items)`;
      return (
        `<rect class="bar" data-point="${esc(`${s.sprintId} ${kind}`)}" data-series="${kind}"` +
        ` x="${px(at)}" y="${px(h)}" width="${px(bar)}" height="${px(y1 - h)}" fill="${color}">` +
        `<title>${esc(tip)}</title></rect>`
      );
    });
  });
  const averaged = sprints.flatMap((s, i) => (s.velocityAvg === null ? [] : [{ i, value: s.velocityAvg }]));
  const d = averaged.map((p, j) => `${j === 0 ? 'M' : 'L'}${px(centre(p.i))},${px(y(p.value))}`).join('');
  const last = averaged[averaged.length - 1];
  const line =
    averaged.length > 1 && last
      ? `<path class="line" data-series="average" d="${d}" stroke="${SPRINT_COLORS.average}">` +
        `<title>${esc(`mean of the last 3 sprints: ${formatTick(last.value)} points`)}</title></path>`
      : '';
  const dots = averaged.map(
    (p) =>
      `<circle class="avg-dot" cx="${px(centre(p.i))}" cy="${px(y(p.value))}" r="3" fill="${SPRINT_COLORS.average}"/>`,
  );
  const labels = sprints.map((s, i) => {
    const at = centre(i);
    return (
      `<text class="tick sprint-label" transform="translate(${px(at)} ${px(y1 + 12)}) rotate(-30)" text-anchor="end">` +
      `${esc(truncate(s.name, LABEL_CHARS))}</text>`
    );
  });
  const body = [
    valueAxisLeft(PLOT, ticks, y, 'story points'),
    `<g class="axis axis-x"><line class="baseline" x1="${px(x0)}" x2="${px(x1)}" y1="${px(y1)}" y2="${px(y1)}"/>${labels.join('')}</g>`,
    `<g class="marks">${rects.join('')}${line}</g>`,
    `<g class="average-dots">${dots.join('')}</g>`,
  ].join('');
  const legend = [
    { label: 'Committed', color: SPRINT_COLORS.committed },
    { label: 'Completed', color: SPRINT_COLORS.completed },
    { label: 'Average (3 sprints)', color: SPRINT_COLORS.average, shape: 'line' as const },
  ];
  return chartFigure({ ...spec, legend, body });
}
