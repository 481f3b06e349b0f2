/**
 * Which database errors mean "the server is away" (retry once it is back) rather than "this statement is
 * wrong" (a bug or bad data, retrying changes nothing).
 */
import { DatabaseUnavailableError } from '../errors.js';

/** Socket errors of node and of the network between worksync and the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * SQLSTATEs of a server that is restarting or failing over: 57P01 admin shutdown (a fast restart), 57P02
 * crash shutdown, 57P03 cannot connect now (starting up, in recovery), 53300 too many connections
 * (clients of a failed-over server reconnecting at once), class 08 connection exceptions.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Errors of `pg` that carry no code, by their message. */
const LOST_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /connection (?:is )?(?:closed|ended)/i,
  /cannot use a pool after calling end/i,
];

/** Whether `error` (or one of its causes) says the database server is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current !== null && current !== undefined && depth < 6; depth++) {
    if (current instanceof DatabaseUnavailableError) return true;
    if (typeof current !== 'object') return false;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (
      typeof code === 'string' &&
      (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08'))
    )
      return true;
    if (typeof message === 'string' && LOST_MESSAGES.some((m) => m.test(message))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** `error` as a DatabaseUnavailableError when it is one by its causes, else as it is. */
export function asUnavailable(error: unknown, display: string): unknown {
  if (error instanceof DatabaseUnavailableError || !isDatabaseUnavailable(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new DatabaseUnavailableError(`the database at ${display} is unreachable (${reason})`, {
    cause: error,
  });
}
