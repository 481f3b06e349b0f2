/**
 * `worksync run` as the soak's child process: bin/worksync.js on the compiled dist/, with the node
 * options of its shebang (what users run), its JSON log lines on stderr read as events.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { binNodeArgs } from './children.js';

const BIN = fileURLToPath(new URL('../../bin/worksync.js', import.meta.url));

/** One log line of the child (pino JSON; other output kept as `msg` with level 60). */
export interface LogEvent {
  at: number;
  level: number;
  msg: string;
  platform?: string;
  project?: string;
  outcome?: string;
  /** The `err` field of error lines. */
  err?: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

function parseLine(line: string): LogEvent {
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    const text = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
    const event: LogEvent = { at: Date.now(), level: Number(o.level ?? 30), msg: text('msg') ?? line };
    for (const k of ['platform', 'project', 'outcome', 'err'] as const) {
      const v = text(k);
      if (v !== undefined) event[k] = v;
    }
    return event;
  } catch {
    return { at: Date.now(), level: 60, msg: line };
  }
}

/** A running `worksync <command>` (run, or sync for the clean comparison). */
export class WorksyncChild {
  readonly events: LogEvent[] = [];
  readonly exited: Promise<Exit>;
  exit: Exit | undefined;
  private readonly child: ChildProcess;

  constructor(args: string[], env: Record<string, string>, cwd: string) {
    const bin = binNodeArgs();
    this.child = spawn(process.execPath, [...bin.args, BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...bin.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr])
      if (stream)
        createInterface({ input: stream }).on('line', (line) => {
          if (line.trim()) this.events.push(parseLine(line));
        });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Polls `check` every 50 ms; rejects when the child exits first or after `ms`. */
  async until(what: string, check: () => boolean, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (this.exit)
        throw new Error(`worksync exited (${JSON.stringify(this.exit)}) while waiting for ${what}`);
      if (Date.now() > deadline)
        throw new Error(`timed out after ${Math.round(ms / 1000)} s waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGTERM, then the exit (SIGKILL after `ms`, reported as such). */
  async terminate(ms = 30_000): Promise<Exit & { ms: number; killed: boolean }> {
    const started = Date.now();
    if (!this.exit) this.child.kill('SIGTERM');
    const timer = new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref());
    const exit = await Promise.race([this.exited, timer]);
    if (exit) return { ...exit, ms: Date.now() - started, killed: false };
    this.child.kill('SIGKILL');
    return { ...(await this.exited), ms: Date.now() - started, killed: true };
  }

  /** The last `n` lines, for a failure message. */
  tail(n = 15): string {
    return this.events
      .slice(-n)
      .map((e) => e.msg)
      .join('\n');
  }
}
