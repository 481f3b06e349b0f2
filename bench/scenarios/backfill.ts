import { runBackfillWorker } from '../lib/children.js';
import { resultWithoutFigures, type Scenario, type ScenarioResult } from '../lib/types.js';

/** Days of history snapshots the backfill computes. */
export const BACKFILL_DAYS = 365;

function notAvailable(items: number, note: string): ScenarioResult {
  return resultWithoutFigures({
    id: 'e',
    title: `${BACKFILL_DAYS}-day snapshot backfill`,
    status: 'not available yet',
    note,
    itemsPerPlatform: items,
  });
}

/** (e) the 365-day snapshot backfill over the data of (d), in the worker process (its RSS is measured). */
export const scenarioE: Scenario = {
  id: 'e',
  title: `${BACKFILL_DAYS}-day snapshot backfill over the data of (d)`,
  dataSet: 'large',
  needsSims: false,
  async run(ctx) {
    if (!ctx.previous.some((r) => r.id === 'd' && r.status === 'ok'))
      return notAvailable(ctx.items, 'needs the data of (d): run with --large');
    const result = await runBackfillWorker(ctx.workerEnv, BACKFILL_DAYS, {
      ...(ctx.cpuProfDir ? { cpuProf: ctx.cpuProfDir } : {}),
      ...(ctx.workerHeapMb ? { heapMb: ctx.workerHeapMb } : {}),
    });
    if (result.error) return notAvailable(ctx.items, result.error);
    return {
      ...notAvailable(ctx.items, ''),
      status: 'ok',
      note: `${result.snapshotRows} history_snapshots rows written (both platforms) by ${result.api ?? 'the backfill'}`,
      wallMs: Math.round(result.wallMs),
      historyRows: result.historyRows,
      historyRowsPerSec: Math.round((result.historyRows / result.wallMs) * 1000),
      peakRssMb: Math.round(result.peakRssMb * 10) / 10,
      peakHeapMb: Math.round(result.peakHeapMb * 10) / 10,
      dbWriteMs: Math.round(result.wallMs),
      dbWriteShare: 1,
      extra: {
        days: BACKFILL_DAYS,
        snapshotRows: result.snapshotRows,
        daysPerSec: (BACKFILL_DAYS / result.wallMs) * 1000,
      },
    };
  },
};
