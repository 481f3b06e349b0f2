/**
 * Write batches run in a worker thread. During a full sync the sync thread's event loop is busy most of
 * the time (reading and mapping the APIs' answers of both platforms): each statement's answer waited
 * there before the next statement of a page could go, and a page's transaction lasted about twice its
 * statements. The thread holds its own connections and only runs statements, so its answers are read at
 * once; a batch costs the sync thread one message each way (its statements' text is copied, not rebuilt).
 */
import { Worker } from 'node:worker_threads';
import type pg from 'pg';
import { DatabaseUnavailableError, StoreError } from '../errors.js';
import type { BatchResult, Statement } from './db.js';

/** What the thread is started with. */
export interface WriterThreadData {
  connection: pg.PoolConfig;
  display: string;
  /** Pool size of the thread: batches run at once (one per scope being synced). */
  connections: number;
}

export interface BatchThreadOptions {
  /** Pool size of the thread. Default 4. */
  connections?: number;
  /**
   * Old-space limit of the thread (MB). Default 256: it holds only the statements of the batches in
   * flight, but one page of large items is tens of MB of text. A batch too large for it is written in
   * the calling thread instead (see `openPostgres`).
   */
  heapMb?: number;
  /** Told when the thread stopped under batches in flight (the reason: out of memory, a crash). */
  onStopped?: (reason: string) => void;
}

/**
 * The batches in flight when the thread stopped (out of memory, or crashed) fail with this. Their
 * connections closed with the thread, so the server rolled them back, unless a COMMIT had already
 * reached it: a batch may have been committed after all.
 */
export class WriterThreadStopped extends StoreError {}

export type ThreadRequest =
  | { type: 'batch'; id: number; statements: readonly Statement[] }
  | { type: 'close' };

export type ThreadReply =
  | { type: 'done'; id: number; result: BatchResult }
  | { type: 'failed'; id: number; message: string; code?: string; unavailable: boolean };

/** Starts the thread: compiled, the .js entry; from sources (tests, tsx), the .ts entry through tsx. */
function startThread(data: WriterThreadData, heapMb: number): Worker {
  // Its garbage is short-lived statement text: a small young generation (MB) is enough.
  const resourceLimits = { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 8 };
  const options = { workerData: data, resourceLimits };
  if (import.meta.url.endsWith('.js'))
    return new Worker(new URL('./writer-thread.js', import.meta.url), options);
  const entry = new URL('./writer-thread.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  return new Worker(boot, { ...options, eval: true });
}

interface Pending {
  resolve(result: BatchResult): void;
  reject(error: Error): void;
}

/** Runs batches in a thread; `close` waits for the batches in flight. */
export interface BatchThread {
  run(statements: readonly Statement[]): Promise<BatchResult>;
  close(): Promise<void>;
}

/**
 * A worker thread with its own pool running write batches. It starts on the first batch, and again after
 * it stopped (its batches in flight then fail with WriterThreadStopped). Idle, it does not keep the
 * process alive.
 */
export function batchThread(
  connection: pg.PoolConfig,
  display: string,
  { connections = 4, heapMb = 256, onStopped }: BatchThreadOptions = {},
): BatchThread {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const start = (): Worker => {
    const started = startThread({ connection, display, connections }, heapMb);
    started.on('message', (reply: ThreadReply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (pending.size === 0) started.unref();
      if (reply.type === 'done') waiting.resolve(reply.result);
      else {
        // The thread's error cannot cross as it is: its kind is told, so that a lost server is waited for.
        const Kind = reply.unavailable ? DatabaseUnavailableError : StoreError;
        waiting.reject(
          new Kind(`writing to ${display} failed: ${reply.message}`, {
            cause: Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {}),
          }),
        );
      }
    });
    const died = (reason: string) => {
      if (worker === started) worker = undefined;
      if (pending.size > 0) onStopped?.(reason);
      const error = new WriterThreadStopped(
        `the database writer thread stopped (${reason}); its transactions in flight were not committed`,
      );
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    };
    started.on('error', (error) => died(error.message));
    started.on('exit', (code) => died(`exit code ${code}`));
    return started;
  };

  return {
    run(statements) {
      worker ??= start();
      const target = worker;
      const id = nextId++;
      return new Promise<BatchResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        target.ref();
        target.postMessage({ type: 'batch', id, statements } satisfies ThreadRequest);
      });
    },
    async close() {
      const closing = worker;
      if (!closing) return;
      worker = undefined;
      // The thread finishes the batches it holds, closes its pool, then exits.
      const exited = new Promise<void>((resolve) => closing.once('exit', () => resolve()));
      closing.ref();
      closing.postMessage({ type: 'close' } satisfies ThreadRequest);
      await exited;
    },
  };
}
