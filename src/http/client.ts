import { AuthError, HttpError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Authorization } from './authorization.js';
import { RequestStats } from './request-stats.js';
import { AUTH_STATUS, backoffMs, parseRetryAfter, pauseAfter, RETRYABLE_STATUS } from './retry-policy.js';
import { sleep as abortableSleep } from './sleep.js';

export interface HttpClientOptions {
  /** No trailing slash. */
  baseUrl: string;
  /** Headers sent with every request (authorization and the like). */
  headers: Record<string, string>;
  /** Appended to authentication errors: which variables to fix, e.g. "check JIRA_API_TOKEN". */
  authHint: string;
  /**
   * A token fetched before every try (its header wins over `headers`); a 401 is tried once more with a
   * fresh one. Its errors: an AuthError stops the request, another HttpError is retried like a failed try.
   */
  authorization?: Authorization;
  /** Per request, ms. Default 60 000. */
  timeoutMs?: number;
  /** Retries after the first try. Default 6. */
  maxRetries?: number;
  /** First backoff delay, ms. Default 1000. */
  backoffBaseMs?: number;
  signal?: AbortSignal;
  logger?: Logger;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  /** Path after the base URL (starting with /) or an absolute URL on the same host. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Label for request counts, e.g. `search/jql`. */
  endpoint: string;
  /** Extra headers for this request. */
  headers?: Record<string, string>;
}

/** What went wrong with one try, for the retry loop. */
interface TryFailure {
  error: HttpError;
  retryAfterMs?: number;
}

/**
 * The one HTTP client of worksync: timeouts; retries with backoff and jitter on 429, 5xx, network
 * errors and truncated bodies; a client-wide pause whenever an answer asks for one (Retry-After on any
 * status, a 200 included, and the X-RateLimit headers of both platforms: see pauseAfter), so that the
 * next requests do not run into a 429; authentication failures (401, 403, an HTML sign-in page) stop at once; counts per endpoint.
 */
export class HttpClient {
  readonly stats = new RequestStats();
  private pauseUntil = 0;
  private baseUrl: string;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: HttpClientOptions) {
    this.sleep = options.sleep ?? abortableSleep;
    this.baseUrl = options.baseUrl;
  }

  /** Sends the next requests to another base URL (Jira's API gateway once a scoped token is found). */
  rebase(baseUrl: string): void {
    this.baseUrl = baseUrl;
  }

  /**
   * Sends a request and parses the JSON answer, retrying what is worth retrying. With `read`, a
   * successful answer's text is handed to it as it streams in (decoded chunks), instead of being read
   * whole and parsed: for large answers that can be compacted on the way (see readJsonStreaming). `read`
   * runs once per try, so it must not keep anything of a failed one; its errors are retried as a
   * truncated answer.
   */
  async json<T>(request: RequestOptions, read?: (text: AsyncIterable<string>) => Promise<T>): Promise<T> {
    const maxRetries = this.options.maxRetries ?? 6;
    // Until when this request has already waited (its retry delay), so a pause of the same answer is not served twice.
    let waitedUntil = 0;
    // Whether a refused token was already replaced for this request (once: a second 401 is the answer).
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      await this.pace(waitedUntil);
      let outcome: { value: T } | TryFailure;
      const auth = this.options.authorization;
      try {
        const header = auth ? await auth.header() : undefined;
        try {
          outcome = await this.tryOnce<T>(request, read, header);
        } catch (error) {
          if (!auth || header === undefined || !(error instanceof AuthError)) throw error;
          if (error.details.status !== 401) throw error;
          // Reported either way, so the next request does not bring the refused token again.
          auth.rejected(header);
          if (renewed) throw error;
          renewed = true;
          attempt--;
          this.stats.retries++;
          this.options.logger?.info(
            { endpoint: request.endpoint, status: 401 },
            `the access token was refused at ${request.endpoint} (expired or revoked): trying once more with a fresh one`,
          );
          continue;
        }
      } catch (error) {
        // A token that could not be fetched for now (network, a 5xx of the token service): a failed try.
        if (!(error instanceof HttpError) || error instanceof AuthError) throw error;
        outcome = { error };
      }
      if ('value' in outcome) return outcome.value;
      const { error, retryAfterMs } = outcome;
      if (!error.details.retryable || attempt >= maxRetries) throw error;
      const waitMs =
        retryAfterMs ??
        backoffMs(attempt, { baseMs: this.options.backoffBaseMs ?? 1000 }, this.options.random);
      this.stats.retries++;
      this.stats.waitedMs += waitMs;
      this.options.logger?.warn(
        { endpoint: request.endpoint, status: error.details.status, attempt: attempt + 1, waitMs },
        `retrying ${request.endpoint} after ${error.message}`,
      );
      waitedUntil = Date.now() + waitMs;
      await this.sleep(waitMs, this.options.signal);
    }
  }

  /** Waits out the client-wide pause, beyond what this request has already waited (epoch ms). */
  private async pace(waitedUntil: number): Promise<void> {
    const waitMs = this.pauseUntil - Math.max(Date.now(), waitedUntil);
    if (waitMs > 0) {
      this.stats.waitedMs += waitMs;
      await this.sleep(waitMs, this.options.signal);
    }
  }

  /**
   * Starts or lengthens the client-wide pause an answer asks for (see pauseAfter): every later request
   * of this client waits for it, those already queued by a prefetch included. A failed answer's own
   * Retry-After is also its retry delay, logged with the retry; a success's pause is logged here, once
   * when it begins.
   */
  private notePause(endpoint: string, response: Response): void {
    const now = Date.now();
    const pause = pauseAfter(response.headers, now);
    if (pause.ms <= 0 || now + pause.ms <= this.pauseUntil) return;
    const resting = this.pauseUntil > now;
    this.pauseUntil = now + pause.ms;
    if (response.status < 400 && !resting && pause.ms >= 1000)
      this.options.logger?.info(
        { endpoint, status: response.status, waitMs: pause.ms, reason: pause.reason },
        `pausing requests for ${(pause.ms / 1000).toFixed(1)} s: the server asked for it (${pause.reason}) at ${endpoint}`,
      );
  }

  private url(request: RequestOptions): string {
    const url = new URL(request.path.startsWith('http') ? request.path : `${this.baseUrl}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  private async tryOnce<T>(
    request: RequestOptions,
    read?: (text: AsyncIterable<string>) => Promise<T>,
    authorization?: string,
  ): Promise<{ value: T } | TryFailure> {
    const url = this.url(request);
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 60_000);
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
    this.stats.count(request.endpoint);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: request.method ?? 'GET',
        headers: {
          accept: 'application/json',
          ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...this.options.headers,
          ...request.headers,
          ...(authorization !== undefined ? { authorization } : {}),
        },
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        signal,
        redirect: 'manual',
      });
      // A successful answer with a reader streams into it below; any other is read whole here.
      text = read && streamable(response) ? '' : await response.text();
    } catch (cause) {
      if (this.options.signal?.aborted) throw this.options.signal.reason ?? cause;
      const reason = timeout.aborted ? 'timed out' : 'network error';
      return { error: new HttpError(`${request.endpoint}: ${reason}`, { url, retryable: true }, { cause }) };
    }
    this.notePause(request.endpoint, response);

    const status = response.status;
    const contentType = response.headers.get('content-type') ?? '';
    if (AUTH_STATUS.has(status) || status === 203 || (status < 300 && contentType.includes('text/html'))) {
      const what = status === 403 ? 'permission denied' : 'authentication failed';
      throw new AuthError(`${what} (HTTP ${status}) at ${request.endpoint}: ${this.options.authHint}`, {
        status,
        url,
        retryable: false,
      });
    }
    if (status >= 300 && status < 400) {
      throw new AuthError(
        `unexpected redirect (HTTP ${status}) at ${request.endpoint}, usually a sign-in page: ${this.options.authHint}`,
        {
          status,
          url,
          retryable: false,
        },
      );
    }
    if (status >= 400) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const error = new HttpError(`${request.endpoint}: HTTP ${status}${describeBody(text)}`, {
        status,
        url,
        retryable: RETRYABLE_STATUS.has(status),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
      return retryAfterMs !== undefined ? { error, retryAfterMs } : { error };
    }
    if (status === 204) return { value: undefined as T };
    try {
      if (read && response.body) return { value: await read(decoded(response.body)) };
      if (text === '') return { value: undefined as T };
      return { value: JSON.parse(text) as T };
    } catch (cause) {
      if (this.options.signal?.aborted) throw this.options.signal.reason ?? cause;
      // A body cut short by a dropped connection: worth another try.
      return {
        error: new HttpError(
          `${request.endpoint}: unreadable JSON answer (truncated?)`,
          { status, url, retryable: true },
          { cause },
        ),
      };
    }
  }
}

/** Whether an answer is a success whose body only a reader would use (see the checks of tryOnce). */
function streamable(response: Response): boolean {
  const { status } = response;
  return (
    status >= 200 &&
    status < 300 &&
    status !== 203 &&
    status !== 204 &&
    !AUTH_STATUS.has(status) &&
    !(response.headers.get('content-type') ?? '').includes('text/html')
  );
}

/** A body's text, decoded as UTF-8 chunk by chunk (as `Response.text()` decodes it whole). */
async function* decoded(body: ReadableStream<Uint8Array>): AsyncIterable<string> {
  const decoder = new TextDecoder();
  for await (const bytes of body) {
    const text = decoder.decode(bytes, { stream: true });
    if (text) yield text;
  }
  const last = decoder.decode();
  if (last) yield last;
}

/** The message of a JSON error body (Jira errorMessages/errors, ADO message), shortened. */
function describeBody(text: string): string {
  if (!text) return '';
  try {
    const body = JSON.parse(text) as {
      errorMessages?: string[];
      errors?: Record<string, string>;
      message?: string;
    };
    const parts = [
      ...(body.errorMessages ?? []),
      ...Object.values(body.errors ?? {}),
      ...(body.message ? [body.message] : []),
    ];
    if (parts.length > 0) return `: ${parts.join('; ').slice(0, 300)}`;
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return `: ${text.replace(/\s+/g, ' ').slice(0, 200)}`;
}
