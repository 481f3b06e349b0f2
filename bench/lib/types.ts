import type { SimProcess } from './children.js';
import type { DbTarget } from './db-target.js';
import type { AdoScopeMode, Minimum } from './minimum.js';
import type { PlainInsertResult } from './plain-insert.js';
import type { AdoStats, BenchPlatform, JiraStats } from './protocol.js';

/** One target of the issue, checked against a figure of a scenario. */
export interface TargetCheck {
  name: string;
  target: string;
  value: string;
  met: boolean;
  note?: string;
}

/** Figures of one platform within a scenario. */
export interface PlatformFigures {
  platform: BenchPlatform;
  projects: number;
  wallMs: number;
  itemsFetched: number;
  itemsWritten: number;
  historyRows: number;
  relationRows: number;
  itemsPerSec: number;
  historyRowsPerSec: number;
  requests: number;
  requestsByEndpoint: Record<string, number>;
  /** The simulator's own count of the requests it served (a cross-check of worksync's count). */
  simulatorRequests: number;
  requestsPer1000Items: number | null;
  minimumRequests: number;
  minimumParts: Record<string, number>;
  minimumFormula: string;
  requestRatio: number;
  retries: number;
  dbWriteMs: number;
  dbReadMs: number;
  /** dbWriteMs / wallMs. */
  dbWriteShare: number;
  /** Scopes and how they ended. */
  outcomes: string[];
  /** Set when the platform's sync failed: the figures are those of the pages committed before. */
  error?: string;
}

/** A plain bulk insert of the rows the scenario wrote, and worksync's writing rate against it. */
export interface WriteComparison {
  rows: number;
  worksyncWriteMs: number;
  worksyncRowsPerSec: number;
  plain: PlainInsertResult;
  /** worksyncRowsPerSec / plain.rowsPerSec. */
  ratio: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  status: 'ok' | 'not available yet' | 'failed';
  note?: string;
  itemsPerPlatform: number;
  /** Wall time of the sync (both platforms in parallel, as `worksync sync` runs them), ms. */
  wallMs: number;
  itemsFetched: number;
  historyRows: number;
  itemsPerSec: number;
  historyRowsPerSec: number;
  requests: number;
  requestsPer1000Items: number | null;
  minimumRequests: number;
  requestRatio: number;
  /** Peak RSS of the worksync process (the simulators run in other processes), MB. */
  peakRssMb: number;
  peakHeapMb: number;
  dbWriteMs: number;
  dbWriteShare: number;
  write?: WriteComparison;
  platforms: PlatformFigures[];
  targets: TargetCheck[];
  extra?: Record<string, unknown>;
}

/** A result without figures: a scenario that failed or could not run. */
export function resultWithoutFigures(
  head: Pick<ScenarioResult, 'id' | 'title' | 'status' | 'note' | 'itemsPerPlatform'>,
  targets: TargetCheck[] = [],
): ScenarioResult {
  return {
    ...head,
    wallMs: 0,
    itemsFetched: 0,
    historyRows: 0,
    itemsPerSec: 0,
    historyRowsPerSec: 0,
    requests: 0,
    requestsPer1000Items: null,
    minimumRequests: 0,
    requestRatio: 0,
    peakRssMb: 0,
    peakHeapMb: 0,
    dbWriteMs: 0,
    dbWriteShare: 0,
    platforms: [],
    targets,
  };
}

/** What a scenario module gets to work with. */
export interface BenchContext {
  /** Work items per platform of the current data set. */
  items: number;
  seed: number;
  db: DbTarget;
  /** worksync variables for the worker: simulators, database, schemas, logs. */
  workerEnv: Record<string, string>;
  schemas: { adoSchema: string; jiraSchema: string };
  /** The simulators and their data sizes; absent when no scenario of the data set needs them. */
  sims?: { jira: SimProcess; ado: SimProcess };
  stats?: { jira: JiraStats; ado: AdoStats };
  /** Results of the scenarios run so far in this run (for cross-scenario targets). */
  previous: ScenarioResult[];
  cpuProfDir?: string;
  /** How the worker reads Azure DevOps: ADO_PROJECT=* (default) or the simulator's project list. */
  adoScope: AdoScopeMode;
  /** --max-old-space-size of the sync worker (a diagnostic: does the sync fit in a small heap?). */
  workerHeapMb?: number;
  log(line: string): void;
}

/** A scenario of the benchmark; bench/scenarios/ holds one module per scenario. */
export interface Scenario {
  id: string;
  title: string;
  /** 'default': the 20,000-item data set; 'large': the 100,000-item one (with --large). */
  dataSet: 'default' | 'large';
  /** Whether the scenario needs the simulators running (a backfill only reads the database). */
  needsSims: boolean;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

export type { Minimum };

/** The simulators of a context that needs them. */
export function requireSims(ctx: BenchContext): {
  sims: { jira: SimProcess; ado: SimProcess };
  stats: { jira: JiraStats; ado: AdoStats };
} {
  if (!ctx.sims || !ctx.stats) throw new Error('this scenario needs the simulators, which are not running');
  return { sims: ctx.sims, stats: ctx.stats };
}
