import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseConfig } from '../../src/config/schema.js';
import type { Db } from '../../src/store/db.js';
import { openDatabase } from '../../src/store/open.js';

/** Where the benchmark writes, how it was chosen, and how to clean up after it. */
export interface DbTarget {
  kind: 'postgres' | 'pglite';
  /** How it was chosen, for the report: configured server, local server, or PGlite. */
  source: 'configured' | 'local' | 'pglite';
  /** Shown to people (never with a password). */
  display: string;
  /** The worksync variables that point at it (DATABASE_URL, PG_*, or WORKSYNC_DATA_DIR). */
  env: Record<string, string>;
  /** `SELECT version()` of the server. */
  version: string;
  /** Opens a handle (PGlite: only one process at a time, so close it before a worker starts). */
  open(): Promise<Db>;
  /** Drops what the benchmark created (the database, or the data folder). */
  cleanup(): Promise<void>;
}

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function stamp(): string {
  return new Date()
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, '');
}

function configured(env: NodeJS.ProcessEnv): Record<string, string> | undefined {
  const names = ['DATABASE_URL', 'PG_HOST', 'PG_PORT', 'PG_USERNAME', 'PG_PASSWORD', 'PG_DATABASE'];
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The pg connection options of worksync variables (parsed by worksync's own configuration schema). */
function connectionOf(env: Record<string, string>): { connection: pg.ClientConfig; display: string } {
  const config = parseConfig(env);
  if (config.database.kind !== 'postgres') throw new Error('not a PostgreSQL configuration');
  return { connection: config.database.connection, display: config.database.display };
}

/** Variables for another database on the same server. */
function withDatabase(env: Record<string, string>, database: string): Record<string, string> {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    url.pathname = `/${database}`;
    return { DATABASE_URL: url.toString() };
  }
  const { DATABASE_URL: _, ...rest } = env;
  return { ...rest, PG_DATABASE: database };
}

async function tryServer(env: Record<string, string>, timeoutMs: number): Promise<pg.Client | undefined> {
  const client = new pg.Client({ ...connectionOf(env).connection, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch {
    await client.end().catch(() => undefined);
    return undefined;
  }
}

async function serverTarget(
  env: Record<string, string>,
  source: 'configured' | 'local',
  admin: pg.Client,
): Promise<DbTarget> {
  const name = `worksync_bench_${stamp()}`;
  let created = false;
  let workerEnv = env;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    created = true;
    workerEnv = withDatabase(env, name);
  } catch (error) {
    // No CREATEDB right on a configured server: use its database, in the benchmark's own schemas.
    if (source === 'local') throw error;
  }
  const version = ((await admin.query('SELECT version() AS v')).rows[0] as { v: string }).v;
  await admin.end();
  const { display } = connectionOf(workerEnv);
  return {
    kind: 'postgres',
    source,
    display: created ? `${display} (fresh database, dropped at the end)` : display,
    env: workerEnv,
    version,
    open: () => openDatabase(parseConfig(workerEnv).database),
    async cleanup() {
      if (!created) return;
      const client = await tryServer(env, 10_000);
      if (!client) return;
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * The configured server (DATABASE_URL or PG_*), else the local one at 127.0.0.1:5432 (a fresh database
 * `worksync_bench_<timestamp>`, dropped at the end), else embedded PGlite in a temporary folder.
 */
export async function chooseDbTarget(env: NodeJS.ProcessEnv = process.env): Promise<DbTarget> {
  const fromEnv = configured(env);
  if (fromEnv) {
    const client = await tryServer(fromEnv, 10_000);
    if (!client)
      throw new Error(
        `cannot connect to the configured PostgreSQL server (${connectionOf(fromEnv).display})`,
      );
    return serverTarget(fromEnv, 'configured', client);
  }
  const local = { DATABASE_URL: LOCAL_URL };
  const client = await tryServer(local, 3_000);
  if (client) return serverTarget(local, 'local', client);

  const dir = mkdtempSync(join(tmpdir(), 'worksync-bench-'));
  const pgEnv = { WORKSYNC_DATA_DIR: dir };
  const probe = await openDatabase(parseConfig(pgEnv).database);
  const [row] = await probe.query<{ v: string }>('SELECT version() AS v');
  await probe.close();
  return {
    kind: 'pglite',
    source: 'pglite',
    display: `embedded PGlite in ${dir} (removed at the end)`,
    env: pgEnv,
    version: row?.v ?? 'unknown',
    open: () => openDatabase(parseConfig(pgEnv).database),
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
