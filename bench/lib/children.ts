import { type ChildProcess, execFile, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import type {
  BackfillResult,
  BenchPlatform,
  ChangeResult,
  SimReady,
  SimReply,
  SimRequestMessage,
  SimStats,
  SoakChangeResult,
  WorkerResult,
} from './protocol.js';

const here = (name: string) => fileURLToPath(new URL(`../${name}`, import.meta.url));

/** A message without its id (distributed over the union). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** A simulator running in its own process (bench/sim-server.ts), steered over IPC. */
export class SimProcess {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: SimReply) => void>();

  private constructor(
    readonly platform: BenchPlatform,
    private readonly child: ChildProcess,
    readonly env: Record<string, string>,
    readonly startMs: number,
  ) {
    child.on('message', (message: SimReply | SimReady) => {
      if (message.type !== 'reply') return;
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message);
    });
  }

  static start(platform: BenchPlatform, items: number, seed: number): Promise<SimProcess> {
    const child = fork(here('sim-server.ts'), [platform, String(items), String(seed)], {
      execArgv: [
        '--import',
        'tsx',
        '--max-old-space-size=6144',
        ...(process.env.BENCH_SIM_CPU_PROF
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SIM_CPU_PROF}`]
          : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`${platform} simulator exited with code ${code} before it was ready`));
      child.once('exit', onExit);
      child.on('message', (message: SimReady | SimReply) => {
        if (message.type !== 'ready') return;
        child.off('exit', onExit);
        resolve(new SimProcess(platform, child, message.env, message.startMs));
      });
    });
  }

  private call<T>(message: WithoutId<SimRequestMessage>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, (reply) =>
        reply.error !== undefined ? reject(new Error(reply.error)) : resolve(reply.value as T),
      );
      this.child.send({ ...message, id } as SimRequestMessage);
    });
  }

  stats(): Promise<SimStats> {
    return this.call({ cmd: 'stats' });
  }

  change(fraction: number, advanceMs: number): Promise<ChangeResult> {
    return this.call({ cmd: 'change', fraction, advanceMs });
  }

  soakChange(round: number, fraction: number, advanceMs: number): Promise<SoakChangeResult> {
    return this.call({ cmd: 'soak-change', round, fraction, advanceMs });
  }

  counts(): Promise<Record<string, number>> {
    return this.call({ cmd: 'counts' });
  }

  resetCounts(): Promise<void> {
    return this.call({ cmd: 'reset' });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await Promise.race([this.call({ cmd: 'stop' }).catch(() => undefined), exited]);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (this.child.exitCode === null) this.child.kill();
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Where the compiled workers go: beside the compiled sources, so their `../src/…` imports are dist's. */
const built = (name: string) => fileURLToPath(new URL(`../../dist/bench/${name}`, import.meta.url));

/**
 * Compiles worksync as users run it (`npm run build`: `tsc -p tsconfig.build.json` into dist/) and the
 * worker scripts into dist/bench/ beside it (type-only imports erased; their `../src/…` imports resolve
 * to dist/src/), so the workers measure compiled JavaScript, never tsx nor a stale dist/. Done once per
 * benchmark run; a build that fails stops the benchmark with tsc's messages.
 */
async function buildWorkers(): Promise<void> {
  const started = performance.now();
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const out = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `npm run build (tsc -p tsconfig.build.json) failed:\n${out.stdout || out.stderr || out.message}`,
    );
  }
  for (const name of ['worker', 'backfill-worker']) {
    const source = await readFile(fileURLToPath(new URL(`../${name}.ts`, import.meta.url)), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: `${name}.ts`,
      compilerOptions: {
        target: ts.ScriptTarget.ES2023,
        module: ts.ModuleKind.ESNext,
        verbatimModuleSyntax: true,
      },
    });
    const file = built(`${name}.js`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, outputText);
  }
  process.stdout.write(
    `  built dist/ and the workers in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

let build: Promise<void> | undefined;

/** Builds dist/ (and the workers) once per benchmark run: for children that run bin/worksync.js. */
export function ensureBuilt(): Promise<void> {
  build ??= buildWorkers();
  return build;
}

/**
 * The environment assignments and node options of bin/worksync.js's shebang
 * (`#!/usr/bin/env -S [NAME=VALUE...] node <options> --`): the workers measure what users run.
 */
export function binNodeArgs(): { env: Record<string, string>; args: string[] } {
  const shebang =
    readFileSync(fileURLToPath(new URL('../../bin/worksync.js', import.meta.url)), 'utf8').split('\n')[0] ??
    '';
  const words = shebang.replace(/^#!\S*env -S /, '').split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0]?.includes('=')) {
    const [name = '', ...value] = words.shift()!.split('=');
    env[name] = value.join('=');
  }
  return { env, args: words[0] === 'node' ? words.slice(1).filter((w) => w !== '--') : [] };
}

/** Options of a worker process: a CPU profile folder, a heap limit. */
export interface WorkerOptions {
  cpuProf?: string;
  heapMb?: number;
}

/** Starts a compiled worker (dist/bench/<script>.js, built first; plain node, as bin/worksync.js runs). */
async function forkWorker(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: WorkerOptions,
) {
  await ensureBuilt();
  // The node options worksync's bin runs with (its heap limit), then extra ones for diagnostics, e.g.
  // BENCH_WORKER_NODE_ARGS='--trace-gc' (see bench/README.md).
  const bin = binNodeArgs();
  const execArgv = [...bin.args, ...(process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  if (options.cpuProf) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProf}`);
  if (options.heapMb) execArgv.push(`--max-old-space-size=${options.heapMb}`);
  return fork(built(`${script}.js`), args, {
    execArgv,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...bin.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Runs bench/backfill-worker.ts (scenario e) with the given environment. */
export async function runBackfillWorker(
  env: Record<string, string>,
  days: number,
  options: WorkerOptions = {},
): Promise<BackfillResult> {
  const child = await forkWorker('backfill-worker', [String(days)], env, options);
  return new Promise((resolve, reject) => {
    let result: BackfillResult | undefined;
    child.on('message', (message: BackfillResult) => {
      if (message.type === 'backfill') result = message;
    });
    child.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the backfill worker exited with code ${code} without a result`));
    });
  });
}

/** Runs bench/worker.ts (one worksync sync of both platforms) with the given environment. */
export async function runWorker(
  mode: 'full' | 'incremental',
  env: Record<string, string>,
  options: WorkerOptions = {},
): Promise<WorkerResult> {
  const child = await forkWorker('worker', [mode], env, options);
  return new Promise((resolve, reject) => {
    let result: WorkerResult | undefined;
    child.on('message', (message: WorkerResult) => {
      if (message.type === 'result') result = message;
    });
    child.once('exit', (code) => {
      if (result && code === 0) resolve(result);
      else reject(new Error(`the sync worker exited with code ${code}${result ? '' : ' without a result'}`));
    });
  });
}
