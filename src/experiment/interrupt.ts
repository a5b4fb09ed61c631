/**
 * Signal handling for training runs. Their staging folders are removed when the process receives
 * SIGINT (Ctrl-C), SIGTERM or SIGHUP, so an interrupted run leaves no hidden `.partial` folder.
 */

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Installs handlers that call `cleanUp` on SIGINT, SIGTERM or SIGHUP and then raise the signal
 * again, so the process still ends with the signal's usual exit status (130 for SIGINT). Returns
 * a function that removes the handlers.
 *
 * NOTE: worker threads keep running while `cleanUp` runs, so a worker that writes a file in that
 * instant can still leave it behind.
 */
export function cleanUpOnSignal(cleanUp: () => void): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    remove();
    try {
      cleanUp();
    } finally {
      process.kill(process.pid, signal);
    }
  };
  const remove = (): void => {
    for (const signal of SIGNALS) process.off(signal, handler);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return remove;
}
