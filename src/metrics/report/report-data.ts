import type { ForecastReport } from './forecast-data.js';
import type { SprintReport } from './sprint-data.js';

/**
 * Everything the HTML report shows, loaded from the database by `loadReportData` (src/metrics/report-data-loader.ts)
 * and rendered by `renderReport` (src/metrics/report/render.ts). Dates are ISO days (YYYY-MM-DD, UTC); durations in days.
 */
export interface ReportData {
  /** When the report was made (ISO instant). */
  generatedAt: string;
  /** e.g. "127.0.0.1:5432/worksync" or "embedded PGlite in ./data". */
  database: string;
  platforms: PlatformReport[];
}

export interface PlatformReport {
  platform: 'ado' | 'jira';
  /** "Azure DevOps" / "Jira". */
  title: string;
  /** Summary figures for the table at the top. */
  summary: {
    items: number;
    openItems: number;
    openBugs: number;
    wip: number;
    /** Items completed in the last 30 days. */
    throughput30d: number;
    /** Median cycle time of items completed in the last 30 days (days); null when none. */
    cycleTimeP50: number | null;
    /** Bug MTTR over the last 30 days (days); null when none. */
    bugMttr: number | null;
    slaBreaches: number;
  };
  /** Open bugs per day by severity (P1..P4, "(none)"): one series per severity. */
  openBugsBySeverity: Series[];
  /** Per ISO week (Monday): created and resolved counts. */
  createdVsResolved: { week: string; created: number; resolved: number }[];
  /** Per day: count of items per state category (proposed, in_progress, resolved, completed). */
  cumulativeFlow: {
    day: string;
    proposed: number;
    in_progress: number;
    resolved: number;
    completed: number;
  }[];
  /** Completed items of the last 90 days: completion day and cycle time, with the p50/p85/p95 of those points. */
  cycleTimeScatter: {
    points: { id: string; day: string; cycleTimeDays: number; type: string }[];
    p50: number | null;
    p85: number | null;
    p95: number | null;
  };
  /** The sprint section: velocity, committed vs completed, current sprint's burndown (src/metrics/sprint-report-loader.ts). */
  sprints: SprintReport;
  /** Items in progress now: age since first active (days), oldest first, at most 30. */
  agingWip: { id: string; title: string; state: string; type: string; ageDays: number }[];
  /** The latest Monte Carlo forecasts; null when none were computed yet. */
  forecasts: ForecastReport | null;
}

/** A named time series of daily values. */
export interface Series {
  name: string;
  points: { day: string; value: number }[];
}
