/** The frame of a chart: plot geometry, value axes with grid lines, date axes, axis labels. Returns SVG fragments. */
import type { DateTick, Scale } from './scales.js';
import { esc, formatTick, px } from './text.js';

/** An SVG canvas (viewBox size) and the margins around its plotting area. */
export interface Plot {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** The plotting area's edges in pixels. */
export function bounds(plot: Plot): { x0: number; x1: number; y0: number; y1: number } {
  const { width, height, margin } = plot;
  return { x0: margin.left, x1: width - margin.right, y0: margin.top, y1: height - margin.bottom };
}

/** Horizontal grid lines and labelled ticks on the left, with the axis title written upwards. */
export function valueAxisLeft(plot: Plot, ticks: number[], y: Scale, title: string): string {
  const { x0, x1, y0, y1 } = bounds(plot);
  const parts = ticks.map((t) => {
    const at = px(y(t));
    return (
      `<line class="grid" x1="${px(x0)}" x2="${px(x1)}" y1="${at}" y2="${at}"/>` +
      `<text class="tick" x="${px(x0 - 6)}" y="${at}" text-anchor="end" dominant-baseline="middle">${esc(formatTick(t))}</text>`
    );
  });
  const mid = px((y0 + y1) / 2);
  parts.push(
    `<text class="axis-title" transform="translate(14 ${mid}) rotate(-90)" text-anchor="middle">${esc(title)}</text>`,
  );
  return `<g class="axis axis-y">${parts.join('')}</g>`;
}

/** Vertical grid lines and labelled ticks along the bottom, with the axis title under them. */
export function valueAxisBottom(plot: Plot, ticks: number[], x: Scale, title: string): string {
  const { x0, x1, y0, y1 } = bounds(plot);
  const parts = ticks.map((t) => {
    const at = px(x(t));
    return (
      `<line class="grid" x1="${at}" x2="${at}" y1="${px(y0)}" y2="${px(y1)}"/>` +
      `<text class="tick" x="${at}" y="${px(y1 + 16)}" text-anchor="middle">${esc(formatTick(t))}</text>`
    );
  });
  parts.push(`<line class="baseline" x1="${px(x0)}" x2="${px(x0)}" y1="${px(y0)}" y2="${px(y1)}"/>`);
  parts.push(
    `<text class="axis-title" x="${px((x0 + x1) / 2)}" y="${px(plot.height - 8)}" text-anchor="middle">${esc(title)}</text>`,
  );
  return `<g class="axis axis-x">${parts.join('')}</g>`;
}

/** The baseline with date ticks (year under the first tick and at each new year) and the axis title. */
export function dateAxisBottom(plot: Plot, ticks: DateTick[], x: Scale, title: string): string {
  const { x0, x1, y1 } = bounds(plot);
  const parts = [`<line class="baseline" x1="${px(x0)}" x2="${px(x1)}" y1="${px(y1)}" y2="${px(y1)}"/>`];
  for (const tick of ticks) {
    const at = px(x(tick.at));
    parts.push(
      `<line class="tick-mark" x1="${at}" x2="${at}" y1="${px(y1)}" y2="${px(y1 + 5)}"/>`,
      `<text class="tick" x="${at}" y="${px(y1 + 17)}" text-anchor="middle">${esc(tick.label)}</text>`,
    );
    if (tick.year)
      parts.push(
        `<text class="tick year" x="${at}" y="${px(y1 + 30)}" text-anchor="middle">${esc(tick.year)}</text>`,
      );
  }
  parts.push(
    `<text class="axis-title" x="${px((x0 + x1) / 2)}" y="${px(plot.height - 6)}" text-anchor="middle">${esc(title)}</text>`,
  );
  return `<g class="axis axis-x">${parts.join('')}</g>`;
}
