/**
 * The named errors of worksync. Each message tells the user what to do; none contains a secret
 * (messages pass through `maskSecrets` before they are printed or logged anyway).
 */
export class WorksyncError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Invalid or missing configuration; `problems` lists every bad variable, each by name. */
export class ConfigError extends WorksyncError {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

/** The database could not be reached, migrated or written. */
export class StoreError extends WorksyncError {}

/**
 * The database server went away or cannot be reached (a restart, a failover, the network): nothing of
 * the statement in flight was committed, and the same work can be done again once it is back.
 */
export class DatabaseUnavailableError extends StoreError {}

/** An HTTP call to a platform failed; `retryable` tells the retry policy whether to try again. */
export class HttpError extends WorksyncError {
  constructor(
    message: string,
    readonly details: { status?: number; url: string; retryable: boolean; retryAfterMs?: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Authentication or permission failure: never retried, the run stops at once. */
export class AuthError extends HttpError {}

/** A sync run failed for a platform and scope. */
export class SyncError extends WorksyncError {
  constructor(
    message: string,
    readonly scope: { platform: string; project: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Turns anything thrown into an Error, keeping the original as `cause`. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new WorksyncError(typeof thrown === 'string' ? thrown : JSON.stringify(thrown), { cause: thrown });
}

/** A one-line reason: the message, followed by the causes' messages when they add something. */
export function describeError(thrown: unknown): string {
  const parts: string[] = [];
  let current: unknown = thrown;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    const error = toError(current);
    const text = error.message.replace(/\s+/g, ' ').trim();
    if (text && !parts.some((p) => p.includes(text))) parts.push(text);
    current = error.cause;
  }
  return parts.join(': ') || 'unknown error';
}
