import { HttpError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { type AdoApi, WIQL_WINDOW } from './api.js';

/** The size limit of a VS402337 answer ("exceeds the size limit of 10"), or undefined for any other error. */
export function wiqlCapOf(error: unknown): number | undefined {
  if (!(error instanceof HttpError) || error.details.status !== 400) return undefined;
  if (!error.message.includes('VS402337')) return undefined;
  const limit = /size limit of (\d+)/.exec(error.message)?.[1];
  return limit === undefined ? Number.NaN : Number(limit);
}

/**
 * The ids at the source, by keyset WIQL windows (`[System.Id] > last ORDER BY [System.Id]`, `$top` the
 * window). The window starts below the service's 20,000 cap; a server configured lower answers VS402337,
 * and the window shrinks to the limit it names (or halves when it names none) until the windows fit. The
 * learned window is kept for the connector's later censuses, so they do not fail first.
 */
export class IdCensus {
  private window: number;

  constructor(
    private readonly api: AdoApi,
    window = WIQL_WINDOW,
    private readonly logger?: Logger,
  ) {
    this.window = Math.max(1, Math.floor(window));
  }

  /** Ids per WIQL window now (after what VS402337 answers taught). */
  get windowSize(): number {
    return this.window;
  }

  async ids(project: string | undefined, signal?: AbortSignal): Promise<Set<number>> {
    const source = new Set<number>();
    for (let after = 0; ; ) {
      signal?.throwIfAborted();
      const window = this.window;
      let ids: number[];
      try {
        ids = await this.api.wiqlIdsAfter(project, after, window);
      } catch (error) {
        const limit = wiqlCapOf(error);
        if (limit === undefined || window <= 1) throw error;
        this.window = limit > 0 && limit < window ? limit : Math.max(1, Math.floor(window / 2));
        this.logger?.warn(
          { project, window, next: this.window },
          `WIQL answered VS402337 for windows of ${window} ids; windows of ${this.window} from now on`,
        );
        continue;
      }
      for (const id of ids) source.add(id);
      if (ids.length < window) return source;
      after = ids[ids.length - 1]!;
    }
  }
}
