import type { SimClock } from '../common/clock.js';
import type { SimResponse } from '../common/server.js';
import { errorBody } from './errors.js';
import type { JiraSettings } from './settings.js';

/**
 * Jira Cloud's burst limits: a token bucket per (method, endpoint) holding `limit` tokens and
 * refilling `limit` per second (GET/POST 100, PUT/DELETE 50; GET issue 150, GET changelog 200,
 * approximate-count 150). Runs on real time (a rate is about wall-clock bursts, not simulated days).
 * Buckets always count and report `X-RateLimit-Limit`/`-Remaining`; they only reject when
 * `enforceBurstLimits` is on. The 429s of the fault injector are shaped here too.
 */

const OVERRIDES: Record<string, number> = {
  'GET issue': 150,
  'GET issue/changelog': 200,
  'POST search/approximate-count': 150,
};

function limitFor(method: string, endpoint: string): number {
  return OVERRIDES[`${method} ${endpoint}`] ?? (method === 'GET' || method === 'POST' ? 100 : 50);
}

interface Bucket {
  tokens: number;
  at: number;
}

export class BurstLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: JiraSettings,
    private readonly clock: SimClock,
  ) {}

  /** Takes a token; returns the headers to add, or a 429 when enforcing and the bucket is empty. */
  take(method: string, endpoint: string): { headers: Record<string, string>; limited?: SimResponse } {
    const limit = limitFor(method, endpoint);
    const key = `${method} ${endpoint}`;
    const now = performance.now();
    const b = this.buckets.get(key) ?? { tokens: limit, at: now };
    b.tokens = Math.min(limit, b.tokens + ((now - b.at) / 1000) * limit);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1 && this.settings.enforceBurstLimits) {
      return { headers: {}, limited: rateLimitedResponse(this.settings, this.clock, 1, limit) };
    }
    b.tokens = Math.max(0, b.tokens - 1);
    return {
      headers: { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(Math.floor(b.tokens)) },
    };
  }

  reset(): void {
    this.buckets.clear();
  }
}

/** A Jira 429: `Retry-After`, `X-RateLimit-*`, `RateLimit-Reason` per the configured limiter. */
export function rateLimitedResponse(
  settings: JiraSettings,
  clock: SimClock,
  retryAfterSeconds: number,
  limit = 100,
): SimResponse {
  const reason = settings.rateLimitReason;
  const headers: Record<string, string> = {};
  if (reason === 'gateway') {
    headers['X-Failure-Category'] = 'FAILURE_CLIENT_RATE_LIMITED';
  } else if (reason === 'jira-burst-based' || reason === 'jira-per-issue-on-write') {
    headers['Retry-After'] = String(retryAfterSeconds);
    headers['X-RateLimit-Limit'] = String(limit);
    headers['X-RateLimit-Remaining'] = '0';
    headers['X-RateLimit-Reset'] = new Date(clock.now() + retryAfterSeconds * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    headers['RateLimit-Reason'] = reason;
  } else {
    // Points quota: everything fails until the top of the next UTC hour.
    const hour = 3_600_000;
    const reset = Math.floor(clock.now() / hour) * hour + hour;
    headers['Retry-After'] = String(retryAfterSeconds);
    headers['X-RateLimit-Limit'] = '65000';
    headers['X-RateLimit-Remaining'] = '0';
    headers['X-RateLimit-Reset'] = new Date(reset).toISOString().replace(/\.\d{3}Z$/, 'Z');
    headers['RateLimit-Reason'] = reason;
    headers['Beta-RateLimit-Policy'] = '"global-app-quota";q=65000;w=3600';
  }
  if (settings.rateLimitBody === 'empty') return { status: 429, headers };
  if (settings.rateLimitBody === 'html') {
    return {
      status: 429,
      headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
      body: '<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1></body></html>',
    };
  }
  return { status: 429, headers, body: errorBody(['Rate limit exceeded.']) };
}
