/**
 * The entry of the database writer thread (started by `threaded-batches.ts`): its own `pg` pool, and one
 * transaction for every batch of statements posted to it. Batches of different scopes run concurrently,
 * each on its own connection.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../errors.js';
import { isDatabaseUnavailable } from './connection-errors.js';
import { openPostgres } from './postgres.js';
import type { ThreadReply, ThreadRequest, WriterThreadData } from './threaded-batches.js';

const port = parentPort;
if (!port) throw new Error('writer-thread.ts runs as a worker thread only');
const { connection, display, connections } = workerData as WriterThreadData;
// No connection check: a server that is away fails the batches (to be retried), not the thread.
const db = await openPostgres(connection, display, { maxConnections: connections, checkConnection: false });
const reply = (message: ThreadReply) => port.postMessage(message);
const inFlight = new Set<Promise<void>>();

port.on('message', (request: ThreadRequest) => {
  if (request.type === 'close') {
    void Promise.allSettled(inFlight)
      .then(() => db.close())
      .finally(() => port.close());
    return;
  }
  const { id, statements } = request;
  const done = db.writeBatch(statements).then(
    (result) => reply({ type: 'done', id, result }),
    (error: unknown) => {
      const code = (error as { code?: unknown }).code;
      reply({
        type: 'failed',
        id,
        message: describeError(error),
        unavailable: isDatabaseUnavailable(error),
        ...(typeof code === 'string' ? { code } : {}),
      });
    },
  );
  inFlight.add(done);
  void done.finally(() => inFlight.delete(done));
});
