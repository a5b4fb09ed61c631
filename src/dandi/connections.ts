/**
 * Releases the HTTP connections that Node.js's built-in `fetch` keeps open. Node 20's fetch
 * (undici) keeps idle keep-alive sockets for about 4 s, and those sockets keep a finished
 * command's process alive that long. Node.js only.
 */

/** Symbol under which undici, the library behind Node's fetch, stores its global dispatcher. */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * Closes the global fetch dispatcher, aborting any request still running. Call it only at the
 * end of a command: a later `fetch` in the same process fails. A graceful close waits for every
 * unread response body, so Node.js would exit with code 13 before printing the command's error.
 */
export async function closeFetchConnections(): Promise<void> {
  const dispatcher = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] as
    | { destroy?: () => Promise<void> }
    | undefined;
  // NOTE: this symbol is undici's internal contract, seen in Node 20, not a documented Node.js
  // API. When it is absent, nothing is closed and the process exits a few seconds later.
  if (typeof dispatcher?.destroy === 'function') await dispatcher.destroy();
}
