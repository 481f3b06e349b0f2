/**
 * The database port: the little that worksync needs from PostgreSQL, implemented by a `pg` pool
 * adapter and a PGlite adapter. All SQL of the project runs through it, inside src/store.
 */
export interface Queryable {
  /** One parameterised statement ($1, $2...); rows with int8 as number, timestamptz as Date, jsonb parsed. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * Writing prepared ahead: the statements' text and parameters are built when the write is created, so that
 * inside a transaction it only talks to the database (a transaction open while JavaScript builds
 * parameters holds locks and a connection for nothing).
 */
export type Write<T> = (tx: Queryable) => Promise<T>;

/** A write with nothing to do. */
export const noWrite =
  <T>(value: T): Write<T> =>
  async () =>
    value;

/** A write of one statement whose answer is not needed. */
export const statementWrite =
  (sql: string, params: readonly unknown[]): Write<void> =>
  async (tx) => {
    await tx.query(sql, params);
  };

/** A write of one statement that answers a single row with a count `n` (rows inserted or changed). */
export const countingWrite =
  (sql: string, params: readonly unknown[]): Write<number> =>
  async (tx) =>
    (await tx.query<{ n: number }>(sql, params))[0]?.n ?? 0;

/** One connection: statements run in order; a transaction holds it for its duration. */
export interface Session extends Queryable {
  /** Runs `fn` in a transaction on this connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export interface Db extends Session {
  readonly kind: 'postgres' | 'pglite';
  /** How the database is shown to people (never with a password). */
  readonly display: string;
  /** Runs `fn` on one dedicated connection (needed for session-level advisory locks). */
  withSession<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Quotes an identifier (schema names come from configuration). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
