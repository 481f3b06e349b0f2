/** Retry decisions in one place: which answers are worth another try, and how long to wait before it. */

/** Statuses retried with backoff: rate limiting and the server-side failures that pass. */
export const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Statuses that end the run at once: credentials or permissions (ADO's 203 sign-in page is handled by the client). */
export const AUTH_STATUS = new Set([401, 403]);

export interface BackoffOptions {
  /** First delay, ms. Default 1000. */
  baseMs?: number;
  /** Longest delay, ms. Default 60 000. */
  maxMs?: number;
}

/**
 * Delay before retry number `attempt` (0-based): exponential with full jitter, so many clients that
 * failed together do not come back together. `random` is injectable for tests.
 */
export function backoffMs(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 60_000;
  const ceiling = Math.min(max, base * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to pause before the next request given the rate-limit headers of the last answer, or 0.
 * Azure DevOps sends X-RateLimit-Delay (seconds) when it starts to throttle; both platforms send
 * X-RateLimit-Remaining and X-RateLimit-Reset: below `lowShare` of the limit, spread the remaining
 * requests until the reset instead of running into a 429.
 */
export function pacingDelayMs(headers: Headers, now: number = Date.now(), lowShare = 0.1): number {
  const delay = Number(headers.get('x-ratelimit-delay'));
  if (Number.isFinite(delay) && delay > 0) return Math.min(60_000, delay * 1000);
  const remaining = Number(headers.get('x-ratelimit-remaining'));
  const limit = Number(headers.get('x-ratelimit-limit'));
  const resetRaw = headers.get('x-ratelimit-reset');
  if (!Number.isFinite(remaining) || !Number.isFinite(limit) || limit <= 0 || resetRaw === null) return 0;
  if (remaining > limit * lowShare) return 0;
  // Reset is epoch seconds (ADO) or an ISO instant (Jira).
  const resetNumber = Number(resetRaw);
  const resetAt = Number.isFinite(resetNumber) ? resetNumber * 1000 : Date.parse(resetRaw);
  if (Number.isNaN(resetAt) || resetAt <= now) return 0;
  return Math.min(60_000, Math.ceil((resetAt - now) / Math.max(1, remaining + 1)));
}
