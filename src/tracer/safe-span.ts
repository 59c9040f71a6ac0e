import type { Span } from "@opentelemetry/sdk-trace-base";
import { describeError, type Logger } from "../log.js";

/**
 * The span methods that throw on hostile input in plain OpenTelemetry (recordException(Object.create(null)),
 * setAttributes(a throwing Proxy), setStatus(proxy), end(proxy), …; updateName takes anything, as there). setAttribute is not here: the span
 * guard's own setAttribute already never throws, and it is the hot path.
 */
const METHODS = ["setAttributes", "addEvent", "addLink", "addLinks", "setStatus", "updateName", "recordException", "end"] as const;
type AnyMethod = (this: Span, a?: unknown, b?: unknown, c?: unknown) => unknown;

/** on a span class's prototype once it is made safe (by any processor, any SDK copy) */
const SAFE = Symbol.for("honeyhive-edge.safe-span");

/**
 * Makes every method of a span that user code may call safe: a throw inside the SDK is logged once per
 * method and the call returns the span, as the README promises ("nothing throws at trace time"). The safe
 * versions replace the methods on the span class's own prototype, once per class: no work per span. Changing
 * each span's prototype instead (Object.setPrototypeOf) made V8 deoptimize every span, and P1 doubled
 * (test/bench/p1-p2-span-path.mjs); own properties per span cost as much. So every span of that SDK copy is
 * safe, ours or not: a guest's change, but one that only stops exceptions the app never asked for.
 */
export class SpanSafety {
  readonly #log: Logger;
  /** the span class seen last (a second class, from a second SDK copy, is made safe too) */
  #proto: object | undefined;

  constructor(log: Logger) {
    this.#log = log;
  }

  install(span: Span): void {
    const proto = Object.getPrototypeOf(span) as Record<string | symbol, unknown>;
    if (proto === this.#proto) return;
    this.#proto = proto;
    if (!Object.prototype.hasOwnProperty.call(proto, SAFE)) this.#wrap(proto as Record<string, AnyMethod>);
  }

  #wrap(proto: Record<string, AnyMethod>): void {
    const log = this.#log;
    for (const m of METHODS) {
      const original = proto[m];
      // fixed parameters, not ...rest: no array per call; none of these methods takes more than three
      if (typeof original === "function") {
        proto[m] = function (a, b, c) {
          try {
            return original.call(this, a, b, c);
          } catch (err) {
            log.once(m, "error", `span.${m}() failed (ignored): ${describeError(err)}`);
            // a span whose end time could not be read still ends (now), or it would never be exported
            if (m === "end") {
              try {
                original.call(this);
              } catch {
                // the SDK's end itself is broken: already logged
              }
            }
            return this;
          }
        };
      }
    }
    Object.defineProperty(proto, SAFE, { value: true });
  }
}
