/**
 * The offline HTML report: `renderReport(data)` returns one self-contained HTML file (inline CSS, charts as
 * inline SVG, no scripts, nothing fetched). Every chart's `<svg>` has `data-chart="<name>"` and
 * `data-platform`; each plotted mark has `data-series` (line and area paths, bars) and/or `data-point`
 * (bars, scatter dots), so tests can count them. Chart names: open-bugs-by-severity, created-vs-resolved,
 * cumulative-flow, cycle-time-scatter, aging-wip, forecast-how-many (and the table `table.forecast`).
 */
import { page } from './page.js';
import type { ReportData } from './report-data.js';

export const CHART_NAMES = [
  'open-bugs-by-severity',
  'created-vs-resolved',
  'cumulative-flow',
  'cycle-time-scatter',
  'aging-wip',
  'forecast-how-many',
] as const;

export type ChartName = (typeof CHART_NAMES)[number];

/** CSS selector of a chart's plotted marks (not legends, axes or percentile lines). */
export const MARK_SELECTOR = '.marks [data-point], .marks [data-series]';

export function renderReport(data: ReportData): string {
  return page(data);
}
