/** Aging work in progress: one horizontal bar per item in progress, oldest at the top, coloured against cycle-time percentiles. */
import { bounds, type Plot, valueAxisBottom } from './axes.js';
import { chartFigure, type LegendEntry } from './chart.js';
import { AGE_COLORS, PERCENTILE_COLOR } from './palette.js';
import type { PlatformReport } from './report-data.js';
import { linearScale, valueTicks } from './scales.js';
import { esc, formatDays, px, truncate } from './text.js';

const ROW = 20;
/** Characters of id and title together that fit the left margin at the label font size. */
const LABEL_CHARS = 44;
const WIDTH = 960;
const MARGIN = { top: 22, right: 150, bottom: 44, left: 340 };

export function agingWipChart(
  platform: string,
  data: PlatformReport['agingWip'],
  cycleTime: { p50: number | null; p85: number | null },
): string {
  const items = data
    .filter((i) => Number.isFinite(i.ageDays))
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.ageDays - a.item.ageDays || a.index - b.index)
    .map(({ item }) => item);
  const plot: Plot = {
    width: WIDTH,
    height: MARGIN.top + Math.max(items.length, 4) * ROW + MARGIN.bottom,
    margin: MARGIN,
  };
  const spec = {
    name: 'aging-wip',
    platform,
    title: 'Aging work in progress',
    description: 'Items in progress now, oldest first: days since each first became active.',
    plot,
    wide: true,
  };
  if (items.length === 0) return chartFigure({ ...spec, legend: [], body: null });

  const { p50, p85 } = cycleTime;
  const known = p50 !== null && p85 !== null && Number.isFinite(p50) && Number.isFinite(p85);
  const colorOf = (age: number) =>
    !known
      ? AGE_COLORS.unknown
      : age <= p50
        ? AGE_COLORS.young
        : age <= p85
          ? AGE_COLORS.ageing
          : AGE_COLORS.old;

  const { x0, x1, y0, y1 } = bounds(plot);
  const marks = known ? [p50, p85] : [];
  const ticks = valueTicks(Math.max(...items.map((i) => i.ageDays), ...marks), 8);
  const x = linearScale([0, ticks[ticks.length - 1] ?? 1], [x0, x1]);

  const rows = items.map((item, i) => {
    const top = y0 + i * ROW;
    const mid = px(top + ROW / 2);
    const width = Math.max(1, x(Math.max(0, item.ageDays)) - x0);
    const id = truncate(item.id, 20);
    const title = truncate(item.title, Math.max(8, LABEL_CHARS - Array.from(id).length - 1));
    const tip = `${item.id} ${item.title} (${item.type}, ${item.state}): ${formatDays(item.ageDays)} days`;
    return (
      `<text class="row-label" x="${x0 - 8}" y="${mid}" text-anchor="end" dominant-baseline="middle">` +
      `<tspan class="row-id">${esc(id)}</tspan> ${esc(title)}<title>${esc(tip)}</title></text>` +
      `<rect class="bar" data-point="${esc(item.id)}" x="${px(x0)}" y="${px(top + 3)}" width="${px(width)}"` +
      ` height="${ROW - 6}" rx="2" fill="${colorOf(item.ageDays)}"><title>${esc(tip)}</title></rect>` +
      `<text class="bar-value" x="${px(x0 + width + 5)}" y="${mid}" dominant-baseline="middle">` +
      `${esc(formatDays(item.ageDays))} d · ${esc(truncate(item.state, 16))}</text>`
    );
  });
  const refs = known
    ? (
        [
          ['p50', p50],
          ['p85', p85],
        ] as const
      ).map(([name, value]) => {
        const at = px(x(value));
        return (
          `<line class="percentile" data-percentile="${name}" x1="${at}" x2="${at}" y1="${px(y0 - 4)}" y2="${px(y1)}" stroke="${PERCENTILE_COLOR}"/>` +
          // p50 is labelled left of its line and p85 right of its own, so close values never overlap.
          `<text class="percentile-label" x="${px(x(value) + (name === 'p50' ? -4 : 4))}" y="${px(y0 - 9)}"` +
          ` text-anchor="${name === 'p50' ? 'end' : 'start'}">${name} ${esc(formatDays(value))} d</text>`
        );
      })
    : [];

  const body = [
    valueAxisBottom(plot, ticks, x, 'age (days since first active)'),
    // Under the bars: the value labels' halo keeps them readable where a line crosses.
    `<g class="percentiles">${refs.join('')}</g>`,
    `<g class="marks">${rows.join('')}</g>`,
  ].join('');
  const legend: LegendEntry[] = known
    ? [
        { label: 'younger than the p50 cycle time', color: AGE_COLORS.young },
        { label: 'between p50 and p85', color: AGE_COLORS.ageing },
        { label: 'older than the p85 cycle time', color: AGE_COLORS.old },
        { label: 'cycle-time percentiles', color: PERCENTILE_COLOR, shape: 'dash' },
      ]
    : [{ label: 'in progress', color: AGE_COLORS.unknown }];
  return chartFigure({ ...spec, legend, body });
}
