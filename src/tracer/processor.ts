import type { Attributes, Context } from "@opentelemetry/api";
import { TraceFlags } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import * as core from "../attributes/core.js";
import { detectEventType } from "../attributes/event-type.js";
import { resolveConfig } from "../config/resolve.js";
import type { HoneyHiveOptions, ResolvedConfig } from "../config/types.js";
import { BatchQueue, type ExportStats } from "../export/batch-queue.js";
import { HoneyHiveExporter, type SendOptions } from "../export/exporter.js";
import { Logger, describeError } from "../log.js";
import { SpanGuard } from "../preservation/span-guard.js";
import type { MutableSpan } from "../preservation/span-internals.js";
import { bareRuntime, type Runtime } from "../runtime.js";
import { isLoopbackUrl } from "./loopback.js";
import { newSessionId, sessionFrom } from "./session.js";

/** What a tracer shares with the processor it creates, so config is resolved and logged once. */
export interface ProcessorContext {
  config: ResolvedConfig;
  log: Logger;
  sessionId: string;
}

/** Config (validated: ConfigError here or never), logger and session, resolved and logged once. */
export function createProcessorContext(options: HoneyHiveOptions, runtime: Runtime): ProcessorContext {
  // a non-object reaches resolveConfig, whose ConfigError says what to pass instead
  const env = typeof options === "object" && options !== null ? options.env : undefined;
  const fromRuntime = env ? undefined : runtime.readEnv();
  const config = resolveConfig(options, env ?? fromRuntime?.env ?? {});
  const log = new Logger([config.apiKey], config.verbose);
  if (fromRuntime?.warning) log.warn(fromRuntime.warning);
  for (const w of config.warnings) log.warn(w);
  return { config, log, sessionId: config.sessionId ?? newSessionId() };
}

/**
 * Everything HoneyHive needs from a span, as one SpanProcessor that drops into any provider
 * (ours, or a user's such as @vercel/otel's registerOTel({ spanProcessors })):
 * core attributes at start, room kept for them, byte-accurate truncation, the event type at the
 * end, and a bounded batch export to HoneyHive.
 */
export class HoneyHiveSpanProcessor implements SpanProcessor {
  /** Adapters set their runtime here (where env comes from when options.env is absent). */
  static runtime: Runtime = bareRuntime;

  readonly config: ResolvedConfig;
  readonly sessionId: string;
  private readonly log: Logger;
  private readonly guard: SpanGuard;
  private readonly queue: BatchQueue | undefined;
  private warnedLowLimit = false;

  constructor(options: HoneyHiveOptions = {}, shared?: ProcessorContext) {
    ({ config: this.config, log: this.log, sessionId: this.sessionId } =
      shared ?? createProcessorContext(options, (new.target as typeof HoneyHiveSpanProcessor).runtime));
    const c = this.config;
    this.guard = new SpanGuard({
      maxAttributes: c.maxAttributes,
      maxAttributeLength: c.maxAttributeLength,
      maxSpanSize: c.maxSpanSize,
      preserveCoreAttributes: c.preserveCoreAttributes,
      log: this.log,
    });
    if (c.apiKey || isLoopbackUrl(c.serverUrl)) {
      const exporter = new HoneyHiveExporter({
        serverUrl: c.serverUrl,
        apiKey: c.apiKey,
        source: c.source,
        timeoutMillis: c.exportTimeoutMillis,
        deadlineMillis: c.exportDeadlineMillis,
        maxRequestSize: c.maxRequestSize,
        compression: c.compression,
        protocol: c.protocol,
        log: this.log,
      });
      this.queue = new BatchQueue(exporter, {
        maxQueueSize: c.maxQueueSize,
        maxExportBatchSize: c.maxExportBatchSize,
        scheduledDelayMillis: 1000,
        maxConcurrentExports: 2,
        deadlineMillis: c.exportDeadlineMillis,
      }, this.log);
    } else {
      this.log.warn(`no API key (HH_API_KEY): spans are not sent to ${c.serverUrl}. Set HH_API_KEY, or point HH_API_URL at a local receiver (npx honeyhive-edge receive).`);
    }
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      const s = span as MutableSpan;
      if (typeof s.attributes !== "object") return; // not an SDK span: nothing we can guard
      this.guard.install(s);
      this.checkProviderLimit(s);
      const c = this.config;
      const sessionId = sessionFrom(parentContext) ?? this.sessionId;
      s.setAttribute(core.ATTR_SESSION_ID, sessionId);
      s.setAttribute(core.ATTR_TRACELOOP_SESSION_ID, sessionId);
      s.setAttribute(core.ATTR_PROJECT, c.project);
      s.setAttribute(core.ATTR_SOURCE, c.source);
      s.setAttribute(core.ATTR_EVENT_NAME, s.name);
      const parent = s.parentSpanContext?.spanId;
      if (parent) s.setAttribute(core.ATTR_PARENT_ID, parent);
    } catch (err) {
      this.log.once("onStart", "error", `could not decorate span: ${describeError(err)}`);
    }
  }

  onEnding(span: Span): void {
    try {
      const s = span as MutableSpan;
      if (typeof s.attributes !== "object") return;
      if (s.attributes[core.ATTR_EVENT_NAME] !== s.name) s.setAttribute(core.ATTR_EVENT_NAME, s.name);
      if (!s.attributes[core.ATTR_EVENT_TYPE]) s.setAttribute(core.ATTR_EVENT_TYPE, detectEventType(s.attributes));
      // blanked by the app: the backend would reject the span, so the tracer's session stands in
      if (!s.attributes[core.ATTR_SESSION_ID]) s.setAttribute(core.ATTR_SESSION_ID, this.sessionId);
      if (s.events.length > 0) this.guard.truncateEvents(s);
      this.guard.enforceSpanBudget(s);
    } catch (err) {
      this.log.once("onEnding", "error", `could not finish span: ${describeError(err)}`);
    }
  }

  onEnd(span: ReadableSpan): void {
    try {
      if (!this.queue || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
      this.queue.add(span);
    } catch (err) {
      // onEnd runs inside the user's span.end(): nothing may escape
      this.log.once("onEnd", "error", `could not queue span for export: ${describeError(err)}`);
    }
  }

  /** Cuts startSpan's initial attributes by bytes before the SDK sees them (see provider.ts). */
  truncateInitial(attributes: Attributes): Attributes {
    return this.guard.truncateInitial(attributes);
  }

  /** Sends every ended span now; resolves when the server has answered (or retries gave up). */
  async forceFlush(options?: SendOptions): Promise<void> {
    await this.queue?.flush(options);
  }

  async shutdown(): Promise<void> {
    await this.queue?.shutdown();
  }

  stats(): ExportStats {
    return { ...(this.queue?.stats ?? { queued: 0, exported: 0, failed: 0, dropped: 0, retries: 0 }) };
  }

  /** A user's provider may hold fewer attributes than asked for; preservation still works, within it. */
  private checkProviderLimit(span: MutableSpan): void {
    if (this.warnedLowLimit) return;
    const limit = span._spanLimits?.attributeCountLimit;
    if (limit !== undefined && limit < this.config.maxAttributes) {
      this.warnedLowLimit = true;
      this.log.warn(
        `this TracerProvider keeps at most ${limit} attributes per span, fewer than maxAttributes ${this.config.maxAttributes}. ` +
          `Core attributes are still kept within ${limit}. To raise it, create the provider with ` +
          `spanLimits: tracer.limits (or computeSpanLimits(config)), or set OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT=${this.config.maxAttributes}.`,
      );
    }
  }
}
