/** A request started ahead of its use; its failure surfaces when awaited, never as an unhandled rejection. */
export function prefetch<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * Iterates `source` one element ahead: while the consumer works on an element, the next one is already
 * being produced (its requests in flight). Holds at most two elements at a time.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    let next = prefetch(iterator.next());
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = prefetch(iterator.next());
      yield result.value;
    }
  } finally {
    await iterator.return?.().catch(() => undefined);
  }
}
