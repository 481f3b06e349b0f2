/**
 * `npm run bench [-- --large] [-- --only a,b] [-- --items N] [-- --large-items N] [-- --seed N]
 *  [-- --cpu-prof] [-- --out DIR] [-- --keep-db] [-- --worker-heap MB] [-- --platform jira|ado]
 *  [-- --ado-scope organization|projects]`;  `npm run bench -- --soak [N]` (only the soak: bench/soak.ts)
 *
 * The worksync benchmark: the simulators (each in its own process, fixed seeds) → worksync's real runner
 * (in a worker process, so its peak RSS is its own) → PostgreSQL: the configured server, else the local
 * one (a fresh database, dropped at the end), else PGlite. Prints each scenario and saves JSON and
 * Markdown under bench/results/. See bench/README.md for what each figure means.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SimProcess } from './lib/children.js';
import { chooseDbTarget } from './lib/db-target.js';
import { describeMachine } from './lib/machine.js';
import { CAPS } from './lib/minimum.js';
import type { AdoStats, JiraStats } from './lib/protocol.js';
import { type BenchReport, type DataSetInfo, dataSetInfo, saveReport, toMarkdown } from './lib/report.js';
import { type BenchContext, resultWithoutFigures, type Scenario, type ScenarioResult } from './lib/types.js';
import { scenarioE } from './scenarios/backfill.js';
import { scenarioA, scenarioD } from './scenarios/full-sync.js';
import { scenarioB, scenarioC } from './scenarios/incremental.js';
import { runSoak } from './soak.js';

const SCENARIOS: Scenario[] = [scenarioA, scenarioB, scenarioC, scenarioD, scenarioE];

/** `--soak` with or without a number (default 12): taken out before parseArgs, which wants a value. */
function takeSoak(argv: string[]): { cycles: number | undefined; rest: string[] } {
  const rest = [...argv];
  const at = rest.findIndex((a) => a === '--soak' || a.startsWith('--soak='));
  if (at < 0) return { cycles: undefined, rest };
  const [flag = ''] = rest.splice(at, 1);
  let value = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : undefined;
  if (value === undefined && /^\d+$/.test(rest[at] ?? '')) value = rest.splice(at, 1)[0];
  const cycles = value === undefined ? 12 : Number(value);
  if (!Number.isInteger(cycles) || cycles < 2) throw new Error('--soak takes a whole number of cycles ≥ 2');
  return { cycles, rest };
}

const soak = takeSoak(process.argv.slice(2));
const { values: args } = parseArgs({
  args: soak.rest,
  options: {
    large: { type: 'boolean', default: false },
    only: { type: 'string' },
    items: { type: 'string' },
    'large-items': { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    'cpu-prof': { type: 'boolean', default: false },
    out: { type: 'string' },
    'keep-db': { type: 'boolean', default: false },
    'worker-heap': { type: 'string' },
    platform: { type: 'string' },
    'ado-scope': { type: 'string', default: 'organization' },
  },
  allowPositionals: false,
});

const log = (line: string) => process.stderr.write(`${line}\n`);

function failed(scenario: Scenario, items: number, error: unknown): ScenarioResult {
  return resultWithoutFigures(
    {
      id: scenario.id,
      title: scenario.title,
      status: 'failed',
      note: error instanceof Error ? error.message : String(error),
      itemsPerPlatform: items,
    },
    [{ name: 'scenario ran', target: 'completes', value: 'failed', met: false, note: String(error) }],
  );
}

function printScenario(r: ScenarioResult): void {
  if (r.status !== 'ok') {
    log(`  (${r.id}) ${r.status}${r.note ? `: ${r.note}` : ''}`);
    return;
  }
  log(
    `  (${r.id}) ${(r.wallMs / 1000).toFixed(1)} s, ${r.itemsFetched} items (${r.itemsPerSec}/s), ${r.historyRows} history rows (${r.historyRowsPerSec}/s), ` +
      `${r.requests} requests (minimum ${r.minimumRequests}, ratio ${r.requestRatio}), peak RSS ${r.peakRssMb} MB, ` +
      `DB writing ${Math.round(r.dbWriteShare * 100)}% of the time${r.write ? `, ${Math.round(r.write.ratio * 100)}% of the plain insert rate` : ''}`,
  );
  for (const p of r.platforms)
    log(
      `      ${p.platform}: ${(p.wallMs / 1000).toFixed(1)} s, ${p.requests} requests ${JSON.stringify(p.requestsByEndpoint)}, minimum ${p.minimumRequests} ${JSON.stringify(p.minimumParts)}`,
    );
  for (const t of r.targets)
    log(`      ${t.met ? 'met   ' : 'MISSED'} ${t.name}: ${t.value} (target ${t.target})`);
}

async function main(): Promise<number> {
  const only = args.only?.split(',').map((s) => s.trim().toLowerCase());
  const selected = SCENARIOS.filter((s) =>
    only ? only.includes(s.id) : s.dataSet === 'default' || args.large === true,
  );
  if (selected.length === 0)
    throw new Error('no scenario selected (--only takes a,b,c,d,e; d and e also with --large)');
  // Each of these measures the data its prerequisite synced; alone it would measure an empty database.
  const needs: Record<string, string> = { b: 'a', c: 'a', e: 'd' };
  for (const s of selected) {
    const before = needs[s.id];
    if (before && !selected.some((t) => t.id === before))
      throw new Error(`(${s.id}) measures the data of (${before}): add it, e.g. --only ${before},${s.id}`);
  }
  const adoScope = args['ado-scope'];
  if (adoScope !== 'organization' && adoScope !== 'projects')
    throw new Error(`--ado-scope takes organization or projects, not ${adoScope}`);
  if (args.platform !== undefined && args.platform !== 'jira' && args.platform !== 'ado')
    throw new Error('--platform takes jira or ado');
  const sizes = { default: Number(args.items ?? '20000'), large: Number(args['large-items']) };
  const seed = Number(args.seed);
  for (const [name, n] of Object.entries(sizes))
    if (!Number.isInteger(n) || n < 10)
      throw new Error(`--${name === 'default' ? 'items' : 'large-items'} must be a whole number ≥ 10`);

  const db = await chooseDbTarget();
  log(
    `worksync bench: database: ${db.display} [${db.source === 'pglite' ? 'embedded PGlite: no PostgreSQL server configured or running locally' : db.source === 'local' ? 'the local PostgreSQL server' : 'the configured PostgreSQL server'}]`,
  );
  log(`  ${db.version}`);
  const machine = describeMachine(db.version, db.display);
  log(`  machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}`);
  const logDir = mkdtempSync(join(tmpdir(), 'worksync-bench-logs-'));
  const cpuProfDir = args['cpu-prof']
    ? fileURLToPath(new URL('./results/tmp/cpu-prof', import.meta.url))
    : undefined;
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });

  const results: ScenarioResult[] = [];
  const dataSets: Record<string, DataSetInfo> = {};
  try {
    for (const dataSet of ['default', 'large'] as const) {
      const scenarios = selected.filter((s) => s.dataSet === dataSet);
      if (scenarios.length === 0) continue;
      const items = sizes[dataSet];
      const schemas =
        dataSet === 'default'
          ? { adoSchema: 'bench_ado', jiraSchema: 'bench_jira' }
          : { adoSchema: 'bench_large_ado', jiraSchema: 'bench_large_jira' };
      // Start from empty schemas (a configured database without CREATEDB keeps earlier runs' schemas).
      const handle = await db.open();
      try {
        for (const s of [schemas.adoSchema, schemas.jiraSchema])
          await handle.exec(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      } finally {
        await handle.close();
      }

      let sims: { jira: SimProcess; ado: SimProcess } | undefined;
      let stats: { jira: JiraStats; ado: AdoStats } | undefined;
      if (scenarios.some((s) => s.needsSims)) {
        log(`starting the simulators with ${items.toLocaleString('en')} items each (seed ${seed})...`);
        const [jira, ado] = await Promise.all([
          SimProcess.start('jira', items, seed),
          SimProcess.start('ado', items, seed),
        ]);
        sims = { jira, ado };
        const [jiraStats, adoStats] = await Promise.all([jira.stats(), ado.stats()]);
        stats = { jira: jiraStats as JiraStats, ado: adoStats as AdoStats };
        dataSets[dataSet] = {
          ...dataSetInfo(items, seed, stats.jira, stats.ado),
          simulatorStartMs: { jira: jira.startMs, ado: ado.startMs },
        };
        const info = dataSets[dataSet];
        log(
          `  Jira: ${info?.jiraHistoriesPerIssue} changelog histories per issue; ADO: ${info?.adoRevisionsPerItem} revisions per item`,
        );
      } else {
        dataSets[dataSet] = dataSetInfo(items, seed);
      }
      const workerEnv: Record<string, string> = {
        ...db.env,
        ...(sims && args.platform !== 'ado' ? sims.jira.env : {}),
        ...(sims && args.platform !== 'jira' ? sims.ado.env : {}),
        // The organisation stream reads every project at once; `--ado-scope projects` keeps the simulator's project list.
        ...(sims && args.platform !== 'jira' && adoScope === 'organization' ? { ADO_PROJECT: '*' } : {}),
        ADO_SCHEMA_NAME: schemas.adoSchema,
        JIRA_SCHEMA_NAME: schemas.jiraSchema,
        LOG_DIR: logDir,
        LOG_LEVEL: 'warn',
      };
      try {
        for (const scenario of scenarios) {
          log(`(${scenario.id}) ${scenario.title}...`);
          const ctx: BenchContext = {
            items,
            seed,
            db,
            workerEnv,
            schemas,
            ...(sims && stats ? { sims, stats } : {}),
            previous: results,
            ...(cpuProfDir ? { cpuProfDir } : {}),
            adoScope,
            ...(args['worker-heap'] ? { workerHeapMb: Number(args['worker-heap']) } : {}),
            log,
          };
          let result: ScenarioResult;
          try {
            result = await scenario.run(ctx);
          } catch (error) {
            result = failed(scenario, items, error);
          }
          results.push(result);
          printScenario(result);
        }
      } finally {
        if (sims) await Promise.all([sims.jira.stop(), sims.ado.stop()]);
      }
    }
  } finally {
    if (args['keep-db']) log(`keeping the database: ${db.display}`);
    else await db.cleanup();
    rmSync(logDir, { recursive: true, force: true });
  }

  const checks = results.flatMap((r) => r.targets.map((t) => ({ ...t, scenario: r.id })));
  const missed = checks.filter((t) => !t.met);
  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    command,
    machine,
    database: { kind: db.kind, source: db.source, display: db.display },
    caps: { ...CAPS },
    dataSets,
    scenarios: results,
    summary: {
      targetsMet: checks.length - missed.length,
      targetsMissed: missed.length,
      missed: missed.map((t) => `(${t.scenario}) ${t.name}: ${t.value}`),
    },
  };
  const name = args.out ? 'bench' : only || args.platform ? 'partial' : args.large ? 'large' : 'default';
  const dir = args.out ?? fileURLToPath(new URL('./results', import.meta.url));
  const saved = saveReport(dir, name, report);
  process.stdout.write(`${toMarkdown(report)}\n`);
  log(`saved ${saved.json} and ${saved.md}`);
  return results.some((r) => r.status === 'failed') ? 1 : 0;
}

const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const run = (): Promise<number> =>
  soak.cycles === undefined
    ? main()
    : runSoak({
        cycles: soak.cycles,
        // A few thousand items per platform: the soak is about time, not size.
        items: Number(args.items ?? '2000'),
        seed: Number(args.seed),
        outDir: args.out ?? fileURLToPath(new URL('./results', import.meta.url)),
        keepDb: args['keep-db'] === true,
        command,
        log,
      });

run().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
