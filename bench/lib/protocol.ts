/** Messages between bench/run.ts and its child processes (the simulator servers and the sync worker). */

export type BenchPlatform = 'jira' | 'ado';

/** Data sizes of the Jira simulator, per project (live issues, their changelog histories). */
export interface JiraStats {
  platform: 'jira';
  projects: Record<string, { issues: number; histories: number }>;
  deleted: number;
}

/** Data sizes of the Azure DevOps simulator, per project, as its project-scoped reporting APIs serve them. */
export interface AdoStats {
  platform: 'ado';
  projects: Record<
    string,
    {
      items: number;
      deletedItems: number;
      /** Rows of reporting/workitemrevisions with includeDeleted (every revision whose project is this one). */
      revisions: number;
      /** Rows of reporting/workitemlinks (link additions and removals). */
      linkEvents: number;
      /** ADO_SCRUM_PROJECT teams of the project (one iterations request each). */
      teams: number;
    }
  >;
}

export type SimStats = JiraStats | AdoStats;

/** What a change step did: items changed, and changelog histories / revisions created, per project. */
export interface ChangeResult {
  changed: number;
  byProject: Record<string, number>;
  revisionsByProject: Record<string, number>;
}

/** What a soak change step did (bench/lib/soak-mutations.ts). */
export interface SoakChangeResult {
  changed: number;
  /** Status / state changes among them. */
  transitions: number;
  created: number;
}

export type SimRequestMessage =
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'change'; fraction: number; advanceMs: number }
  | { id: number; cmd: 'soak-change'; round: number; fraction: number; advanceMs: number }
  | { id: number; cmd: 'counts' }
  | { id: number; cmd: 'reset' }
  | { id: number; cmd: 'stop' };

export interface SimReady {
  type: 'ready';
  platform: BenchPlatform;
  env: Record<string, string>;
  startMs: number;
}

export interface SimReply {
  type: 'reply';
  id: number;
  value?: unknown;
  error?: string;
}

/** What the worker measured for one platform. */
export interface PlatformMeasure {
  platform: BenchPlatform;
  wallMs: number;
  /**
   * Time inside database transactions (pages: first statement to end of COMMIT where they ran, the
   * writer thread on PostgreSQL; other transactions whole): the writing.
   */
  dbWriteMs: number;
  /** Time in other statements (reads of stored state, locks). */
  dbReadMs: number;
  transactions: number;
  requests: { total: number; retries: number; waitedMs: number; byEndpoint: Record<string, number> };
  itemsFetched: number;
  itemsAdded: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  itemsDeleted: number;
  historyRows: number;
  relationRows: number;
  outcomes: string[];
  /** Set when the platform's sync failed (figures are then those of the pages committed before). */
  error?: string;
}

/** The worker's answer: per platform, and the process's memory. */
export interface WorkerResult {
  type: 'result';
  mode: 'full' | 'incremental';
  wallMs: number;
  migrateMs: number;
  platforms: PlatformMeasure[];
  /** process.resourceUsage().maxRSS, MB. */
  peakRssMb: number;
  /** Largest heapUsed seen by a 50 ms poll, MB. */
  peakHeapMb: number;
  /** CPU time of the worker process during the sync (user + system), ms. */
  cpuMs: number;
  /** Share of the sync's wall time the worker's event loop was busy (0–1): near 1, it is the bottleneck. */
  eventLoopUtilization: number;
  node: string;
}

/** The backfill worker's answer (scenario e). */
export interface BackfillResult {
  type: 'backfill';
  wallMs: number;
  snapshotRows: number;
  /** History rows the backfill reads (change_history + field_history of both schemas). */
  historyRows: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** Which backfill function ran. */
  api?: string;
  /** Set when no backfill can be run yet. */
  error?: string;
}
