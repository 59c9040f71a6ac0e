// Tracing fails closed for itself and open for the app: a handler wrapper whose tracer cannot be created
// (a ConfigError from a bad HH_* binding, say) serves every request untraced instead of answering 500.
import { Logger, describeError } from "../log.js";
import { untracedTracer } from "./untraced.js";

/** per isolate: the reason is logged once, however many wrappers and requests meet it */
const log = new Logger([]);

/** `init()`, or, when it throws, a stand-in that runs the app's code untraced (one error log says why). */
export function initOrUntraced<T>(init: () => T): T {
  try {
    return init();
  } catch (err) {
    // a ConfigError's message names the field, value and source, never the API key
    const reason = describeError(err);
    log.once(`untraced:${reason}`, "error", `tracing is off, requests run untraced: ${reason}`);
    return untracedTracer(reason) as T;
  }
}
