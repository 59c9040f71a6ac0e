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
import { flatten } from "./flatten.js";
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

  readonly config: ResolvedConfig;
  readonly limits: SpanLimits;
  readonly strategy: ProviderStrategy;
  readonly provider: SdkTracerProvider;
  readonly processor: HoneyHiveSpanProcessor;
  readonly sessionId: string;
  private readonly log: Logger;
  private readonly tracer: Tracer;
  private readonly disposeKeepAlive: (() => void) | void;

  /** Validates everything first: a bad option or env value throws ConfigError here, never at trace time. */
  static init<T extends typeof HoneyHiveTracer>(this: T, options: HoneyHiveOptions = {}): InstanceType<T> {
    return new this(options) as InstanceType<T>;
  }

  /** Prefer HoneyHiveTracer.init; `runtime` defaults to the (adapter) class's own. */
  constructor(options: HoneyHiveOptions = {}, runtime: Runtime = (new.target as typeof HoneyHiveTracer).runtime) {
    const shared = createProcessorContext(options, runtime);
    ({ config: this.config, log: this.log, sessionId: this.sessionId } = shared);
    this.limits = computeSpanLimits(this.config);
    this.processor = new HoneyHiveSpanProcessor({}, shared);
    const setup = setupProvider(runtime, this.limits, this.processor, {
      "service.name": this.config.project,
      "honeyhive.project": this.config.project,
      "honeyhive.source": this.config.source,
      "telemetry.sdk.name": INSTRUMENTATION_NAME,
    }, this.processor);
    this.strategy = setup.strategy;
    this.provider = setup.provider;
    this.tracer = this.provider.getTracer(INSTRUMENTATION_NAME);
    this.log.debug(
      `span limits applied (${setup.strategy}, runtime ${runtime.name}): ` +
        `maxAttributes=${this.limits.attributeCountLimit} maxAttributeLength=${this.limits.attributeValueLengthLimit} ` +
        `maxEvents=${this.limits.eventCountLimit} maxLinks=${this.limits.linkCountLimit} maxSpanSize=${this.config.maxSpanSize} ` +
        `preserveCoreAttributes=${this.config.preserveCoreAttributes}`,
    );
    if (setup.existing) {
      this.log.warn(
        `a global TracerProvider was registered before HoneyHiveTracer.init: ${describeProvider(setup.existing)}. ` +
          `Its spans keep its own limits and are NOT sent to HoneyHive; HoneyHive's own spans (tracer.trace, tracer.getTracer) ` +
          `use a private provider with your limits. To trace everything: call HoneyHiveTracer.init before any other ` +
          `OpenTelemetry setup or instrumentation, or add tracer.processor to your provider ` +
          `(spanProcessors: [tracer.processor], spanLimits: tracer.limits).`,
      );
    }
    this.disposeKeepAlive = runtime.keepAlive?.(() => this.flush());
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
      this.tracer.startActiveSpan(name, (span) => {
        this.safely(() => this.startAttributes(span, options));
        let result: R;
        try {
          result = fn(span);
        } catch (err) {
          this.fail(span, err);
          throw err;
        }
        if (isPromiseLike(result)) {
          return result.then(
            (value) => {
              this.succeed(span, value);
              return value;
            },
            (err: unknown) => {
              this.fail(span, err);
              throw err;
            },
          ) as R;
        }
        this.succeed(span, result);
        return result;
      });
    return options.sessionId ? withSessionContext(options.sessionId, run) : run();
  }

  /** Adds metadata, outputs, metrics, feedback or config to the active span. Never throws. */
  enrichSpan(enrichment: Enrichment): void {
    this.safely(() => enrichActiveSpan(enrichment));
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
      this.log.once("flush", "error", `flush failed: ${describeError(err)}`);
    }
  }

  async shutdown(): Promise<void> {
    if (this.disposeKeepAlive) this.disposeKeepAlive();
    await this.flush();
    await this.provider.shutdown().catch(() => {});
  }

  /** Export counters: queued, exported, failed, dropped (queue full), retries. */
  stats(): ExportStats {
    return this.processor.stats();
  }

  private startAttributes(span: Span, options: TraceOptions): void {
    if (options.eventType) span.setAttribute(ATTR_EVENT_TYPE, options.eventType);
    if (options.inputs !== undefined) span.setAttributes(flatten(options.inputs, "honeyhive_inputs"));
    if (options.metadata !== undefined) span.setAttributes(flatten(options.metadata, "honeyhive_metadata"));
  }

  private succeed(span: Span, value: unknown): void {
    this.safely(() => {
      if (value !== undefined) span.setAttributes(flatten(isObject(value) ? value : { result: value }, "honeyhive_outputs"));
    });
    this.safely(() => span.end());
  }

  private fail(span: Span, err: unknown): void {
    this.safely(() => {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(err) });
      span.setAttribute("honeyhive_error", describeError(err));
    });
    this.safely(() => span.end());
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.once(`trace:${describeError(err).slice(0, 60)}`, "error", `tracing error (ignored): ${describeError(err)}`);
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

function isObject(v: unknown): v is object {
  return typeof v === "object" && v !== null;
}

