/** The soak's figures, its verdict (do memory and handles stay flat?) and its Markdown. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from './machine.js';
import type { SoakChangeResult } from './protocol.js';

export interface SoakCycle {
  cycle: number;
  kind: 'full' | 'incremental';
  /** From the cycle's changes and faults to its last scope's success (the service's wait included), ms. */
  durationMs: number;
  /** Highest VmRSS of the 100 ms samples taken during the cycle, MB. */
  peakRssMb: number;
  /** VmRSS and VmHWM at the cycle's end, MB. */
  rssMb: number;
  hwmMb: number;
  /** Open file descriptors of the process, and the sockets among them. */
  fds: number;
  sockets: number;
  /** Connections open through the TCP proxy (worksync ↔ PostgreSQL). */
  proxyConnections: number;
  /** Backends of the soak database in pg_stat_activity (the monitor's own left out). */
  serverConnections: number;
  readyz: number;
  /** API requests retried during the cycle (worksync_api_retries of /metrics). */
  retries: { jira: number; ado: number };
  changes?: { jira: SoakChangeResult; ado: SoakChangeResult };
  apiFaults: string[];
  dbFault?: { kind: string; fired: boolean; afterMs?: number; cuts?: number };
  warnings: number;
  errors: number;
  /** Scope lines with outcome failed or aborted. */
  failedScopes: number;
}

export interface Trend {
  figure: string;
  firstThird: number;
  lastThird: number;
  max: number;
  limit: string;
  flat: boolean;
}

export interface SoakReport {
  generatedAt: string;
  command: string;
  machine: Machine;
  settings: Record<string, string | number>;
  cycles: SoakCycle[];
  trends: Trend[];
  end: {
    exit?: { code: number | null; signal: string | null; ms: number; killed: boolean };
    runningRows?: number;
    runs?: Record<string, number>;
    readyzBeforeStop?: number;
    cleanSyncExit?: number | null;
    equalToCleanSync?: Record<string, { rows: number; cleanRows: number; equal: boolean }>;
  };
  /** Everything that is not as it should be; empty when the soak passed. */
  problems: string[];
  /** Distinct warning and error messages of the service (numbers masked), with how often. */
  logSummary: { level: string; count: number; message: string }[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * After the warm-up (cycle 0, the full sync), the last third's median against the first third's: RSS
 * within +10%; descriptors and connections not above the first third's median + 1 (one connection
 * more or less is where a sample happens to fall in the pool's life, not a leak).
 */
export function trends(cycles: SoakCycle[]): Trend[] {
  const steady = cycles.filter((c) => c.cycle > 0);
  const third = Math.max(1, Math.floor(steady.length / 3));
  const first = steady.slice(0, third);
  const last = steady.slice(-third);
  const figures: [string, (c: SoakCycle) => number, 'rss' | 'count'][] = [
    ['peak RSS MB', (c) => c.peakRssMb, 'rss'],
    ['open fds', (c) => c.fds, 'count'],
    ['sockets', (c) => c.sockets, 'count'],
    ['proxy connections', (c) => c.proxyConnections, 'count'],
    ['server connections', (c) => c.serverConnections, 'count'],
  ];
  return figures.map(([figure, get, kind]) => {
    const a = median(first.map(get));
    const b = median(last.map(get));
    return {
      figure,
      firstThird: round1(a),
      lastThird: round1(b),
      max: round1(Math.max(0, ...steady.map(get))),
      limit: kind === 'rss' ? `≤ ${round1(a * 1.1)} (+10%)` : `≤ ${a + 1} (+1)`,
      flat: steady.length === 0 || (kind === 'rss' ? b <= a * 1.1 : b <= a + 1),
    };
  });
}

export function soakMarkdown(r: SoakReport): string {
  const lines = [
    '# worksync soak',
    '',
    `\`${r.command}\`, ${r.generatedAt}; ${r.machine.cpuModel}, ${r.machine.cores} cores, Node ${r.machine.node}, ${r.machine.postgres.split(' on ')[0]}, commit ${r.machine.gitCommit}.`,
    '',
    Object.entries(r.settings)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; '),
    '',
    `**Verdict: ${r.problems.length === 0 ? 'PASSED' : 'FAILED'}**${r.problems.length ? '' : ': memory and handles flat, clean exit, tables equal to a clean full sync, no run left running.'}`,
    ...r.problems.map((p) => `- ${p}`),
    '',
    '| figure (after the warm-up) | first third median | last third median | max | limit | flat |',
    '|---|---|---|---|---|---|',
    ...r.trends.map(
      (t) =>
        `| ${t.figure} | ${t.firstThird} | ${t.lastThird} | ${t.max} | ${t.limit} | ${t.flat ? 'yes' : '**NO**'} |`,
    ),
    '',
    '| cycle | kind | s | peak RSS MB | RSS MB | HWM MB | fds | sockets | proxy conns | server conns | /readyz | retries jira/ado | API faults | DB fault | warn/err |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.cycles
      .map((c) =>
        [
          c.cycle,
          c.kind,
          (c.durationMs / 1000).toFixed(1),
          c.peakRssMb.toFixed(0),
          c.rssMb.toFixed(0),
          c.hwmMb.toFixed(0),
          c.fds,
          c.sockets,
          c.proxyConnections,
          c.serverConnections,
          c.readyz,
          `${c.retries.jira}/${c.retries.ado}`,
          c.apiFaults.length,
          c.dbFault
            ? `${c.dbFault.kind}${c.dbFault.fired ? ` (${c.dbFault.cuts} cut)` : ' (not fired)'}`
            : '',
          `${c.warnings}/${c.errors}`,
        ].join(' | '),
      )
      .map((row) => `| ${row} |`),
    '',
    '## End',
    '',
    `- SIGTERM: ${r.end.exit ? `exit code ${r.end.exit.code}${r.end.exit.signal ? `, signal ${r.end.exit.signal}` : ''} after ${r.end.exit.ms} ms${r.end.exit.killed ? ' (KILLED: did not stop in time)' : ''}` : 'not reached'}`,
    `- /readyz before the stop: ${r.end.readyzBeforeStop ?? 'n/a'}; sync_runs left running: ${r.end.runningRows ?? 'n/a'}; runs by outcome: ${JSON.stringify(r.end.runs ?? {})}`,
    `- clean full sync (\`worksync sync\` into a fresh database, no proxy): exit ${r.end.cleanSyncExit ?? 'n/a'}`,
    ...Object.entries(r.end.equalToCleanSync ?? {}).map(
      ([table, e]) =>
        `  - ${table}: ${e.rows} rows, clean ${e.cleanRows}: ${e.equal ? 'equal' : '**DIFFERENT**'}`,
    ),
    '',
    '## Service warnings and errors (distinct messages)',
    '',
    ...(r.logSummary.length ? r.logSummary.map((l) => `- ${l.level} ×${l.count}: ${l.message}`) : ['none']),
    '',
  ];
  return lines.join('\n');
}

export function saveSoak(dir: string, name: string, report: SoakReport): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${name}.json`);
  const md = join(dir, `${name}.md`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, soakMarkdown(report));
  return { json, md };
}
