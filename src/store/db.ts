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

/** One parameterised statement. */
export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** The rows of each statement of a batch, in order. */
export type BatchRows = Record<string, unknown>[][];

/** What a batch of statements gave: each statement's rows, and how long its transaction took. */
export interface BatchResult {
  rows: BatchRows;
  /** From the first statement to the end of COMMIT, where the statements ran (ms). */
  transactionMs: number;
}

/**
 * Writing prepared ahead, as data: the statements (text and parameters built when the write is created,
 * so that the transaction only waits for the database) and how the answer is read from their rows. Being
 * plain data, the statements can run in another thread (`threaded-batches.ts`).
 */
export interface Write<T> {
  readonly statements: readonly Statement[];
  /** Reads the answer from the rows of `statements`, one array per statement. */
  answer(rows: BatchRows): T;
}

/** A write with nothing to do. */
export const noWrite = <T>(value: T): Write<T> => ({ statements: [], answer: () => value });

/** A write of one statement whose answer is not needed. */
export const statementWrite = (sql: string, params: readonly unknown[]): Write<void> => ({
  statements: [{ sql, params }],
  answer: () => undefined,
});

/** A write of one statement that answers a single row with a count `n` (rows inserted or changed). */
export const countingWrite = (sql: string, params: readonly unknown[]): Write<number> => ({
  statements: [{ sql, params }],
  answer: (rows) => Number(rows[0]?.[0]?.n ?? 0),
});

type Answers<W extends readonly Write<unknown>[]> = {
  [K in keyof W]: W[K] extends Write<infer T> ? T : never;
};

/**
 * Several writes as one: their statements in turn, each answer read from its own statements' rows. The
 * answer keeps no statement alive: their text can be collected once sent.
 */
export function allWrites<const W extends readonly Write<unknown>[]>(writes: W): Write<Answers<W>> {
  const parts = writes.map((w) => ({ count: w.statements.length, answer: w.answer }));
  return {
    statements: writes.flatMap((w) => w.statements),
    answer(rows) {
      let at = 0;
      return parts.map(({ count, answer }) => {
        const own = rows.slice(at, at + count);
        at += count;
        return answer(own);
      }) as Answers<W>;
    },
  };
}

/** Runs statements in order on a connection that is in a transaction; resolves to their rows. */
async function runStatements(tx: Queryable, statements: readonly Statement[]): Promise<BatchRows> {
  const rows: BatchRows = [];
  for (const { sql, params } of statements) rows.push(await tx.query(sql, params));
  return rows;
}

/** A batch run with `transaction`: how the backends write it in their own thread. */
export async function batchInTransaction(
  session: Pick<Session, 'transaction'>,
  statements: readonly Statement[],
): Promise<BatchResult> {
  // Timed from the first statement to the end of COMMIT: waiting for a free (or new) connection is not
  // the transaction's.
  let start = 0;
  const rows = await session.transaction((tx) => {
    start = performance.now();
    return runStatements(tx, statements);
  });
  return { rows, transactionMs: performance.now() - start };
}

/** One connection: statements run in order; a transaction holds it for its duration. */
export interface Session extends Queryable {
  /** Runs `fn` in a transaction on this connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** A dedicated connection held until `release` (scope locks live on one). */
export interface HeldSession extends Session {
  /** True once its server connection failed: the session and its session-level locks are gone. */
  readonly lost: boolean;
  /** Gives the connection back (a lost one is closed); idempotent. */
  release(): void;
}

export interface Db extends Session {
  readonly kind: 'postgres' | 'pglite';
  /** How the database is shown to people (never with a password). */
  readonly display: string;
  /**
   * Runs the statements in order in one transaction (all committed, or none when one fails). PostgreSQL runs
   * them in a worker thread with connections of its own (see `threaded-batches.ts`), and runs a batch
   * again in this thread when that thread stopped under it: batches must be safe to run twice (upserts).
   */
  writeBatch(statements: readonly Statement[]): Promise<BatchResult>;
  /** Runs `fn` on one dedicated connection (needed for session-level advisory locks). */
  withSession<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  /** One dedicated connection, held until released (for locks that outlive one call). */
  openSession(): Promise<HeldSession>;
  close(): Promise<void>;
}

/** Quotes an identifier (schema names come from configuration). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
