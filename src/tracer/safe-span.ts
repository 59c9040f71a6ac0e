import type { Span } from "@opentelemetry/sdk-trace-base";
import { describeError, type Logger } from "../log.js";

/**
 * The span methods that throw on hostile input in plain OpenTelemetry (recordException(Object.create(null)),
 * setAttributes(a throwing Proxy), setStatus(proxy), …). setAttribute is not here: the span guard's own
 * setAttribute already never throws, and it is the hot path.
 */
const METHODS = ["setAttributes", "addEvent", "addLink", "addLinks", "setStatus", "updateName", "recordException", "end"] as const;
type Method = (typeof METHODS)[number];
type AnyMethod = (this: Span, a?: unknown, b?: unknown, c?: unknown) => unknown;

/**
 * Makes every method of a span that user code may call safe: a throw inside the SDK is logged once per
 * method and the call returns the span, as the README promises ("nothing throws at trace time"). The safe
 * versions live on one prototype per span class, placed between the span and the SDK's prototype: one
 * (cached) prototype switch per span, no closure per span, no wrapper per setAttribute call. Eight own
 * properties per span instead cost P1 about twice as much (test/bench/p1-p2-span-path.mjs).
 */
export class SpanSafety {
  readonly #log: Logger;
  /** the first span class seen, and its safe methods: the one lookup on the common path */
  #proto: object | undefined;
  #safe: Record<Method, AnyMethod> | undefined;
  readonly #others = new WeakMap<object, Record<Method, AnyMethod>>();

  constructor(log: Logger) {
    this.#log = log;
  }

  /** The span's own properties (the span guard's setAttribute, another processor's patches) keep priority. */
  install(span: Span): void {
    const proto = Object.getPrototypeOf(span) as Record<Method, AnyMethod>;
    // a second span class (two SDK copies in one app) gets its own safe versions, built from its own methods
    const safe = proto === this.#proto ? this.#safe! : (this.#others.get(proto) ?? this.#build(proto));
    Object.setPrototypeOf(span, safe);
  }

  #build(proto: Record<Method, AnyMethod>): Record<Method, AnyMethod> {
    const log = this.#log;
    const safe = Object.create(proto) as Record<Method, AnyMethod>;
    for (const m of METHODS) {
      const original = proto[m];
      if (typeof original !== "function") continue; // not an SDK span: nothing to wrap
      // fixed parameters, not ...rest: no array per call; every one of these methods takes at most three
      const failed = (err: unknown) =>
        log.once(`span.${m}`, "error", `span.${m}() threw inside OpenTelemetry (ignored; the span goes on): ${describeError(err)}`);
      safe[m] = function (a, b, c) {
        // the SDK takes any name and the span would then fail to export: a name is a string
        if (m === "updateName" && typeof a !== "string") {
          failed(new TypeError(`span name must be a string, not ${a === null ? "null" : typeof a}`));
          return this;
        }
        try {
          return original.call(this, a, b, c);
        } catch (err) {
          failed(err);
          // a span whose end time could not be read still ends (now), or it would never be exported
          if (m === "end") {
            try {
              original.call(this);
            } catch {
              // already logged: the SDK's end itself is broken
            }
          }
          return this;
        }
      };
    }
    if (this.#proto === undefined) {
      this.#proto = proto;
      this.#safe = safe;
    } else this.#others.set(proto, safe);
    return safe;
  }
}
