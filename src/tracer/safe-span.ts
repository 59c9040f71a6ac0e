import type { Span } from "@opentelemetry/sdk-trace-base";
import { describeError, type Logger } from "../log.js";

/**
 * The span methods that throw on hostile input in plain OpenTelemetry (recordException(Object.create(null)),
 * setAttributes(a throwing Proxy), setStatus(proxy), end(proxy), …; updateName takes anything, as there). setAttribute is not here: the span
 * guard's own setAttribute already never throws, and it is the hot path.
 */
const METHODS = ["setAttributes", "addEvent", "addLink", "addLinks", "setStatus", "updateName", "recordException", "end"] as const;
type AnyMethod = (this: Span, a?: unknown, b?: unknown, c?: unknown) => unknown;

/**
 * Makes every method of a span that user code may call safe: a throw inside the SDK is logged once per
 * method and the call returns the span, as the README promises ("nothing throws at trace time"). The safe
 * versions live on one prototype per span class, placed between the span and the SDK's prototype: one
 * (cached) prototype switch per span, no closure per span, no wrapper per setAttribute call. Eight own
 * properties per span instead cost P1 about twice as much (test/bench/p1-p2-span-path.mjs). The span's own
 * properties (the span guard's setAttribute, another processor's patches) keep priority.
 */
export class SpanSafety {
  readonly #log: Logger;
  /** the span class seen last, and its safe prototype (a second class, from a second SDK copy, just rebuilds) */
  #proto: object | undefined;
  #safe: object | undefined;

  constructor(log: Logger) {
    this.#log = log;
  }

  install(span: Span): void {
    const proto = Object.getPrototypeOf(span) as Record<string, AnyMethod>;
    if (proto !== this.#proto) this.#safe = this.#build((this.#proto = proto));
    Object.setPrototypeOf(span, this.#safe!);
  }

  #build(proto: Record<string, AnyMethod>): object {
    const log = this.#log;
    const safe = Object.create(proto) as Record<string, AnyMethod>;
    for (const m of METHODS) {
      const original = proto[m];
      // fixed parameters, not ...rest: no array per call; none of these methods takes more than three
      if (typeof original === "function") {
        safe[m] = function (a, b, c) {
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
    return safe;
  }
}
