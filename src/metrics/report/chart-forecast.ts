/**
 * "How many items by then": for each horizon of the platform's forecast, three bars side by side, the
 * items done at least with 95%, 85% and 50% confidence (so the bars rise as confidence falls).
 */
import { bounds, type Plot, valueAxisLeft } from './axes.js';
import { chartFigure } from './chart.js';
import type { ForecastReport } from './forecast-data.js';
import { FORECAST_COLORS } from './palette.js';
import { linearScale, valueTicks } from './scales.js';
import { esc, formatCount, px } from './text.js';

const PLOT: Plot = { width: 640, height: 320, margin: { top: 22, right: 20, bottom: 54, left: 52 } };

/** The bars of a horizon, most confident first. */
export const FORECAST_LEVELS = [
  { key: 'p95', label: '95% confident', color: FORECAST_COLORS.p95 },
  { key: 'p85', label: '85% confident', color: FORECAST_COLORS.p85 },
  { key: 'p50', label: '50% (as likely as not)', color: FORECAST_COLORS.p50 },
] as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const shortDay = (iso: string) => `${MONTHS[Number(iso.slice(5, 7)) - 1] ?? ''} ${Number(iso.slice(8, 10))}`;

export function forecastChart(platform: string, data: ForecastReport | null): string {
  const all = data?.scopes.find((s) => s.scope === 'all');
  const horizons = (all?.howMany ?? []).filter((h) => h.p50 !== null && h.p85 !== null && h.p95 !== null);
  const spec = {
    name: 'forecast-how-many',
    platform,
    title: 'How many items will be done',
    description: data
      ? `Items completed from tomorrow to each date: ${formatCount(data.trials)} Monte Carlo trials of the daily throughput of the last ${data.windowWeeks} weeks.`
      : 'Items completed from tomorrow to each date, by Monte Carlo simulation of the recent daily throughput.',
    plot: PLOT,
  };
  if (horizons.length === 0) return chartFigure({ ...spec, legend: [], body: null });

  const { x0, x1, y0, y1 } = bounds(PLOT);
  const ticks = valueTicks(Math.max(...horizons.map((h) => h.p50 ?? 0)));
  const y = linearScale([0, ticks[ticks.length - 1] ?? 1], [y1, y0]);
  const slot = (x1 - x0) / horizons.length;
  const bar = Math.min(42, (slot * 0.75) / FORECAST_LEVELS.length);
  const groups = horizons.map((h, i) => {
    const left = x0 + i * slot + (slot - bar * FORECAST_LEVELS.length) / 2;
    const rects = FORECAST_LEVELS.map((level, k) => {
      const value = h[level.key] ?? 0;
      const top = y(value);
      const at = left + k * bar;
      const tip = `by ${h.targetDate} (${h.horizonDays} days): at least ${formatCount(value)} items, ${level.label}`;
      return (
        `<rect class="bar" data-point="${esc(`${h.horizonDays} ${level.key}`)}" data-series="${level.key}"` +
        ` x="${px(at + 1)}" y="${px(top)}" width="${px(Math.max(0.5, bar - 2))}" height="${px(Math.max(0, y1 - top))}"` +
        ` fill="${level.color}"><title>${esc(tip)}</title></rect>` +
        `<text class="bar-value" x="${px(at + bar / 2)}" y="${px(top - 4)}" text-anchor="middle">${esc(formatCount(value))}</text>`
      );
    });
    const mid = px(x0 + (i + 0.5) * slot);
    const label =
      `<text class="tick" x="${mid}" y="${px(y1 + 17)}" text-anchor="middle">${esc(shortDay(h.targetDate))}</text>` +
      `<text class="tick year" x="${mid}" y="${px(y1 + 30)}" text-anchor="middle">${esc(`${h.horizonDays} days`)}</text>`;
    return { rects: rects.join(''), label };
  });

  const body = [
    valueAxisLeft(PLOT, ticks, y, 'items done'),
    `<g class="axis axis-x"><line class="baseline" x1="${px(x0)}" x2="${px(x1)}" y1="${px(y1)}" y2="${px(y1)}"/>` +
      `${groups.map((g) => g.label).join('')}` +
      `<text class="axis-title" x="${px((x0 + x1) / 2)}" y="${px(PLOT.height - 6)}" text-anchor="middle">done by</text></g>`,
    `<g class="marks">${groups.map((g) => g.rects).join('')}</g>`,
  ].join('');
  return chartFigure({
    ...spec,
    legend: FORECAST_LEVELS.map((l) => ({ label: l.label, color: l.color })),
    body,
  });
}
