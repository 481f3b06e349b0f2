import type { DatabaseConfig } from '../config/config.js';
import type { Db } from './db.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

/**
 * Opens the configured database: a PostgreSQL server (write batches run in a worker thread; told to
 * `onWriterStopped` when it stopped under a batch, which is then written in this thread), or PGlite in the
 * data folder (one connection, in this thread).
 */
export function openDatabase(
  config: DatabaseConfig,
  options: { onWriterStopped?: (reason: string) => void } = {},
): Promise<Db> {
  return config.kind === 'postgres'
    ? openPostgres(config.connection, config.display, {
        writerThread: options.onWriterStopped ? { onStopped: options.onWriterStopped } : {},
      })
    : openPglite(config.dataDir);
}
