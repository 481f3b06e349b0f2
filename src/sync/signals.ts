/**
 * Two-stage shutdown: the first SIGINT/SIGTERM aborts the returned signal (the page in flight is
 * committed, then the run stops); a second one exits at once. `dispose` removes the handlers.
 */
export function shutdownSignal(onFirst?: (signal: NodeJS.Signals) => void): {
  signal: AbortSignal;
  dispose(): void;
} {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.stderr.write(`worksync: second ${signal}, exiting now\n`);
      process.exit(130);
    }
    onFirst?.(signal);
    controller.abort(new Error(`stopped by ${signal}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
