import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Platform } from '../domain/glossary.js';
import type { RequestStats } from '../http/request-stats.js';
import type { RunFigures } from '../store/runs.js';
import type { ScopeResult } from './run-once.js';

/** The service's Prometheus metrics (served at /metrics when WORKSYNC_HTTP_PORT is set). */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly runs = new Counter({
    name: 'worksync_sync_runs_total',
    help: 'Scope syncs by outcome',
    labelNames: ['platform', 'project', 'outcome'],
    registers: [this.registry],
  });
  private readonly items = new Counter({
    name: 'worksync_items_written_total',
    help: 'Work items added or updated',
    labelNames: ['platform', 'project'],
    registers: [this.registry],
  });
  private readonly history = new Counter({
    name: 'worksync_history_rows_written_total',
    help: 'State and field history rows added or updated',
    labelNames: ['platform', 'project'],
    registers: [this.registry],
  });
  private readonly requests = new Gauge({
    name: 'worksync_api_requests',
    help: 'API requests made since start, by endpoint',
    labelNames: ['platform', 'endpoint'],
    registers: [this.registry],
  });
  private readonly retries = new Gauge({
    name: 'worksync_api_retries',
    help: 'API requests retried since start',
    labelNames: ['platform'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'worksync_sync_duration_seconds',
    help: 'Duration of scope syncs',
    labelNames: ['platform', 'project'],
    buckets: [1, 5, 15, 60, 300, 900, 3600],
    registers: [this.registry],
  });
  private readonly lastSuccess = new Gauge({
    name: 'worksync_last_success_timestamp_seconds',
    help: 'Unix time of the last successful sync of a scope',
    labelNames: ['platform', 'project'],
    registers: [this.registry],
  });
  /** Page figures already counted per scope in the current pass (figures are cumulative per run). */
  private readonly counted = new Map<string, { items: number; history: number }>();

  page(platform: Platform, project: string, figures: RunFigures): void {
    const key = `${platform}:${project}`;
    const before = this.counted.get(key) ?? { items: 0, history: 0 };
    const items = figures.itemsAdded + figures.itemsUpdated;
    this.items.inc({ platform, project }, Math.max(0, items - before.items));
    this.history.inc({ platform, project }, Math.max(0, figures.historyRows - before.history));
    this.counted.set(key, { items, history: figures.historyRows });
  }

  pass(platform: Platform, results: ScopeResult[], stats: RequestStats): void {
    for (const result of results) {
      this.counted.delete(`${platform}:${result.project}`);
      this.runs.inc({ platform, project: result.project, outcome: result.outcome });
      if (result.outcome === 'skipped') continue;
      this.duration.observe({ platform, project: result.project }, result.durationMs / 1000);
      if (result.outcome === 'success')
        this.lastSuccess.set({ platform, project: result.project }, Date.now() / 1000);
    }
    this.requestStats(platform, stats);
  }

  failure(platform: Platform, stats: RequestStats): void {
    for (const key of this.counted.keys()) if (key.startsWith(`${platform}:`)) this.counted.delete(key);
    this.requestStats(platform, stats);
  }

  private requestStats(platform: Platform, stats: RequestStats): void {
    for (const [endpoint, n] of stats.byEndpoint) this.requests.set({ platform, endpoint }, n);
    this.retries.set({ platform }, stats.retries);
  }
}
