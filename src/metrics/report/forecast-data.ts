/** The forecasts the report shows (one platform), loaded from `<schema>.forecasts` by src/metrics/forecast-report-loader.ts. */

/** An answer at 50%, 85% and 95% confidence; null where none (no history, or beyond ten years). */
export interface Confidences {
  p50: number | null;
  p85: number | null;
  p95: number | null;
}

export interface ForecastScope {
  /** all | project | team. */
  scope: string;
  /** '' for all; the project key or name; the team (Azure DevOps) or `board N` (Jira). */
  value: string;
  openItems: number;
  /** Completions and days in the history sample. */
  sampleItems: number;
  sampleDays: number;
  /** Items done from tomorrow to each horizon (at least this many, with that confidence). */
  howMany: ({ horizonDays: number; targetDate: string } & Confidences)[];
  /** Days until the open items are done (within this many, with that confidence). */
  when: Confidences;
}

export interface ForecastReport {
  /** The day they were computed (ISO day). */
  computedOn: string;
  trials: number;
  windowWeeks: number;
  seed: number;
  /** The platform first (scope all), then projects, then teams, each by name. */
  scopes: ForecastScope[];
}
