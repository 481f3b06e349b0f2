import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultInjector, FaultKind } from './faults.js';

/** What a route handler receives. `params` holds the `:name` segments of the route pattern. */
export interface SimRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The raw body text ('' when none). */
  body: string;
}

/**
 * A body already serialised as JSON, in pieces that are written out in order with the JSON content type.
 * The hot endpoints write their pages straight to text (JSON.stringify of their object trees was much of
 * the simulators' CPU); the pieces (a page's rows) are encoded into one buffer, as joining them into one
 * string first cost as much again.
 */
export class JsonText {
  constructor(readonly parts: readonly string[]) {}

  /** The UTF-8 bytes of the pieces, concatenated. */
  toBuffer(): Buffer {
    let chars = 0;
    for (const part of this.parts) chars += part.length;
    // At most 3 UTF-8 bytes per UTF-16 unit (a surrogate pair is 2 units for 4 bytes).
    const buffer = Buffer.allocUnsafe(chars * 3);
    let offset = 0;
    for (const part of this.parts) offset += buffer.write(part, offset);
    return buffer.subarray(0, offset);
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
}

/** A minimal router over node:http with request counters and fault injection, listening on loopback only. */
export class SimServer {
  private readonly routes: Route[] = [];
  private server: Server | undefined;
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

  /** Starts listening on 127.0.0.1; port 0 picks a free one. Returns the base URL. */
  async listen(port = 0): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `simulator error: ${String(error)}` }));
        } else {
          res.destroy();
        }
      });
    });
    server.keepAliveTimeout = 5_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
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
    const found = this.match(method, url.pathname);
    const simReq: SimRequest = {
      method,
      path: url.pathname,
      params: found?.params ?? {},
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    const endpoint = found?.route.endpoint ?? 'unknown';
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);

    let truncate = false;
    for (const fault of this.options.faults.take(url.pathname)) {
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
  res.end(payload);
}
