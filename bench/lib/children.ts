import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  BackfillResult,
  BenchPlatform,
  ChangeResult,
  SimReady,
  SimReply,
  SimRequestMessage,
  SimStats,
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
      execArgv: ['--import', 'tsx', '--max-old-space-size=6144'],
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

/** Options of a worker process: a CPU profile folder, a heap limit. */
export interface WorkerOptions {
  cpuProf?: string;
  heapMb?: number;
}

function forkWorker(script: string, args: string[], env: Record<string, string>, options: WorkerOptions) {
  const execArgv = ['--import', 'tsx'];
  if (options.cpuProf) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProf}`);
  if (options.heapMb) execArgv.push(`--max-old-space-size=${options.heapMb}`);
  return fork(here(script), args, {
    execArgv,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Runs bench/backfill-worker.ts (scenario e) with the given environment. */
export function runBackfillWorker(
  env: Record<string, string>,
  days: number,
  options: WorkerOptions = {},
): Promise<BackfillResult> {
  const child = forkWorker('backfill-worker.ts', [String(days)], env, options);
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
export function runWorker(
  mode: 'full' | 'incremental',
  env: Record<string, string>,
  options: WorkerOptions = {},
): Promise<WorkerResult> {
  const child = forkWorker('worker.ts', [mode], env, options);
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
