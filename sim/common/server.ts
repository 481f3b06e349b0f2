import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FaultInjector, FaultKind } from './faults.js';

/** What a route handler receives. `params` holds the `:name` segments of the route pattern. */
export interface SimRequest {
  method: string;
  /** The path routed on (after `routePath`). */
  path: string;
  /** The path as requested (before `routePath`), e.g. through an API gateway's prefix. */
  rawPath: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The raw body text ('' when none). */
  body: string;
}

/**
 * A body already serialised as JSON, sent with the JSON content type. The hot endpoints write their
 * pages straight to text (JSON.stringify of their object trees was much of the simulators' CPU); each
 * piece is encoded into the buffer as it comes, so no page-long strings or arrays of rows outlive a
 * young-generation collection (copying them was much of the garbage collector's time).
 */
export class JsonText {
  private static readonly CHUNK = 256 * 1024;
  /**
   * Chunks of finished texts, for the next ones: fresh buffers are memory outside the heap, whose growth
   * makes V8 run full collections (a page allocated tens of megabytes of them).
   */
  private static readonly spare: Buffer[] = [];
  /** Whole-body buffers of texts sent, for the next ones (the same reason). */
  private static readonly wholes: Buffer[] = [];
  private whole: Buffer | undefined;
  private readonly full: Buffer[] = [];
  private chunk = JsonText.take(0);
  private used = 0;
  private bytes: Buffer | undefined;

  private static take(room: number): Buffer {
    if (room > JsonText.CHUNK) return Buffer.allocUnsafe(room);
    return JsonText.spare.pop() ?? Buffer.allocUnsafe(JsonText.CHUNK);
  }

  /** Appends a piece of the JSON text. */
  push(text: string): this {
    // At most 3 UTF-8 bytes per UTF-16 unit (a surrogate pair is 2 units for 4 bytes).
    this.reserve(text.length * 3);
    this.used += this.chunk.write(text, this.used);
    return this;
  }

  /** Appends a piece already encoded (UTF-8): pieces repeated on every row are encoded once. */
  pushBytes(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.chunk.set(bytes, this.used);
    this.used += bytes.length;
    return this;
  }

  private reserve(room: number): void {
    // Its chunks went back to the pool: writing on would write into another text's.
    if (this.bytes) throw new Error('JsonText: written to after toBuffer()');
    if (this.used + room <= this.chunk.length) return;
    this.full.push(this.chunk.subarray(0, this.used));
    this.chunk = JsonText.take(room);
    this.used = 0;
  }

  /**
   * The UTF-8 bytes in one buffer, which may be a pooled one: see release(). The text's chunks go back
   * to the pool (no more pushes after this).
   */
  toBuffer(): Buffer {
    if (this.bytes) return this.bytes;
    const parts = [...this.full, this.chunk.subarray(0, this.used)];
    let length = 0;
    for (const part of parts) length += part.length;
    const index = JsonText.wholes.findIndex((b) => b.length >= length);
    // With room to spare: pages of one endpoint differ a little in size.
    const whole =
      index >= 0
        ? JsonText.wholes.splice(index, 1)[0]!
        : Buffer.allocUnsafe(Math.max(Math.ceil(length * 1.25), 1 << 20));
    this.whole = whole;
    let offset = 0;
    for (const part of parts) {
      whole.set(part, offset);
      offset += part.length;
      if (part.buffer.byteLength === JsonText.CHUNK && JsonText.spare.length < 64)
        JsonText.spare.push(Buffer.from(part.buffer, 0, JsonText.CHUNK));
    }
    this.full.length = 0;
    this.bytes = whole.subarray(0, length);
    return this.bytes;
  }

  /** Once the bytes were sent (and are no longer used): their buffer may serve the next text. */
  release(): void {
    const { whole } = this;
    this.whole = undefined;
    if (!whole) return;
    const { wholes } = JsonText;
    if (wholes.length >= 4) {
      // Keep the largest: a buffer too small for the next page is of no use.
      const smallest = wholes.reduce((a, b) => (b.length < a.length ? b : a));
      if (smallest.length >= whole.length) return;
      wholes.splice(wholes.indexOf(smallest), 1);
    }
    wholes.push(whole);
  }
}

/** What a route handler returns; `body` objects are sent as JSON, strings as they are, JsonText as its text. */
export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

interface Route {
  method: string;
  /** Name used for request counting, e.g. `search/jql`. */
  endpoint: string;
  segments: string[];
  handler: Handler;
}

export interface SimServerOptions {
  faults: FaultInjector;
  /** Platform-specific 429 response (headers and body differ between Jira and ADO). */
  rateLimited: (retryAfterSeconds: number) => SimResponse;
  /** Runs before routing; a response returned here is sent instead (authentication). */
  guard?: (req: SimRequest) => SimResponse | undefined;
  /** Answer for an unknown route. */
  notFound?: (req: SimRequest) => SimResponse;
  /** Maps a requested path to the one routed on (an API gateway's prefix taken off); default as is. */
  routePath?: (path: string) => string;
  /** Serve https with this key and certificate (PEM) instead of plain http (the Entra token endpoint). */
  tls?: { key: string; cert: string };
}

/** A minimal router over node:http with request counters and fault injection, listening on loopback only. */
export class SimServer {
  private readonly routes: Route[] = [];
  private server: Server | HttpsServer | undefined;
  /** Requests served per endpoint name (unknown routes count as `unknown`). */
  readonly counts = new Map<string, number>();

  constructor(private readonly options: SimServerOptions) {}

  route(method: string, pattern: string, endpoint: string, handler: Handler): this {
    this.routes.push({ method, endpoint, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** Total requests served, or those of one endpoint. */
  requestCount(endpoint?: string): number {
    if (endpoint !== undefined) return this.counts.get(endpoint) ?? 0;
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }

  resetCounts(): void {
    this.counts.clear();
  }

  /** Starts listening on 127.0.0.1; port 0 picks a free one. Returns the base URL (https with `tls`). */
  async listen(port = 0): Promise<string> {
    const listener = (req: IncomingMessage, res: ServerResponse): void => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `simulator error: ${String(error)}` }));
        } else {
          res.destroy();
        }
      });
    };
    const { tls } = this.options;
    const server: Server | HttpsServer = tls ? createHttpsServer(tls, listener) : createServer(listener);
    server.keepAliveTimeout = 5_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    return `${tls ? 'https' : 'http'}://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const parts = path.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i]!;
        const part = parts[i]!;
        if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(part);
        else if (seg.toLowerCase() !== part.toLowerCase()) {
          ok = false;
          break;
        }
      }
      if (ok) return { route, params };
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = req.method ?? 'GET';
    const path = this.options.routePath?.(url.pathname) ?? url.pathname;
    const found = this.match(method, path);
    const simReq: SimRequest = {
      method,
      path,
      rawPath: url.pathname,
      params: found?.params ?? {},
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    const endpoint = found?.route.endpoint ?? 'unknown';
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);

    let truncate = false;
    for (const fault of this.options.faults.take(path)) {
      const early = await this.applyFault(fault, res);
      if (early === 'sent') return;
      if (early === 'truncate') truncate = true;
    }

    const response =
      this.options.guard?.(simReq) ??
      (found
        ? await found.route.handler(simReq)
        : (this.options.notFound?.(simReq) ?? { status: 404, body: { message: 'Not found' } }));
    send(res, response, truncate);
  }

  private async applyFault(fault: FaultKind, res: ServerResponse): Promise<'sent' | 'truncate' | undefined> {
    switch (fault.kind) {
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        return undefined;
      case 'drop-connection':
        res.socket?.destroy();
        return 'sent';
      case 'truncate-body':
        return 'truncate';
      case 'rate-limit':
        send(res, this.options.rateLimited(fault.retryAfterSeconds), false);
        return 'sent';
      case 'server-error':
        send(res, { status: fault.status, body: { message: 'Simulated server error' } }, false);
        return 'sent';
    }
  }
}

function send(res: ServerResponse, response: SimResponse, truncate: boolean): void {
  const { body } = response;
  const isText = typeof body === 'string';
  const payload: string | Buffer =
    body === undefined
      ? ''
      : typeof body === 'string'
        ? body
        : body instanceof JsonText
          ? body.toBuffer()
          : JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...response.headers,
  };
  if (truncate) {
    // Promise the whole body, send half, then cut the connection: the client sees a truncated body.
    const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    res.writeHead(response.status, { ...headers, 'content-length': String(bytes.length) });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    res.socket?.destroy();
    return;
  }
  res.writeHead(response.status, headers);
  // A JsonText's buffer is reused once the response has been handed to the operating system.
  res.end(payload, () => {
    if (body instanceof JsonText) body.release();
  });
}
