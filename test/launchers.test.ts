import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JiraSim, startJiraSim } from '../sim/jira/index.js';
import { openPglite } from '../src/store/pglite.js';
import { until } from './support/until.js';

/**
 * SIGTERM through the launchers the README documents. A package folder of its own holds the project's
 * real `start` script and a bin/worksync.js that execs the sources (as the real bin execs node), so npm
 * and sh behave as they do for users, without a build.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'test/support/cli.ts');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const startScript = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start;

let sim: JiraSim;
beforeAll(async () => {
  sim = await startJiraSim({ items: 900, seed: 8 });
});
afterAll(async () => {
  await sim.close();
});

function packageFolder(): { cwd: string; env: Record<string, string> } {
  const cwd = mkdtempSync(join(tmpdir(), 'ws-launch-'));
  writeFileSync(
    join(cwd, 'package.json'),
    JSON.stringify({ name: 'worksync-launch-test', private: true, scripts: { start: startScript } }),
  );
  mkdirSync(join(cwd, 'bin'));
  writeFileSync(
    join(cwd, 'bin/worksync.js'),
    `#!/bin/sh\nexec "${process.execPath}" --import ${tsxLoader} -- "${entry}" "$@"\n`,
  );
  chmodSync(join(cwd, 'bin/worksync.js'), 0o755);
  const env = {
    ...sim.env(),
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? cwd,
    WORKSYNC_DATA_DIR: join(cwd, 'data'),
    LOG_DIR: join(cwd, 'logs'),
  };
  return { cwd, env };
}

/** Output and exit of a launched process tree; `detached` gives it its own process group. */
function launch(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, exit, output: () => output };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits until worksync is inside its first sync (a changelog batch asked for). */
async function syncing(): Promise<void> {
  sim.server.resetCounts();
  await until('the sync to start', () => sim.server.requestCount('changelog/bulkfetch') >= 1);
}

/** The scope in flight was recorded as aborted (an earlier one may have finished); none left running. */
async function expectStoppedInFlight(cwd: string): Promise<void> {
  const db = await openPglite(join(cwd, 'data'));
  try {
    const rows = await db.query<{ outcome: string | null; n: number }>(
      'SELECT outcome, count(*)::int AS n FROM jira_sync.sync_runs GROUP BY outcome',
    );
    const outcomes = Object.fromEntries(rows.map((r) => [r.outcome ?? 'running', r.n]));
    expect(outcomes.aborted).toBe(1);
    expect(outcomes.running).toBeUndefined();
  } finally {
    await db.close();
  }
}

describe('SIGTERM through the documented launchers', () => {
  it('npm start: SIGTERM to npm reaches worksync, which stops after the page in flight; npm exits 0', async () => {
    const { cwd, env } = packageFolder();
    const run = launch('npm', ['start', '--', 'jira'], cwd, env);
    await syncing();
    run.child.kill('SIGTERM');
    expect(await run.exit, run.output()).toBe(0);
    expect(run.output()).toMatch(/SIGTERM: finishing the page in flight/);
    await expectStoppedInFlight(cwd);
  }, 120_000);

  it('npm start: Ctrl-C (SIGINT to the whole group, then forwarded by npm) is one stop, not two', async () => {
    const { cwd, env } = packageFolder();
    const run = launch('npm', ['start', '--', 'jira'], cwd, env);
    await syncing();
    process.kill(-run.child.pid!, 'SIGINT');
    expect(await run.exit, run.output()).toBe(0);
    expect(run.output()).not.toMatch(/second SIGINT/);
    expect(run.output().match(/SIGINT: finishing the page in flight/g)).toHaveLength(1);
    await expectStoppedInFlight(cwd);
  }, 120_000);

  it('npx: the shell npm runs it in dies on SIGTERM; worksync sees its launcher gone and stops by itself', async () => {
    const { cwd, env } = packageFolder();
    // What npx runs: `sh -c 'worksync run'` with npm's variables; the shell's own pid is echoed first.
    const logFile = join(cwd, 'worksync.log');
    const shell = launch(
      'sh',
      ['-c', `"${join(cwd, 'bin/worksync.js')}" run jira > "${logFile}" 2>&1 & echo $!; wait`],
      cwd,
      { ...env, npm_lifecycle_event: 'npx', npm_command: 'exec' },
    );
    await until('the pid', () => /^\d+\n/.test(shell.output()), 10_000);
    const pid = Number(shell.output().trim());
    await syncing();
    // npm forwards SIGTERM to that shell only; the shell dies without passing it on.
    shell.child.kill('SIGTERM');
    await shell.exit;
    await until('worksync to stop', () => !alive(pid), 20_000);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toMatch(/the npm process that started worksync has gone/);
    expect(log).toMatch(/"msg":"stopped"/);
    await expectStoppedInFlight(cwd);
  }, 120_000);
});
