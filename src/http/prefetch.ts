/** A request started ahead of its use; its failure surfaces when awaited, never as an unhandled rejection. */
export function prefetch<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
