/**
 * What the soak reads of the running `worksync run` from outside, as an operator's tools would: memory
 * and descriptors from /proc (Linux), its HTTP endpoints, and the server's view of its connections.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import type pg from 'pg';

/** VmRSS and VmHWM (peak since start) of a process, MB; undefined once it is gone. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Open file descriptors of a process, and how many of them are sockets (TCP, Unix, the IPC pipe aside). */
export function descriptorsOf(pid: number): { fds: number; sockets: number } {
  let fds = 0;
  let sockets = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    fds++;
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets++;
    } catch {
      // Closed between the listing and the read.
    }
  }
  return { fds, sockets };
}

/** Samples a process's RSS every `everyMs`; `take()` returns the highest since the last take. */
export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(pid: number, everyMs = 100) {
    this.timer = setInterval(() => {
      const m = memoryOf(pid);
      if (m) this.peak = Math.max(this.peak, m.rssMb);
    }, everyMs);
    this.timer.unref();
  }

  take(): number {
    const peak = this.peak;
    this.peak = 0;
    return peak;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** A TCP port free on loopback now (for WORKSYNC_HTTP_PORT). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** /readyz's status code (0 when it does not answer). */
export async function readyz(baseUrl: string): Promise<number> {
  try {
    const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(5000) });
    await res.text();
    return res.status;
  } catch {
    return 0;
  }
}

/** The sum of a Prometheus metric's samples whose labels contain `labels` (e.g. `platform="jira"`). */
export function metricSum(text: string, name: string, labels = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels && !line.includes(labels)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return sum;
}

export async function metricsText(baseUrl: string): Promise<string> {
  try {
    const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
    return await res.text();
  } catch {
    return '';
  }
}

/** Server-side backends connected to `database`, the monitor's own (same application_name) left out. */
export async function serverConnections(monitor: pg.Client, database: string): Promise<number> {
  const { rows } = await monitor.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_stat_activity
     WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> 'worksync-soak-monitor'`,
    [database],
  );
  return Number(rows[0]?.n ?? 0);
}
