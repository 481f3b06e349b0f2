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
