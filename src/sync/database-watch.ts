import { describeError } from '../errors.js';
import { sleep } from '../http/sleep.js';
import type { Logger } from '../log/logger.js';
import { isDatabaseUnavailable } from '../store/connection-errors.js';
import type { Queryable } from '../store/db.js';

export interface DatabaseWatchOptions {
  /** First wait between probes while the database is away, ms; doubles up to `maxProbeMs`. Default 1000. */
  probeMs?: number;
  /** Longest wait between probes, ms. Default 15 000. */
  maxProbeMs?: number;
  /** A probe that has no answer after this long counts as failed, ms. Default 5000. */
  probeTimeoutMs?: number;
}

/**
 * What the service knows of its database's reachability: an outage starts when an operation fails because
 * the server is away (one warning), and ends when a probe answers (one line saying how long it lasted).
 * All waiters share one probe loop.
 */
export class DatabaseWatch {
  /** When the current outage started (epoch ms), undefined while the database answers. */
  downSince: number | undefined;
  /** When the newest outage started (epoch ms): readiness waits for a success after it. */
  lastOutageStart: number | undefined;
  private back: Promise<void> | undefined;
  private readonly probeMs: number;
  private readonly maxProbeMs: number;
  private readonly probeTimeoutMs: number;

  constructor(
    private readonly db: Queryable,
    private readonly log: Logger,
    options: DatabaseWatchOptions = {},
  ) {
    this.probeMs = options.probeMs ?? 1000;
    this.maxProbeMs = options.maxProbeMs ?? 15_000;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 5000;
  }

  /** Whether `error` means the database is away; if so the outage is recorded (warned once). */
  noteFailure(error: unknown): boolean {
    if (!isDatabaseUnavailable(error)) return false;
    if (this.downSince === undefined) {
      this.downSince = Date.now();
      this.lastOutageStart = this.downSince;
      this.log.warn(
        { err: describeError(error) },
        `database unreachable (${describeError(error)}); waiting for it, the work in flight is retried once it is back`,
      );
    }
    return true;
  }

  /** Resolves once the database answers again (at once when no outage is known); rejects when `signal` aborts. */
  async untilBack(signal: AbortSignal): Promise<void> {
    if (this.downSince === undefined) return;
    this.back ??= this.probeUntilBack(signal).finally(() => {
      this.back = undefined;
    });
    // A waiter stopped by its own signal leaves the loop to the others.
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.back, aborted]);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Runs `operation`, and again each time it fails because the database is away, once it is back. Other
   * errors, and an abort while waiting, are thrown.
   */
  async retrying<T>(signal: AbortSignal, operation: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await operation();
      } catch (error) {
        if (signal.aborted || !this.noteFailure(error)) throw error;
        await this.untilBack(signal);
      }
    }
  }

  /** Whether the database answers within the probe timeout (readiness); a failure starts an outage. */
  async probe(): Promise<boolean> {
    try {
      await withTimeout(this.db.query('SELECT 1'), this.probeTimeoutMs);
      this.markBack();
      return true;
    } catch (error) {
      this.noteFailure(error);
      return false;
    }
  }

  private markBack(): void {
    if (this.downSince === undefined) return;
    const seconds = Math.round((Date.now() - this.downSince) / 1000);
    this.downSince = undefined;
    this.log.warn(`database reachable again after ${seconds} s; resuming`);
  }

  private async probeUntilBack(signal: AbortSignal): Promise<void> {
    for (let waitMs = this.probeMs; ; waitMs = Math.min(this.maxProbeMs, waitMs * 2)) {
      await sleep(waitMs, signal);
      if (this.downSince === undefined) return;
      try {
        await withTimeout(this.db.query('SELECT 1'), this.probeTimeoutMs);
        this.markBack();
        return;
      } catch {
        // Still away: the outage was already warned about.
      }
    }
  }
}

/** `promise`, or a rejection after `ms` (the promise itself is left to settle). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer in ${ms} ms`), { code: 'ETIMEDOUT' })),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
