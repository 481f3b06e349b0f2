/** How long after the first stop signal another one is taken as a copy of it, ms: 1 s. */
const SAME_STOP_MS = 1000;
/** How often the launcher watch looks at the parent process, ms: 1 s. */
const LAUNCHER_POLL_MS = 1000;

/**
 * Two-stage shutdown: the first SIGINT/SIGTERM aborts the returned signal (the page in flight is
 * committed, then the run stops); a second one exits at once. A signal within a second of the first is
 * the same stop, not a second one: Ctrl-C under `npm start` reaches worksync twice, from the terminal
 * and forwarded by npm.
 *
 * Under npm (`npm start`, `npx worksync`, which set npm_lifecycle_event) it also stops, as on SIGTERM,
 * when its launcher goes away: npm forwards SIGTERM to the `sh -c` it runs scripts in, and under npx
 * that shell dies without passing it on, leaving worksync orphaned. Not for other launchers:
 * `nohup`/`setsid` reparent on purpose. `dispose` removes the handlers.
 */
export function shutdownSignal(onFirst?: (signal: NodeJS.Signals | 'launcher gone') => void): {
  signal: AbortSignal;
  dispose(): void;
} {
  const controller = new AbortController();
  let firstAt = 0;
  const stop = (signal: NodeJS.Signals | 'launcher gone') => {
    if (controller.signal.aborted) return;
    firstAt = Date.now();
    onFirst?.(signal);
    controller.abort(new Error(`stopped by ${signal}`));
  };
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted && Date.now() - firstAt >= SAME_STOP_MS) {
      process.stderr.write(`worksync: second ${signal}, exiting now\n`);
      process.exit(130);
    }
    stop(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  const launcher = process.ppid;
  const timer =
    process.env.npm_lifecycle_event !== undefined
      ? setInterval(() => {
          if (process.ppid !== launcher) stop('launcher gone');
        }, LAUNCHER_POLL_MS).unref()
      : undefined;
  return {
    signal: controller.signal,
    dispose() {
      clearInterval(timer);
      const remove = () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
      // A copy of the stop signal may still be on its way (npm forwards what the terminal also sent):
      // without a handler it would kill the process on its way out.
      const copyWindow = controller.signal.aborted ? firstAt + SAME_STOP_MS - Date.now() : 0;
      if (copyWindow > 0) setTimeout(remove, copyWindow).unref();
      else remove();
    },
  };
}

/** The log line of the first stop, for the commands that finish a page before they stop. */
export function stopMessage(signal: NodeJS.Signals | 'launcher gone'): string {
  const what =
    signal === 'launcher gone'
      ? 'the npm process that started worksync has gone (it does not pass SIGTERM on through npx)'
      : signal;
  return `${what}: finishing the page in flight, then stopping (send SIGTERM again to exit at once)`;
}
