import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseWatch } from './database-watch.js';
import type { ServiceMetrics } from './metrics.js';

export interface HealthOptions {
  port: number;
  /** Host to bind; default 0.0.0.0 so a container's port can be published. */
  host?: string;
  /**
   * The service's view of its database, probed by /readyz; undefined while `worksync run` is still
   * waiting to reach it at start-up (then /readyz answers 503 saying so, /healthz 200).
   */
  database(): DatabaseWatch | undefined;
  /** Since when the service has been waiting for its database at start-up (epoch ms), for that 503. */
  waitingSince?: number;
  metrics: ServiceMetrics;
  /** Ready while every configured platform's newest success is younger than this (ms). */
  maxSuccessAgeMs: number;
  /** Newest success per platform (epoch ms), undefined before the first. */
  lastSuccess(): Promise<Map<string, number | undefined>>;
}

/**
 * `/healthz` (the process answers), `/readyz` (database reachable, and a recent success, after the last
 * database outage if there was one), `/metrics` (Prometheus).
 */
export async function startHealthServer(
  options: HealthOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') return send(200, 'ok\n');
    if (path === '/metrics') {
      options.metrics.registry.metrics().then(
        (text) => send(200, text, options.metrics.registry.contentType),
        (error: unknown) => send(500, String(error)),
      );
      return;
    }
    if (path === '/readyz') {
      readiness(options).then(
        (problems) => (problems.length === 0 ? send(200, 'ready\n') : send(503, `${problems.join('\n')}\n`)),
        (error: unknown) => send(503, `not ready: ${String(error)}\n`),
      );
      return;
    }
    send(404, 'not found: try /healthz, /readyz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readiness(options: HealthOptions): Promise<string[]> {
  const database = options.database();
  if (database === undefined) {
    const since =
      options.waitingSince === undefined ? '' : ` since ${new Date(options.waitingSince).toISOString()}`;
    return [`starting: waiting for the database${since}`];
  }
  if (!(await database.probe())) {
    const since =
      database.downSince === undefined ? '' : ` since ${new Date(database.downSince).toISOString()}`;
    return [`database unreachable${since}`];
  }
  const problems: string[] = [];
  const now = Date.now();
  const outage = database.lastOutageStart;
  for (const [platform, at] of await options.lastSuccess()) {
    if (at === undefined) problems.push(`${platform}: no successful sync yet`);
    else if (outage !== undefined && at < outage)
      problems.push(
        `${platform}: no successful sync since the database outage of ${new Date(outage).toISOString()}`,
      );
    else if (now - at > options.maxSuccessAgeMs)
      problems.push(`${platform}: last successful sync ${Math.round((now - at) / 60000)} min ago`);
  }
  return problems;
}
