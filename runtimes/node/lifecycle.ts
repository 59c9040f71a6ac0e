// The end of a Node process, for every tracer at once: one set of listeners per process, however many tracers.
import { isMainThread } from "node:worker_threads";

/** A tracer's end-of-program flush; it ends by the deadline given, else `timeoutMillis` (its shutdownTimeoutMillis) from now. */
interface Flusher {
  flush: (deadline?: number) => Promise<void>;
  timeoutMillis: number;
  /** set by a beforeExit: later ones (the loop emptied again) share it, so the process ends by then; a program the
   * app revived after a flush that finished in time gets a full wait of its own */
  exitDeadline?: number;
  /** when a beforeExit flush last finished in time */
  flushedAt?: number;
}

/** A beforeExit this soon after a flush ended was brought by that flush's own I/O, not by the app reviving the program. */
const REVIVED_AFTER_MS = 100;

const flushers = new Set<Flusher>();
const SIGNALS = ["SIGTERM", "SIGINT"] as const;
type Signal = (typeof SIGNALS)[number];
/** set once the process is ending (a signal or crash is being flushed): a second signal ends it at once */
let ending = false;

const flushAll = () => Promise.allSettled([...flushers].map((f) => f.flush()));

/**
 * beforeExit fires when the loop is empty: the flushes' fetches keep it alive until sent, or their deadline.
 * An export the background started keeps retrying on unref'd timers; Node then emits beforeExit again, and
 * the shared deadline keeps that from restarting the wait each time.
 */
const onBeforeExit = () => {
  const now = Date.now();
  for (const f of flushers) {
    // right after our flush, the deadline stands: an app's beforeExit listener that makes a span each time would
    // otherwise keep the process alive for ever (each flush's fetch empties the loop into another beforeExit)
    if (now - (f.flushedAt ?? now) > REVIVED_AFTER_MS) f.exitDeadline = undefined;
    const deadline = (f.exitDeadline ??= now + f.timeoutMillis);
    void f.flush(deadline).then(() => {
      f.flushedAt = Date.now() < deadline ? Date.now() : undefined;
    });
  }
};

/**
 * Flushes, then `end()`. The timer is a backstop for a flush that would not settle by its deadline; it keeps
 * the process up meanwhile, which is what we want: the process must end the way Node would have, not quietly.
 */
function flushThen(end: () => void): void {
  ending = true;
  const bound = Math.max(0, ...[...flushers].map((f) => f.timeoutMillis)) + 250;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    end();
  };
  const timer = setTimeout(finish, bound);
  flushAll().then(finish, finish);
}

/** SIGTERM/SIGINT: Node's default is to die by that signal. With the app's own handler, that handler decides. */
function onSignal(signal: Signal): void {
  if (process.listenerCount(signal) > 1) return; // the app's handler runs instead; it should await tracer.shutdown()
  const reraise = () => {
    uninstall(); // back to the default disposition: the signal now ends the process with Node's code (128 + n)
    process.kill(process.pid, signal);
  };
  if (ending) return reraise(); // a second Ctrl-C does not wait for the flush
  flushThen(reraise);
}

/** Rethrown outside the listener, so Node reports it and exits (code 1) as it would have in the first place. */
function rethrow(error: unknown): never {
  throw error; // honeyhive-edge re-raises the app's uncaught exception after flushing its spans
}

/**
 * An uncaught exception, or an unhandled rejection (Node raises those as uncaught exceptions when the app has
 * no unhandledRejection listener). With no handler of the app's, Node would print the error and exit: flush
 * first, then let Node do exactly that (a rejection is re-raised as a rejection, so its report is unchanged).
 */
function onUncaught(error: unknown, origin: string): void {
  if (process.listenerCount("uncaughtException") > 1) return; // the app's handler decides
  if (ending) {
    // a second crash while the spans are being flushed: reported, and the process ends failed, as Node would
    console.error(error);
    process.exitCode = 1;
    return;
  }
  flushThen(() => {
    uninstall();
    if (origin === "unhandledRejection") void Promise.reject(error);
    else setImmediate(rethrow, error);
  });
}

function install(): void {
  process.on("beforeExit", onBeforeExit);
  process.on("uncaughtException", onUncaught);
  // signal events are the main thread's: workers never receive them
  if (isMainThread) for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  process.off("beforeExit", onBeforeExit);
  process.off("uncaughtException", onUncaught);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** Registers a tracer's end-of-program flush; the returned function removes it (and our listeners with the last one). */
export function flushAtProcessEnd(flush: (deadline?: number) => Promise<void>, timeoutMillis: number): () => void {
  const entry: Flusher = { flush, timeoutMillis };
  if (flushers.size === 0) install();
  flushers.add(entry);
  return () => {
    if (flushers.delete(entry) && flushers.size === 0) uninstall();
  };
}
