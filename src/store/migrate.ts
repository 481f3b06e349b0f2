import { StoreError } from '../errors.js';
import { type Db, ident, type Session } from './db.js';
import { checksum, type Migration, readMigrations, render } from './migrations.js';

/** Advisory lock key held while migrating, so two processes starting at once migrate one after the other. */
const MIGRATION_LOCK = 727_001;

export interface SchemaNames {
  adoSchema: string;
  jiraSchema: string;
  /**
   * A read-only role for dashboards (Metabase): when it exists, every migration grants it USAGE and
   * SELECT on the platform schemas and `worksync`, for tables and views to come too. Default none.
   */
  readerRole?: string;
}

/** What `migrate` did: the migrations applied, as `target/name`. Empty when the database was up to date. */
export interface MigrationReport {
  applied: string[];
}

const LEDGER = `
  CREATE SCHEMA IF NOT EXISTS worksync;
  CREATE TABLE IF NOT EXISTS worksync.schema_migrations (
    target     text NOT NULL,
    name       text NOT NULL,
    version    integer NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (target, name)
  );`;

/**
 * Brings the database to the current schema: the ledger, each platform schema, the cross-platform views.
 * Idempotent; safe when several processes start at once (they queue on an advisory lock).
 * Refuses a database whose ledger holds migrations this version does not know (a newer worksync wrote it).
 */
export async function migrate(db: Db, names: SchemaNames): Promise<MigrationReport> {
  const platform = readMigrations('platform');
  const repeatable = readMigrations('repeatable');
  return db.withSession(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await session.exec(LEDGER);
      const applied: string[] = [];
      for (const schema of [names.adoSchema, names.jiraSchema]) {
        applied.push(...(await applyNumbered(session, schema, platform)));
      }
      const vars = { ado: ident(names.adoSchema), jira: ident(names.jiraSchema) };
      applied.push(...(await applyRepeatable(session, repeatable, vars)));
      if (names.readerRole) await grantReader(session, names, names.readerRole);
      return { applied };
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}

async function appliedNames(session: Session, target: string): Promise<Map<string, string>> {
  const rows = await session.query<{ name: string; checksum: string }>(
    'SELECT name, checksum FROM worksync.schema_migrations WHERE target = $1',
    [target],
  );
  return new Map(rows.map((row) => [row.name, row.checksum]));
}

async function applyNumbered(session: Session, schema: string, migrations: Migration[]): Promise<string[]> {
  const done = await appliedNames(session, schema);
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...done.keys()].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new StoreError(
      `schema ${schema} has migrations this worksync does not know (${unknown.join(', ')}): it was migrated by a newer version; upgrade worksync`,
    );
  }
  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.name)) continue;
    const sql = render(migration.sql, { schema: ident(schema) });
    await session.transaction(async (tx) => {
      await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)};`);
      await tx.exec(sql);
      await tx.query(
        'INSERT INTO worksync.schema_migrations (target, name, version, checksum) VALUES ($1, $2, $3, $4)',
        [schema, migration.name, migration.version, checksum(migration.sql)],
      );
    });
    applied.push(`${schema}/${migration.name}`);
  }
  return applied;
}

async function applyRepeatable(
  session: Session,
  migrations: Migration[],
  vars: Record<string, string>,
): Promise<string[]> {
  const done = await appliedNames(session, 'repeatable');
  const applied: string[] = [];
  for (const migration of migrations) {
    const sql = render(migration.sql, vars);
    const sum = checksum(sql);
    if (done.get(migration.name) === sum) continue;
    await session.transaction(async (tx) => {
      await tx.exec(sql);
      await tx.query(
        `INSERT INTO worksync.schema_migrations (target, name, version, checksum) VALUES ('repeatable', $1, 0, $2)
         ON CONFLICT (target, name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()`,
        [migration.name, sum],
      );
    });
    applied.push(`repeatable/${migration.name}`);
  }
  return applied;
}

/** Migrations not yet applied (as `target/name`); every one when the ledger does not exist yet. */
export async function pendingMigrations(db: Db, names: SchemaNames): Promise<string[]> {
  const platform = readMigrations('platform');
  const [ledger] = await db.query<{ ok: boolean }>(
    "SELECT to_regclass('worksync.schema_migrations') IS NOT NULL AS ok",
  );
  const rows = ledger?.ok
    ? await db.query<{ target: string; name: string }>('SELECT target, name FROM worksync.schema_migrations')
    : [];
  const done = new Set(rows.map((r) => `${r.target}/${r.name}`));
  return [names.adoSchema, names.jiraSchema].flatMap((schema) =>
    platform.map((m) => `${schema}/${m.name}`).filter((name) => !done.has(name)),
  );
}

/**
 * Read access for the reader role, when the role exists (created by whoever runs the database, e.g.
 * docker/postgres-init.sh). Run on every migration, as GRANT is idempotent: a role created after the
 * schemas still gets its access at the next start. Default privileges cover the tables and views later
 * migrations create (they are created by this same user).
 */
async function grantReader(session: Session, names: SchemaNames, role: string): Promise<void> {
  const [found] = await session.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1',
    [role],
  );
  if (!found?.n) return;
  const schemas = [names.adoSchema, names.jiraSchema, 'worksync'].map(ident).join(', ');
  const r = ident(role);
  await session.exec(`
    GRANT USAGE ON SCHEMA ${schemas} TO ${r};
    GRANT SELECT ON ALL TABLES IN SCHEMA ${schemas} TO ${r};
    ALTER DEFAULT PRIVILEGES IN SCHEMA ${schemas} GRANT SELECT ON TABLES TO ${r};`);
}
