import { SpanStatusCode, type Span, type Tracer } from "@opentelemetry/api";
import type { TracerProvider as SdkTracerProvider } from "@opentelemetry/sdk-trace";
import type { SpanLimits } from "@opentelemetry/sdk-trace-base";
import { ATTR_EVENT_TYPE } from "../attributes/core.js";
import type { HoneyHiveOptions, ResolvedConfig } from "../config/types.js";
import type { ExportStats } from "../export/batch-queue.js";
import { computeSpanLimits } from "../limits.js";
import { describeError, type Logger } from "../log.js";
import { bareRuntime, type Runtime } from "../runtime.js";
import { enrichActiveSpan, type Enrichment } from "./enrich.js";
import { setFlattened } from "./flatten.js";
import { HoneyHiveSpanProcessor, createProcessorContext } from "./processor.js";
import { describeProvider, setupProvider, type ProviderStrategy } from "./provider.js";
import { withSessionContext } from "./session.js";

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
  declare readonly sessionId: string;
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
      "honeyhive.project": config.project,
      "honeyhive.source": config.source,
      "telemetry.sdk.name": INSTRUMENTATION_NAME,
    });
    this.strategy = strategy;
    this.provider = provider;
    this.processor = processor;
    this.sessionId = shared.sessionId;
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
        `a global TracerProvider was registered before HoneyHiveTracer.init: ${describeProvider(existing)}. Its spans keep ` +
          `its limits and are NOT sent to HoneyHive (HoneyHive's own spans are, with your limits). Init HoneyHive first, ` +
          `or give that provider spanProcessors: [tracer.processor], spanLimits: tracer.limits.`,
      );
    }
    this.#disposeKeepAlive = runtime.keepAlive?.(() => this.flush());
  }

  /** A tracer whose spans go through HoneyHive's provider, for instrumenting by hand. */
  getTracer(name = INSTRUMENTATION_NAME, version?: string): Tracer {
    return this.provider.getTracer(name, version);
  }

  /**
   * Runs fn inside a span: inputs → honeyhive_inputs.*, the return value → honeyhive_outputs.*,
   * a throw is recorded and rethrown unchanged. Works for sync and async functions.
   */
  trace<R>(name: string, fn: (span: Span) => R, options: TraceOptions = {}): R {
    const run = () =>
      this.#tracer.startActiveSpan(name, (span) => {
        this.#safely(() => {
          if (options.eventType) span.setAttribute(ATTR_EVENT_TYPE, options.eventType);
          if (options.inputs !== undefined) setFlattened(span, options.inputs, "honeyhive_inputs");
          if (options.metadata !== undefined) setFlattened(span, options.metadata, "honeyhive_metadata");
        });
        /** Records the outcome (never throwing), then ends the span. */
        const end = (record: () => void) => {
          this.#safely(record);
          this.#safely(() => span.end());
        };
        const succeed = <V>(value: V): V => {
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
    return options.sessionId ? withSessionContext(options.sessionId, run) : run();
  }

  /** Adds metadata, outputs, metrics, feedback or config to the active span. Never throws. */
  enrichSpan(enrichment: Enrichment): void {
    this.#safely(() => enrichActiveSpan(enrichment));
  }

  /** Runs fn with every span under it in the given session. */
  withSession<R>(sessionId: string, fn: () => R): R {
    return withSessionContext(sessionId, fn);
  }

  /** Sends every ended span; resolves when the server answered or retries gave up. */
  async flush(): Promise<void> {
    try {
      await this.processor.forceFlush();
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

/** Marks the span as failed by `err` (recorded as an exception); returns the error's description. */
export function recordError(span: Span, err: unknown): string {
  const message = describeError(err);
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  return message;
}

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  try {
    return (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as { then?: unknown }).then === "function";
  } catch {
    return false; // a hostile `then` getter: the value goes back to the caller untouched
  }
}
