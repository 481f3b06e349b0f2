/**
 * Burndown and burnup of a team's current sprint (the active one, else the most recently started), from
 * `sprint_burndown`: each day's figures are drawn at the end of that day, after a first point at the start
 * (the committed scope). The dashed ideal line runs straight from the committed scope to zero (burndown)
 * or from zero to it (burnup) over the planned days. Points, or item counts when nothing is estimated.
 */
import { bounds, dateAxisBottom, type Plot, valueAxisLeft } from './axes.js';
import { chartFigure, type LegendEntry } from './chart.js';
import { SPRINT_COLORS } from './palette.js';
import { dateTicks, dayNumber, dayString, linearScale, type Scale, valueTicks } from './scales.js';
import type { CurrentSprint, SprintTeam } from './sprint-data.js';
import { esc, formatTick, px } from './text.js';

const PLOT: Plot = { width: 640, height: 320, margin: { top: 12, right: 20, bottom: 54, left: 52 } };

type Kind = 'burndown' | 'burnup';
type Line = { series: string; label: string; color: string; points: { at: number; value: number }[] };

/** Points when the sprint holds any estimate, else counts. */
function usesPoints(s: CurrentSprint): boolean {
  return s.committedPoints > 0 || s.days.some((d) => d.scopePoints > 0);
}

function lines(kind: Kind, s: CurrentSprint, start: number): Line[] {
  const pts = usesPoints(s);
  const committed = pts ? s.committedPoints : s.committedCount;
  const days = s.days
    .map((d) => ({ d, at: dayNumber(d.day) + 1 }))
    .filter((d) => Number.isFinite(d.at))
    .sort((a, b) => a.at - b.at);
  const series = (value: (d: CurrentSprint['days'][number]) => number, first: number) => [
    { at: start, value: first },
    ...days.map(({ d, at }) => ({ at, value: value(d) })),
  ];
  if (kind === 'burndown')
    return [
      {
        series: 'remaining',
        label: 'Remaining',
        color: SPRINT_COLORS.remaining,
        points: series((d) => (pts ? d.remainingPoints : d.remainingCount), committed),
      },
    ];
  return [
    {
      series: 'scope',
      label: 'Scope',
      color: SPRINT_COLORS.scope,
      points: series((d) => (pts ? d.scopePoints : d.scopeCount), committed),
    },
    {
      series: 'completed',
      label: 'Completed',
      color: SPRINT_COLORS.done,
      points: series((d) => (pts ? d.completedPoints : d.completedCount), 0),
    },
  ];
}

function path(line: Line, x: Scale, y: Scale): string {
  return line.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${px(x(p.at))},${px(y(p.value))}`).join('');
}

function sprintChart(kind: Kind, platform: string, key: string, team: SprintTeam): string {
  const s = team.current;
  const what = s ? `${s.name}${s.active ? '' : ' (ended)'}` : 'current sprint';
  const spec = {
    name: `sprint-${kind}`,
    platform,
    key,
    title: `${kind === 'burndown' ? 'Burndown' : 'Burnup'} · ${team.label} · ${what}`,
    description:
      kind === 'burndown'
        ? 'Work not yet completed in the sprint at the end of each day (UTC); dashed: the ideal, straight to zero by its last day.'
        : 'Scope of the sprint and work completed at the end of each day (UTC); dashed: the ideal, straight to the committed scope by its last day.',
    plot: PLOT,
  };
  const start = s ? dayNumber(s.startDay) : Number.NaN;
  const end = s ? dayNumber(s.endDay) + 1 : Number.NaN;
  if (!s || s.days.length === 0 || !Number.isFinite(start) || !(end > start))
    return chartFigure({ ...spec, legend: [], body: null });

  const pts = usesPoints(s);
  const committed = pts ? s.committedPoints : s.committedCount;
  const drawn = lines(kind, s, start);
  const ideal: Line = {
    series: 'ideal',
    label: 'Ideal',
    color: SPRINT_COLORS.ideal,
    points:
      kind === 'burndown'
        ? [
            { at: start, value: committed },
            { at: end, value: 0 },
          ]
        : [
            { at: start, value: 0 },
            { at: end, value: committed },
          ],
  };
  const { x0, x1, y0, y1 } = bounds(PLOT);
  const ticks = valueTicks(
    Math.max(committed, ...drawn.flatMap((l) => l.points.map((p) => p.value))),
    5,
    !pts,
  );
  const x = linearScale([start, end], [x0, x1]);
  const y = linearScale([0, ticks[ticks.length - 1] ?? 1], [y1, y0]);
  const unit = pts ? 'points' : 'items';
  const marks = drawn.map((l) => {
    const last = l.points[l.points.length - 1]!;
    const tip = `${l.label}: ${formatTick(last.value)} ${unit} at the end of ${dayString(last.at - 1)}`;
    return `<path class="line" data-series="${l.series}" d="${path(l, x, y)}" stroke="${l.color}"><title>${esc(tip)}</title></path>`;
  });
  const body = [
    valueAxisLeft(PLOT, ticks, y, pts ? 'story points' : 'items'),
    dateAxisBottom(PLOT, dateTicks(start, end, 8), x, 'day'),
    `<g class="ideal"><path class="line percentile" data-ideal="${kind}" d="${path(ideal, x, y)}" stroke="${ideal.color}"/></g>`,
    `<g class="marks">${marks.join('')}</g>`,
  ].join('');
  const legend: LegendEntry[] = [
    ...drawn.map((l) => ({ label: l.label, color: l.color, shape: 'line' as const })),
    { label: 'Ideal', color: ideal.color, shape: 'dash' },
  ];
  return chartFigure({ ...spec, legend, body });
}

export function burndownChart(platform: string, key: string, team: SprintTeam): string {
  return sprintChart('burndown', platform, key, team);
}

export function burnupChart(platform: string, key: string, team: SprintTeam): string {
  return sprintChart('burnup', platform, key, team);
}
