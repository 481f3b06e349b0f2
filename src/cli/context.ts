import type { Config } from '../config/config.js';
import { loadConfig } from '../config/load.js';
import { maskSecrets } from '../config/secrets.js';
import { Logs } from '../log/logger.js';
import type { Db } from '../store/db.js';
import { openDatabase } from '../store/open.js';

/** Options every command accepts. */
export interface GlobalOptions {
  envFile?: string;
}

/** What a command works with: the validated configuration, the loggers, and (opened on demand) the database. */
export interface CommandContext {
  config: Config;
  logs: Logs;
  openDb(): Promise<Db>;
  /** Writes command output to stdout, with every configured secret masked. */
  print(text: string): void;
}

/** Loads the configuration, runs `fn`, and closes what it opened, whatever happens. */
export async function withContext<T>(
  options: GlobalOptions,
  fn: (ctx: CommandContext) => Promise<T>,
): Promise<T> {
  const config = loadConfig(options.envFile !== undefined ? { envFile: options.envFile } : {});
  const logs = new Logs({ logDir: config.logDir, level: config.logLevel, secrets: config.secrets });
  let db: Db | undefined;
  const ctx: CommandContext = {
    config,
    logs,
    async openDb() {
      if (db) return db;
      if (config.database.kind === 'pglite') {
        // Announced so that nobody runs production on the embedded database by mistake.
        logs.main.warn(
          `using the embedded database (PGlite) in ${config.database.dataDir}; set PG_* or DATABASE_URL to use a PostgreSQL server`,
        );
      }
      db = await openDatabase(config.database, {
        onWriterStopped: (reason) =>
          logs.main.warn(
            `the database writer thread stopped (${reason}); its pages are written in the main thread`,
          ),
      });
      return db;
    },
    print(text) {
      process.stdout.write(`${maskSecrets(text, config.secrets)}\n`);
    },
  };
  try {
    return await fn(ctx);
  } finally {
    await db?.close();
    logs.close();
  }
}
