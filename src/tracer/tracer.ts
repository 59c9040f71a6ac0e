import { context, type Span, type Tracer } from "@opentelemetry/api";
import type { TracerProvider as SdkTracerProvider } from "@opentelemetry/sdk-trace";
import type { SpanLimits } from "@opentelemetry/sdk-trace-base";
import { ATTR_EVENT_TYPE, ATTR_PROJECT, ATTR_SESSION_AUTO_CREATE, ATTR_SESSION_NAME, ATTR_SOURCE } from "../attributes/core.js";
import type { HoneyHiveOptions, ResolvedConfig } from "../config/types.js";
import type { ExportStats } from "../export/batch-queue.js";
import { computeSpanLimits } from "../limits.js";
import { describeError, type Logger } from "../log.js";
import { bareRuntime, type Runtime } from "../runtime.js";
import { enrichActiveSpan, type Enrichment } from "./enrich.js";
import { setFlattened } from "./flatten.js";
import { HoneyHiveSpanProcessor, createProcessorContext } from "./processor.js";
import { recordError } from "./record-error.js";
import { describeProvider, setupProvider, type ProviderStrategy } from "./provider.js";
import { extractContext, injectContext, type Carrier } from "./propagation.js";
import { sessionFrom, setSession, withSessionContext } from "./session.js";
import { followStream } from "./stream.js";

export { recordError }; // its home is record-error.ts

export interface TraceOptions {
  /** "model" | "chain" | "tool" | …; detected from gen_ai / openinference attributes when absent */
  eventType?: string;
  /** flattened into honeyhive_inputs.* */
  inputs?: unknown;
  metadata?: Record<string, unknown>;
  /** run this trace (and everything under it) in another session */
  sessionId?: string;
}

const INSTRUMENTATION_NAME = "honeyhive-edge";

/** HoneyHive tracing over OpenTelemetry: validated config, limits, provider, and the trace/enrich API. */
export class HoneyHiveTracer {
  /** Adapters set their runtime here; `init` uses it for env, context and keep-alive. */
  static runtime: Runtime = bareRuntime;

  // `declare`: set in the constructor, in this order; no field initializers to emit
  declare readonly config: ResolvedConfig;
  declare readonly limits: SpanLimits;
  declare readonly strategy: ProviderStrategy;
  declare readonly provider: SdkTracerProvider;
  declare readonly processor: HoneyHiveSpanProcessor;
  readonly #sessionId: string;
  readonly #log: Logger;
  readonly #tracer: Tracer;
  readonly #disposeKeepAlive: (() => void) | void;

  /** Validates everything first: a bad option or env value throws ConfigError here, never at trace time. */
  static init<T extends typeof HoneyHiveTracer>(this: T, options: HoneyHiveOptions = {}): InstanceType<T> {
    return new this(options) as InstanceType<T>;
  }

  /** Prefer HoneyHiveTracer.init; `runtime` defaults to the (adapter) class's own. */
  constructor(options: HoneyHiveOptions = {}, runtime: Runtime = (new.target as typeof HoneyHiveTracer).runtime) {
    const shared = createProcessorContext(options, runtime);
    const { config, log } = shared;
    this.config = config;
    const limits = (this.limits = computeSpanLimits(config));
    const processor = new HoneyHiveSpanProcessor({}, shared);
    const { strategy, provider, existing } = setupProvider(runtime, limits, processor, {
      "service.name": config.project,
      [ATTR_PROJECT]: config.project,
      [ATTR_SOURCE]: config.source,
      [ATTR_SESSION_AUTO_CREATE]: true,
      ...(config.sessionName ? { [ATTR_SESSION_NAME]: config.sessionName } : {}),
      "telemetry.sdk.name": INSTRUMENTATION_NAME,
    });
    this.strategy = strategy;
    this.provider = provider;
    this.processor = processor;
    this.#sessionId = shared.sessionId;
    this.#log = log;
    this.#tracer = provider.getTracer(INSTRUMENTATION_NAME);
    // the limits are the config's (see computeSpanLimits)
    log.debug(
      `span limits applied (${strategy}, runtime ${runtime.name}): ` +
        (["maxAttributes", "maxAttributeLength", "maxEvents", "maxLinks", "maxSpanSize", "preserveCoreAttributes"] as const)
          .map((k) => `${k}=${config[k]}`)
          .join(" "),
    );
    if (existing) {
      log.warn(
        `a global TracerProvider was registered before HoneyHiveTracer.init: ${describeProvider(existing)}; its spans are NOT ` +
          `sent to HoneyHive. Init HoneyHive first, or give it spanProcessors: [tracer.processor], spanLimits: tracer.limits.`,
      );
    }
    // the end-of-program flush is bounded by shutdownTimeoutMillis: an ending process never waits out an outage
    const bound = config.shutdownTimeoutMillis;
    this.#disposeKeepAlive = runtime.keepAlive?.((deadline = Date.now() + bound) => this.#flushBy(deadline), bound);
  }

  /** A tracer whose spans go through HoneyHive's provider, for instrumenting by hand. */
  getTracer(name = INSTRUMENTATION_NAME, version?: string): Tracer {
    return this.provider.getTracer(name, version);
  }

  /**
   * Runs fn inside a span: inputs → honeyhive_inputs.*, the return value → honeyhive_outputs.*,
   * a throw is recorded and rethrown unchanged. Works for sync and async functions.
   */
  trace<R>(name: string, fn: (span: Span) => R, options?: TraceOptions | null): R {
    const opts: TraceOptions = options ?? {}; // null counts as no options
    const run = () =>
      this.#tracer.startActiveSpan(name, (span) => {
        const started = Date.now();
        this.#safely(() => {
          if (opts.eventType) span.setAttribute(ATTR_EVENT_TYPE, opts.eventType);
          if (opts.inputs !== undefined) setFlattened(span, opts.inputs, "honeyhive_inputs");
          if (opts.metadata !== undefined) setFlattened(span, opts.metadata, "honeyhive_metadata");
        });
        /** Records the outcome (never throwing), then ends the span. */
        const end = (record: () => void) => {
          this.#safely(record);
          this.#safely(() => span.end());
        };
        const succeed = <V>(value: V): V => {
          // a stream (or Response, async iterable) is followed: the span ends when it is consumed (stream.ts)
          const followed = followStream(value, span, started, Math.min(this.config.maxAttributeLength, this.config.maxSpanSize), (attributes, failed) =>
            end(() => {
              span.setAttributes(attributes);
              if (failed) span.setAttribute("honeyhive_error", recordError(span, failed.error));
            }),
          );
          if (followed !== undefined) return followed as V;
          end(() => {
            if (value !== undefined) setFlattened(span, typeof value === "object" && value !== null ? value : { result: value }, "honeyhive_outputs", true);
          });
          return value;
        };
        const fail = (err: unknown): never => {
          end(() => span.setAttribute("honeyhive_error", recordError(span, err)));
          throw err;
        };
        let result: R;
        try {
          result = fn(span);
        } catch (err) {
          return fail(err);
        }
        return isPromiseLike(result) ? (result.then(succeed, fail) as R) : succeed(result);
      });
    let sessionId: unknown;
    this.#safely(() => (sessionId = opts.sessionId)); // a hostile options object must not stop fn from running
    return typeof sessionId === "string" && sessionId ? withSessionContext(sessionId, run) : run();
  }

  /** Adds metadata, outputs, metrics, feedback or config to the active span. Never throws. */
  enrichSpan(enrichment: Enrichment): void {
    this.#safely(() => enrichActiveSpan(enrichment));
  }

  /**
   * The active session: inside `withSession`, a wrapped request (one session per request) or a continued
   * distributed context, that one; elsewhere the tracer's own (config `sessionId`, else a UUID).
   */
  get sessionId(): string {
    return sessionFrom(context.active()) ?? this.#sessionId;
  }

  /** Runs fn with every span under it in the given session (named `sessionName` in HoneyHive, when given). */
  withSession<R>(sessionId: string, fn: () => R, sessionName?: string): R {
    return withSessionContext(sessionId, fn, sessionName);
  }

  /**
   * Writes W3C `traceparent` (the active span) and `baggage` (`honeyhive.session_id`, `honeyhive.project`,
   * `honeyhive.source`) into a `Headers` or a plain object, for an outgoing request. Returns the carrier.
   */
  injectContext<C extends Carrier>(carrier: C): C {
    const c = this.config;
    this.#safely(() => injectContext(context.active(), carrier, { sessionId: this.sessionId, project: c.project, source: c.source }));
    return carrier;
  }

  /**
   * Runs fn in the context an incoming carrier brings (for servers without our wrapper): spans under it are
   * children of the caller's span, in the caller's session (baggage `honeyhive.session_id`). The caller's
   * project and source are never adopted (a mismatch is logged once); malformed headers are ignored.
   */
  withDistributedContext<R>(carrier: Carrier, fn: () => R): R {
    let ctx = context.active();
    this.#safely(() => {
      const got = extractContext(ctx, carrier);
      ctx = got.sessionId ? setSession(got.context, got.sessionId) : got.context;
      for (const [field, theirs] of [["project", got.project], ["source", got.source]] as const) {
        if (theirs !== undefined && theirs !== this.config[field]) {
          this.#log.once(`baggage-${field}`, "warn", `incoming baggage has honeyhive.${field}=${JSON.stringify(theirs)}; ignored (it stays ${this.config[field]})`);
        }
      }
    });
    return context.with(ctx, fn);
  }

  /** Sends every ended span; resolves when the server answered or retries gave up. */
  flush(): Promise<void> {
    return this.#flushBy();
  }

  /** A flush that also ends by `deadline` (ms since epoch), when given. */
  async #flushBy(deadline?: number): Promise<void> {
    try {
      await this.processor.forceFlush(deadline === undefined ? undefined : { deadline });
    } catch (err) {
      this.#log.once("flush", "error", `flush failed: ${describeError(err)}`);
    }
  }

  async shutdown(): Promise<void> {
    this.#disposeKeepAlive?.();
    await this.flush();
    await this.provider.shutdown().catch(() => {});
  }

  /** Export counters: queued, exported, failed, dropped (queue full), retries. */
  stats(): ExportStats {
    return this.processor.stats();
  }

  #safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      const message = describeError(err);
      this.#log.once(`trace:${message.slice(0, 60)}`, "error", `tracing error (ignored): ${message}`);
    }
  }
}

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  try {
    return (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as { then?: unknown }).then === "function";
  } catch {
    return false; // a hostile `then` getter: the value goes back to the caller untouched
  }
}
