import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { missingFileMessage, readEnvironment } from '../config/load.js';
import { rawSecrets } from '../config/schema.js';
import { maskSecrets } from '../config/secrets.js';
import type { Platform } from '../domain/glossary.js';
import { ConfigError, describeError } from '../errors.js';
import { DEFAULT_REPORT_FILE } from '../metrics/report/write-report.js';
import { type DemoOptions, demoCommand } from './commands/demo.js';
import { doctorCommand } from './commands/doctor.js';
import { fieldsCommand } from './commands/fields.js';
import { migrateCommand } from './commands/migrate.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { type SimOptions, simCommand } from './commands/sim.js';
import { snapshotCommand } from './commands/snapshot.js';
import { statusCommand } from './commands/status.js';
import { syncCommand } from './commands/sync.js';
import { type GlobalOptions, withContext } from './context.js';

/** Exit codes: 0 success, 1 failure, 2 configuration or usage error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command('worksync')
    .description(
      'Sync Azure DevOps Boards and Jira Cloud work items, their history and relations into PostgreSQL',
    )
    .option(
      '--config <file>',
      'read variables from this file instead of ./.env (the environment still wins; also WORKSYNC_ENV_FILE)',
    )
    .option(
      '--env-file <file>',
      'the same as --config, when running bin/worksync.js directly (not through npx)',
    )
    .showHelpAfterError('(run `worksync --help` for the commands)')
    .exitOverride();
  // The file named on the command line, checked: a typo must not run with the defaults.
  const global = (): GlobalOptions => {
    const named = namedFile(program.opts<ProgramOptions>());
    if (named === undefined) return {};
    const path = resolve(named.file);
    if (!existsSync(path)) throw new ConfigError([missingFileMessage(path, named.option)]);
    return { envFile: named.file };
  };

  program
    .command('migrate')
    .description('create or update the database schema (both platform schemas and the worksync schema)')
    .action(async () => setCode(await withContext(global(), migrateCommand)));

  program
    .command('demo')
    .description(
      'the first command to try: simulators on loopback, a fresh embedded database, a full sync of both platforms, a summary',
    )
    .option('--items <n>', 'work items per platform', '2000')
    .option('--seed <n>', 'seed of the generated data', '42')
    .action(async (options: DemoOptions) => setCode(await demoCommand(options)));

  program
    .command('run')
    .description(
      'continuous: sync now, then every SYNC_INTERVAL_MINUTES, both platforms in parallel (or only ado or jira)',
    )
    .argument('[platform]', 'ado or jira (default: every configured platform)')
    .action(async (platform: string | undefined) =>
      setCode(await withContext(global(), (ctx) => runCommand(ctx, parsePlatform(platform)))),
    );

  program
    .command('sync')
    .description('one pass: sync the configured platforms (or only ado or jira) into the database, then exit')
    .argument('[platform]', 'ado or jira (default: every configured platform)')
    .option('--full', 'read everything again and check for deletions, ignoring the cursors')
    .action(async (platform: string | undefined, options: { full?: boolean }) =>
      setCode(await withContext(global(), (ctx) => syncCommand(ctx, parsePlatform(platform), options))),
    );

  program
    .command('sim')
    .description(
      'run the local Jira Cloud and Azure DevOps simulators on 127.0.0.1 and print the variables that point worksync at them',
    )
    .option('--jira-port <n>', 'Jira simulator port (default: a free one)')
    .option('--ado-port <n>', 'Azure DevOps simulator port (default: a free one)')
    .option('--items <n>', 'work items per platform', '1000')
    .option('--seed <n>', 'seed of the generated data', '1')
    .addHelpText(
      'after',
      '\nWith the global --config PATH (or --env-file PATH), the variables are written to PATH instead of printed.',
    )
    .action(async (options: SimOptions) => {
      // An output here, so it need not exist; WORKSYNC_ENV_FILE is not read (it would overwrite a configuration).
      const out = namedFile(program.opts<ProgramOptions>())?.file;
      setCode(await simCommand({ ...options, ...(out !== undefined ? { envFile: out } : {}) }));
    });

  program
    .command('report')
    .description('write one offline HTML file with the KPI charts, and print a summary table')
    .option('--out <file>', 'where to write the HTML report', DEFAULT_REPORT_FILE)
    .action(async (options: { out?: string }) =>
      setCode(await withContext(global(), (ctx) => reportCommand(ctx, options))),
    );

  program
    .command('snapshot')
    .description("compute today's KPI snapshots from history, or rebuild the past DAYS days with --backfill")
    .option('--backfill <days>', 'recompute the last DAYS days (idempotent)')
    .action(async (options: { backfill?: string }) =>
      setCode(await withContext(global(), (ctx) => snapshotCommand(ctx, options))),
    );

  program
    .command('status')
    .description(
      'per platform and project: last success, items, source vs stored counts, last error, API requests',
    )
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) =>
      setCode(await withContext(global(), (ctx) => statusCommand(ctx, options))),
    );

  program
    .command('fields')
    .description(
      'every field of each configured instance: the id to put in JIRA_*_FIELD_ID / ADO_*_FIELD, name, type, and how many recent items hold a value',
    )
    .argument('[platform]', 'ado or jira (default: every configured platform)')
    .option('--search <text>', 'only fields whose name or id contains this text')
    .option('--json', 'print JSON instead of a table')
    .action(async (platform: string | undefined, options: { search?: string; json?: boolean }) =>
      setCode(await withContext(global(), (ctx) => fieldsCommand(ctx, parsePlatform(platform), options))),
    );

  program
    .command('doctor')
    .description('check the configuration, the database and each API, with a fix for every failure')
    .option('--json', 'print JSON instead of text')
    .action(async (options: { json?: boolean }) =>
      setCode(await withContext(global(), (ctx) => doctorCommand(ctx, options))),
    );

  return program;
}

/** The global options as commander parses them. */
interface ProgramOptions {
  config?: string;
  envFile?: string;
}

/**
 * The file named by --config or --env-file, with the option's name. --config exists because Node 20
 * claims --env-file anywhere on its command line: `npx worksync --env-file f` is read (or refused) by
 * the node running npx, before worksync starts.
 */
function namedFile(options: ProgramOptions): { file: string; option: string } | undefined {
  if (options.config !== undefined && options.envFile !== undefined && options.config !== options.envFile) {
    throw new ConfigError([
      `--config ${options.config} and --env-file ${options.envFile} name different files: give one`,
    ]);
  }
  if (options.config !== undefined) return { file: options.config, option: '--config' };
  if (options.envFile !== undefined) return { file: options.envFile, option: '--env-file' };
  return undefined;
}

function parsePlatform(value: string | undefined): Platform | undefined {
  if (value === undefined) return undefined;
  if (value === 'ado' || value === 'jira') return value;
  throw new ConfigError([`unknown platform "${value}": use ado or jira`]);
}

/** Runs the command line; resolves to the exit code. Errors end as one line on stderr, secrets masked. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; their text is already printed.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const secrets = safeSecrets(program.opts<ProgramOptions>());
    process.stderr.write(`worksync: ${maskSecrets(describeError(error), secrets)}\n`);
    return error instanceof ConfigError ? EXIT.usage : EXIT.failed;
  }
}

/** The secrets of the raw environment, for masking an error raised before the configuration was valid. */
function safeSecrets(options: ProgramOptions): string[] {
  try {
    return rawSecrets(readEnvironment(options.config ?? options.envFile, process.env, process.cwd()));
  } catch {
    return rawSecrets(process.env);
  }
}
