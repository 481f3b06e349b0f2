/** The summary figures of each platform: their columns, shared by the HTML report and the terminal table. */
import { formatTable } from '../../cli/table.js';
import type { PlatformReport, ReportData } from './report-data.js';
import { formatCount, formatDays } from './text.js';

type Summary = PlatformReport['summary'];

export interface SummaryColumn {
  key: keyof Summary;
  label: string;
  /** Counts print as integers; durations in days with one decimal ("-" when unknown). */
  kind: 'count' | 'days';
  /** What the figure means, for a tooltip. */
  hint: string;
}

export const SUMMARY_COLUMNS: SummaryColumn[] = [
  { key: 'items', label: 'Items', kind: 'count', hint: 'work items of every type, deleted ones excluded' },
  { key: 'openItems', label: 'Open', kind: 'count', hint: 'items not resolved, completed or removed' },
  { key: 'openBugs', label: 'Open bugs', kind: 'count', hint: 'open items of type Bug' },
  { key: 'wip', label: 'WIP', kind: 'count', hint: 'items in progress now' },
  { key: 'throughput30d', label: 'Done 30d', kind: 'count', hint: 'items completed in the last 30 days' },
  {
    key: 'cycleTimeP50',
    label: 'Cycle p50',
    kind: 'days',
    hint: 'median cycle time of the items completed in the last 30 days, in days',
  },
  {
    key: 'bugMttr',
    label: 'Bug MTTR',
    kind: 'days',
    hint: 'mean time to resolve bugs, last 30 days, in days',
  },
  {
    key: 'slaBreaches',
    label: 'SLA breaches',
    kind: 'count',
    hint: 'open bugs older than their severity allows',
  },
];

/** One summary figure as text: `1,234`, `4.2` (days) or `-`. */
export function formatFigure(summary: Summary, column: SummaryColumn): string {
  const value = summary[column.key];
  if (column.kind === 'days') return formatDays(value);
  return value === null || !Number.isFinite(value) ? '-' : formatCount(value);
}

/**
 * The plain-text summary for the terminal: one row per platform, durations in days.
 *
 *     platform      Items  Open  Open bugs  ...
 *     ------------  -----  ----  ---------
 *     Azure DevOps  2,500  812   143
 */
export function formatSummary(data: ReportData): string {
  if (data.platforms.length === 0)
    return 'no platform in the report: configure Azure DevOps or Jira and sync';
  const headers = [
    'platform',
    ...SUMMARY_COLUMNS.map((c) => (c.kind === 'days' ? `${c.label} (d)` : c.label)),
  ];
  const rows = data.platforms.map((p) => [
    p.title,
    ...SUMMARY_COLUMNS.map((c) => formatFigure(p.summary, c)),
  ]);
  return formatTable(headers, rows);
}
