/**
 * Throttling as Azure DevOps reports it: `X-RateLimit-Resource`, `-Limit`, `-Remaining`, `-Reset` (epoch
 * seconds) on responses once usage is high, `X-RateLimit-Delay` plus `Retry-After` on delayed 200s, and
 * 429 TF400733 with `Retry-After` when blocked. The 429 is also what FaultInjector rate-limit rules send.
 * `X-RateLimit-Reset` is on wall-clock time, like the `Date` header the server sends: a usage window is
 * about real seconds, not the simulated days the clock may have been advanced by.
 */
import type { SimResponse } from '../common/server.js';
import { adoError } from './errors.js';

export interface ThrottleSettings {
  /** X-RateLimit-Remaining sent on the next response (TSTUs left in the window). */
  remaining: number;
  /** X-RateLimit-Limit (default 200, the documented global limit). */
  limit?: number;
  /** How much each API request lowers `remaining` (default 0: the value stays put). */
  costPerRequest?: number;
  /** X-RateLimit-Reset is now + this many seconds (default 60). */
  resetSeconds?: number;
  /** When set, normal responses are "delayed": they carry X-RateLimit-Delay and Retry-After. */
  delaySeconds?: number;
  /** Answer 429 once `remaining` reaches 0 (default true). */
  blockWhenExhausted?: boolean;
  /** Retry-After of that 429 (default `resetSeconds`). */
  retryAfterSeconds?: number;
  /** X-RateLimit-Resource (default `Core`). */
  resource?: string;
}

export function rateLimitedResponse(retryAfterSeconds: number, resource = 'Core', limit = 200): SimResponse {
  const res = adoError(
    429,
    `TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource '${resource}' in namespace 'User'.`,
    'Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server',
  );
  res.headers = {
    ...res.headers,
    'retry-after': String(retryAfterSeconds),
    'x-ratelimit-resource': resource,
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + retryAfterSeconds),
  };
  return res;
}

export class Throttle {
  private settings: ThrottleSettings | undefined;
  private remaining = 0;

  /** Starts reporting usage (or stops, with `undefined`). */
  set(settings: ThrottleSettings | undefined): void {
    this.settings = settings ? { ...settings } : undefined;
    this.remaining = settings?.remaining ?? 0;
  }

  get state(): { settings: ThrottleSettings; remaining: number } | undefined {
    return this.settings ? { settings: { ...this.settings }, remaining: this.remaining } : undefined;
  }

  /** Charges one request; returns the 429 when the budget is exhausted. */
  before(): SimResponse | undefined {
    const s = this.settings;
    if (!s) return undefined;
    if (this.remaining <= 0 && (s.blockWhenExhausted ?? true)) {
      return rateLimitedResponse(s.retryAfterSeconds ?? s.resetSeconds ?? 60, s.resource, s.limit);
    }
    this.remaining = Math.max(0, this.remaining - (s.costPerRequest ?? 0));
    return undefined;
  }

  /** Headers for a normal response. */
  headers(): Record<string, string> {
    const s = this.settings;
    if (!s) return {};
    const h: Record<string, string> = {
      'x-ratelimit-resource': s.resource ?? 'Core',
      'x-ratelimit-limit': String(s.limit ?? 200),
      'x-ratelimit-remaining': String(this.remaining),
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + (s.resetSeconds ?? 60)),
    };
    if (s.delaySeconds !== undefined) {
      h['x-ratelimit-delay'] = s.delaySeconds.toFixed(3);
      h['retry-after'] = String(Math.max(1, Math.ceil(s.delaySeconds)));
    }
    return h;
  }
}
