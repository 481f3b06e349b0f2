import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from './machine.js';
import type { AdoStats, JiraStats } from './protocol.js';
import type { ScenarioResult } from './types.js';

export interface DataSetInfo {
  items: number;
  seed: number;
  jira?: JiraStats;
  ado?: AdoStats;
  /** Changelog histories per live Jira issue, at the source. */
  jiraHistoriesPerIssue?: number;
  /** Revisions per Azure DevOps item (deleted ones included), at the source. */
  adoRevisionsPerItem?: number;
  simulatorStartMs?: Record<string, number>;
}

export interface BenchReport {
  generatedAt: string;
  command: string;
  machine: Machine;
  database: { kind: string; source: string; display: string };
  caps: Record<string, number>;
  dataSets: Record<string, DataSetInfo>;
  scenarios: ScenarioResult[];
  summary: { targetsMet: number; targetsMissed: number; missed: string[] };
}

const fmt = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined || Number.isNaN(n)
    ? '–'
    : n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (n: number | undefined) => (n === undefined ? '–' : `${Math.round(n * 100)}%`);

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function dataSetInfo(items: number, seed: number, jira?: JiraStats, ado?: AdoStats): DataSetInfo {
  const info: DataSetInfo = { items, seed };
  if (jira) {
    info.jira = jira;
    const p = Object.values(jira.projects);
    const issues = p.reduce((n, x) => n + x.issues, 0);
    info.jiraHistoriesPerIssue = Math.round((p.reduce((n, x) => n + x.histories, 0) / issues) * 100) / 100;
  }
  if (ado) {
    info.ado = ado;
    const p = Object.values(ado.projects);
    const all = p.reduce((n, x) => n + x.items + x.deletedItems, 0);
    info.adoRevisionsPerItem = Math.round((p.reduce((n, x) => n + x.revisions, 0) / all) * 100) / 100;
  }
  return info;
}

/** The report as Markdown: machine, data sets, one table per concern, targets. */
export function toMarkdown(report: BenchReport): string {
  const m = report.machine;
  const out: string[] = [];
  out.push(`# worksync benchmark: ${report.command}`, '');
  out.push(`Generated ${report.generatedAt} (commit ${m.gitCommit}).`, '');
  out.push('## Machine', '');
  out.push(
    table(
      ['', ''],
      [
        ['CPU', `${m.cpuModel}, ${m.cores} cores`],
        ['memory', `${m.memoryGb} GB`],
        ['OS', m.os],
        ['Node.js', m.node],
        ['PostgreSQL', m.postgres],
        ['database', `${report.database.display} (${report.database.source})`],
      ],
    ),
    '',
  );
  out.push('## Data sets (simulators, fixed seeds)', '');
  out.push(
    table(
      [
        'data set',
        'items per platform',
        'seed',
        'Jira projects: issues / histories',
        'Jira histories per issue',
        'ADO projects: items (+deleted) / revisions / link events',
        'ADO revisions per item',
      ],
      Object.entries(report.dataSets).map(([name, d]) => [
        name,
        fmt(d.items),
        String(d.seed),
        d.jira
          ? Object.entries(d.jira.projects)
              .map(([k, v]) => `${k} ${fmt(v.issues)} / ${fmt(v.histories)}`)
              .join('; ')
          : '–',
        fmt(d.jiraHistoriesPerIssue, 2),
        d.ado
          ? Object.entries(d.ado.projects)
              .map(
                ([k, v]) =>
                  `${k} ${fmt(v.items)} (+${fmt(v.deletedItems)}) / ${fmt(v.revisions)} / ${fmt(v.linkEvents)}`,
              )
              .join('; ')
          : '–',
        fmt(d.adoRevisionsPerItem, 2),
      ]),
    ),
    '',
  );

  const ok = report.scenarios.filter((s) => s.platforms.length > 0);
  out.push('## Scenarios', '');
  out.push(
    table(
      [
        'scenario',
        'wall s',
        'items',
        'items/s',
        'history rows',
        'history rows/s',
        'requests',
        'req / 1000 items',
        'minimum',
        'ratio',
        'peak RSS MB',
        'DB write share',
        'DB write vs plain',
      ],
      report.scenarios.map((s) =>
        s.platforms.length === 0 && s.status !== 'ok'
          ? [
              `(${s.id}) ${s.title}`,
              `${s.status}${s.note ? `: ${s.note}` : ''}`,
              ...Array<string>(11).fill('–'),
            ]
          : [
              `(${s.id}) ${s.title}${s.status === 'ok' ? (s.platforms.length === 0 && s.note ? ` (${s.note})` : '') : ` **${String(s.status).toUpperCase()}**: ${s.note ?? ''}`}`,
              fmt(s.wallMs / 1000, 1),
              fmt(s.itemsFetched),
              fmt(s.itemsPerSec),
              fmt(s.historyRows),
              fmt(s.historyRowsPerSec),
              fmt(s.requests),
              fmt(s.requestsPer1000Items, 1),
              fmt(s.minimumRequests),
              fmt(s.requestRatio, 2),
              fmt(s.peakRssMb, 0),
              pct(s.dbWriteShare),
              s.write ? pct(s.write.ratio) : '–',
            ],
      ),
    ),
    '',
  );

  for (const s of report.scenarios)
    if (typeof s.extra?.caveat === 'string') out.push(`Caveat for (${s.id}): ${s.extra.caveat}.`, '');
  const busy = report.scenarios.filter(
    (s) => typeof s.extra?.workerCpuMs === 'number' && typeof s.extra.eventLoopUtilization === 'number',
  );
  if (busy.length > 0) {
    out.push(
      `Worker process (both platforms share one event loop; the simulators and PostgreSQL share the cores): ${busy
        .map(
          (s) =>
            `(${s.id}) ${fmt(Number(s.extra?.workerCpuMs) / 1000, 1)} CPU-s in ${fmt(s.wallMs / 1000, 1)} s, event loop busy ${pct(Number(s.extra?.eventLoopUtilization))}`,
        )
        .join('; ')}.`,
      '',
    );
  }

  out.push('## Per platform', '');
  out.push(
    table(
      [
        'scenario',
        'platform',
        'wall s',
        'items fetched',
        'items written',
        'items/s',
        'history rows',
        'history rows/s',
        'requests (simulator count)',
        'req / 1000 items',
        'minimum',
        'ratio',
        'DB write s',
        'DB write share',
      ],
      ok.flatMap((s) =>
        s.platforms.map((p) => [
          `(${s.id})`,
          p.platform,
          fmt(p.wallMs / 1000, 1),
          fmt(p.itemsFetched),
          fmt(p.itemsWritten),
          fmt(p.itemsPerSec),
          fmt(p.historyRows),
          fmt(p.historyRowsPerSec),
          `${fmt(p.requests)} (${fmt(p.simulatorRequests)})`,
          fmt(p.requestsPer1000Items, 1),
          fmt(p.minimumRequests),
          fmt(p.requestRatio, 2),
          fmt(p.dbWriteMs / 1000, 1),
          pct(p.dbWriteShare),
        ]),
      ),
    ),
    '',
  );

  out.push('## API requests by endpoint (actual / minimum)', '');
  out.push(
    table(
      ['scenario', 'platform', 'endpoint', 'requests', 'minimum'],
      ok.flatMap((s) =>
        s.platforms.flatMap((p) => {
          const endpoints = [
            ...new Set([...Object.keys(p.requestsByEndpoint), ...Object.keys(p.minimumParts)]),
          ].sort();
          return endpoints.map((e) => [
            `(${s.id})`,
            p.platform,
            e,
            fmt(p.requestsByEndpoint[e] ?? 0),
            fmt(p.minimumParts[e] ?? 0),
          ]);
        }),
      ),
    ),
    '',
  );

  const writes = ok.filter((s) => s.write);
  if (writes.length > 0) {
    out.push('## Database writing vs a plain bulk insert of the same rows (same run, same database)', '');
    out.push(
      table(
        [
          'scenario',
          'rows',
          'worksync DB write s',
          'worksync rows/s',
          'plain INSERT s',
          'plain rows/s',
          'ratio',
        ],
        writes.map((s) => [
          `(${s.id})`,
          fmt(s.write!.rows),
          fmt(s.write!.worksyncWriteMs / 1000, 1),
          fmt(s.write!.worksyncRowsPerSec),
          fmt(s.write!.plain.ms / 1000, 1),
          fmt(s.write!.plain.rowsPerSec),
          pct(s.write!.ratio),
        ]),
      ),
      '',
    );
  }

  out.push('## Minimum-request formulas', '');
  const formulas = new Map<string, string>();
  for (const s of ok) for (const p of s.platforms) formulas.set(`${s.id} ${p.platform}`, p.minimumFormula);
  for (const [key, formula] of formulas) out.push(`- (${key.replace(' ', ') ')}: ${formula}`);
  out.push(
    '',
    'N_p issues, H_p changelog histories, C_p changed issues; R_p reporting revisions, L_p link events, T_p teams, V_p new revisions, per project p.',
    '',
  );

  out.push('## Targets', '');
  out.push(
    table(
      ['scenario', 'target', 'required', 'measured', 'met'],
      report.scenarios.flatMap((s) =>
        s.targets.map((t) => [`(${s.id})`, t.name, t.target, t.value, t.met ? 'yes' : '**no**']),
      ),
    ),
    '',
  );
  out.push(
    `${report.summary.targetsMet} targets met, ${report.summary.targetsMissed} missed${report.summary.missed.length > 0 ? `: ${report.summary.missed.join('; ')}` : ''}.`,
    '',
  );
  return out.join('\n');
}

export function saveReport(dir: string, name: string, report: BenchReport): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${name}.json`);
  const md = join(dir, `${name}.md`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, toMarkdown(report));
  return { json, md };
}
