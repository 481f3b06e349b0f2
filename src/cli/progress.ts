import cliProgress from 'cli-progress';
import type { Platform } from '../domain/glossary.js';
import type { RunFigures } from '../store/runs.js';

/** Receives page figures; renders live bars on a terminal, nothing otherwise (logs carry the figures). */
export interface Progress {
  page(platform: Platform, project: string, figures: RunFigures): void;
  /** Sets the expected number of items of a scope when known (enables the ETA). */
  expect(platform: Platform, project: string, total: number): void;
  stop(): void;
}

const noProgress: Progress = { page() {}, expect() {}, stop() {} };

/** Live progress per platform and project (items fetched, written, rate, ETA) when stderr is a terminal. */
export function createProgress(enabled = process.stderr.isTTY === true): Progress {
  if (!enabled) return noProgress;
  const multi = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format:
        ' {scope} {bar} {value}/{total} items fetched | {written} written | {history} history | {rate}/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, { bar: cliProgress.SingleBar; started: number; total: number }>();
  const barOf = (platform: Platform, project: string) => {
    const scope = `${platform}:${project}`.padEnd(18);
    let entry = bars.get(scope);
    if (!entry) {
      entry = {
        bar: multi.create(1, 0, { scope, written: 0, history: 0, rate: 0 }),
        started: Date.now(),
        total: 0,
      };
      bars.set(scope, entry);
    }
    return entry;
  };
  return {
    expect(platform, project, total) {
      const entry = barOf(platform, project);
      entry.total = total;
      entry.bar.setTotal(Math.max(total, 1));
    },
    page(platform, project, figures) {
      const entry = barOf(platform, project);
      const seconds = Math.max(0.001, (Date.now() - entry.started) / 1000);
      const value = figures.itemsFetched;
      if (value > entry.total) entry.bar.setTotal(value);
      entry.bar.update(value, {
        written: figures.itemsAdded + figures.itemsUpdated,
        history: figures.historyRows,
        rate: Math.round(value / seconds),
      });
    },
    stop() {
      multi.stop();
    },
  };
}
