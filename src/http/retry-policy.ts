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

/** Longest pause one answer can impose, ms: 1 h, as long as Jira's hourly quota can ask for. */
export const MAX_PAUSE_MS = 3_600_000;

/** Why the client pauses before its next request, for its log line. */
export type PauseReason = 'retry-after' | 'ratelimit-delay' | 'ratelimit-remaining';

export interface Pause {
  ms: number;
  reason: PauseReason;
}

/**
 * How long every request of the client must wait after this answer, whatever its status, and why; 0
 * when nothing asks for a pause. One policy for both platforms:
 * - `Retry-After` (or Jira's `Beta-Retry-After`) on any status: Azure DevOps sends it on a delayed
 *   **200** before it starts blocking; Jira on 429 and some 503s. When present it is the server's own
 *   answer to "when may I go on", so the reset below is not waited for as well.
 * - `X-RateLimit-Delay` (Azure DevOps, seconds): the delay it has begun to apply.
 * - Without Retry-After, `X-RateLimit-Remaining` against `X-RateLimit-Limit` and `X-RateLimit-Reset`
 *   (epoch seconds on Azure DevOps, an ISO instant on Jira): at 0 left, wait for the reset; below
 *   `lowShare` of the limit, spread the requests left evenly until the reset instead of running into a 429.
 * Instants are read against the answer's `Date` header when it has one, so a server whose clock differs
 * from ours is still waited for as long as it means.
 */
export function pauseAfter(headers: Headers, now: number = Date.now(), lowShare = 0.1): Pause {
  const serverNow = Date.parse(headers.get('date') ?? '');
  const at = Number.isNaN(serverNow) ? now : serverNow;
  const retryAfter = [headers.get('retry-after'), headers.get('beta-retry-after')]
    .map((value) => parseRetryAfter(value, at))
    .filter((ms): ms is number => ms !== undefined);
  const delaySeconds = Number(headers.get('x-ratelimit-delay') ?? '');
  const delay = Number.isFinite(delaySeconds) && delaySeconds > 0 ? delaySeconds * 1000 : 0;
  const pause: Pause =
    retryAfter.length > 0
      ? { ms: Math.max(delay, ...retryAfter), reason: 'retry-after' }
      : delay > 0
        ? { ms: Math.max(delay, spreadUntilReset(headers, at, lowShare)), reason: 'ratelimit-delay' }
        : { ms: spreadUntilReset(headers, at, lowShare), reason: 'ratelimit-remaining' };
  return { ms: Math.min(MAX_PAUSE_MS, Math.ceil(pause.ms)), reason: pause.reason };
}

/** Time between requests that spreads the remaining budget until the reset, ms; 0 with budget to spare. */
function spreadUntilReset(headers: Headers, now: number, lowShare: number): number {
  const remainingRaw = headers.get('x-ratelimit-remaining');
  const resetRaw = headers.get('x-ratelimit-reset');
  if (remainingRaw === null || resetRaw === null) return 0;
  const remaining = Number(remainingRaw);
  if (!Number.isFinite(remaining) || remaining < 0) return 0;
  const resetAt = parseReset(resetRaw);
  if (resetAt === undefined || resetAt <= now) return 0;
  if (remaining === 0) return resetAt - now;
  const limit = Number(headers.get('x-ratelimit-limit') ?? '');
  if (!Number.isFinite(limit) || limit <= 0 || remaining > limit * lowShare) return 0;
  return (resetAt - now) / (remaining + 1);
}

/** X-RateLimit-Reset as epoch ms: Unix seconds (Azure DevOps) or an ISO 8601 instant (Jira). */
function parseReset(value: string): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}
