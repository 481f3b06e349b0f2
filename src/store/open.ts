import type { DatabaseConfig } from '../config/config.js';
import type { Db } from './db.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

/** Opens the configured database: a PostgreSQL server, or PGlite in the data folder. */
export function openDatabase(config: DatabaseConfig): Promise<Db> {
  return config.kind === 'postgres'
    ? openPostgres(config.connection, config.display)
    : openPglite(config.dataDir);
}
