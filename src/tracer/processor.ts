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
import { whileOpen, type MutableSpan } from "../preservation/span-internals.js";
import { bareRuntime, type Runtime } from "../runtime.js";
import { isLoopbackUrl } from "./loopback.js";
import { SpanSafety } from "./safe-span.js";
import { sessionFrom, sessionNameFrom } from "./session.js";

/** The name a span started with, so that a rename (updateName) is told apart from an app's own honeyhive_event_name. */
type StartNamed = { _hhStartName?: unknown };

/** What a tracer shares with the processor it creates, so config is resolved and logged once. */
export interface ProcessorContext {
  config: ResolvedConfig;
  log: Logger;
  sessionId: string;
  runtime: Runtime;
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
  return { config, log, sessionId: config.sessionId ?? crypto.randomUUID(), runtime };
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

  // `declare`: set first thing in the constructor; no field initializers to emit
  declare readonly config: ResolvedConfig;
  declare readonly sessionId: string;
  readonly #log: Logger;
  readonly #guard: SpanGuard;
  readonly #safety: SpanSafety;
  readonly #queue: BatchQueue | undefined;
  #warnedLowLimit = false;

  constructor(options: HoneyHiveOptions = {}, shared?: ProcessorContext) {
    const { config: c, log, sessionId, runtime } = shared ?? createProcessorContext(options, (new.target as typeof HoneyHiveSpanProcessor).runtime);
    this.config = c;
    this.sessionId = sessionId;
    this.#log = log;
    // the config's limits, and the logger (the config's apiKey is not enumerable: not copied)
    this.#guard = new SpanGuard({ ...c, log });
    this.#safety = new SpanSafety(log);
    if (c.apiKey || isLoopbackUrl(c.serverUrl)) {
      // serverUrl, source, maxRequestSize, compression and protocol under their own names
      const exporter = new HoneyHiveExporter({
        ...c,
        apiKey: c.apiKey, // not enumerable
        timeoutMillis: c.exportTimeoutMillis,
        deadlineMillis: c.exportDeadlineMillis,
        gzip: runtime.gzip,
        log,
      });
      this.#queue = new BatchQueue(exporter, c, log);
    } else {
      log.warn(`no API key (HH_API_KEY): spans are not sent to ${c.serverUrl}. Set HH_API_KEY, or point HH_API_URL at a local receiver (npx honeyhive-edge receive).`);
    }
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      const s = span as MutableSpan;
      if (typeof s.attributes !== "object") return; // not an SDK span: nothing we can guard
      this.#guard.install(s);
      this.#safety.install(s); // the span's other methods: nothing throws into user code
      const c = this.config;
      // a user's provider may hold fewer attributes than asked for; preservation still works, within it
      const limit = this.#warnedLowLimit ? undefined : s._spanLimits?.attributeCountLimit;
      if (limit !== undefined && limit < c.maxAttributes) {
        this.#warnedLowLimit = true;
        this.#log.warn(
          `this TracerProvider keeps at most ${limit} attributes per span, not maxAttributes ${c.maxAttributes}: create it ` +
            `with spanLimits: tracer.limits, or set OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT=${c.maxAttributes}.`,
        );
      }
      const inContext = sessionFrom(parentContext);
      const sessionId = inContext ?? this.sessionId;
      s.setAttribute(core.ATTR_SESSION_ID, sessionId);
      s.setAttribute(core.ATTR_TRACELOOP_SESSION_ID, sessionId);
      // on every span: HoneyHive creates the session with the first one it sees (later ones are no-ops)
      s.setAttribute(core.ATTR_SESSION_AUTO_CREATE, true);
      const sessionName = inContext ? sessionNameFrom(parentContext) : c.sessionName;
      if (sessionName) s.setAttribute(core.ATTR_SESSION_NAME, sessionName);
      s.setAttribute(core.ATTR_PROJECT, c.project);
      s.setAttribute(core.ATTR_SOURCE, c.source);
      // an app's own, given with the start attributes, stays (and is not followed by renames)
      if (!s.attributes[core.ATTR_EVENT_NAME]) s.setAttribute(core.ATTR_EVENT_NAME, ((s as StartNamed)._hhStartName = s.name));
      const parent = s.parentSpanContext?.spanId;
      if (parent) s.setAttribute(core.ATTR_PARENT_ID, parent);
    } catch (err) {
      this.#log.once("onStart", "error", `could not decorate span: ${describeError(err)}`);
    }
  }

  onEnding(span: Span): void {
    this.#finish(span as MutableSpan);
  }

  onEnd(span: ReadableSpan): void {
    // a provider that never calls onEnding (@vercel/otel's composite, a hand-written multiplexer): finish here
    this.#finish(span as MutableSpan);
    try {
      if (this.#queue && span.spanContext().traceFlags & TraceFlags.SAMPLED) this.#queue.add(span);
    } catch (err) {
      // onEnd runs inside the user's span.end(): nothing may escape
      this.#log.once("onEnd", "error", `could not queue span for export: ${describeError(err)}`);
    }
  }

  /** The end-of-span work, once per span: in onEnding when the provider calls it, else in onEnd (reopened). */
  #finish(s: MutableSpan): void {
    try {
      const a = s.attributes;
      if (typeof a !== "object" || s._hhFinished === true) return;
      s._hhFinished = true;
      whileOpen(s, () => {
        // the span name follows a rename (updateName), unless the app set its own honeyhive_event_name
        const name = a[core.ATTR_EVENT_NAME];
        if (name !== s.name && (name === undefined || name === "" || name === (s as StartNamed)._hhStartName)) s.setAttribute(core.ATTR_EVENT_NAME, s.name);
        if (!a[core.ATTR_EVENT_TYPE]) s.setAttribute(core.ATTR_EVENT_TYPE, detectEventType(a));
        // blanked by the app: the backend would reject the span, so the tracer's session stands in
        if (!a[core.ATTR_SESSION_ID]) s.setAttribute(core.ATTR_SESSION_ID, this.sessionId);
        this.#guard.finish(s);
      });
    } catch (err) {
      this.#log.once("onEnding", "error", `could not finish span: ${describeError(err)}`);
    }
  }

  /** Cuts startSpan's initial attributes by bytes before the SDK sees them (see provider.ts). */
  truncateInitial(attributes: Attributes): Attributes {
    return this.#guard.truncateInitial(attributes);
  }

  /** Sends every ended span now; resolves when the server has answered (or retries gave up). */
  async forceFlush(options?: SendOptions): Promise<void> {
    await this.#queue?.flush(options);
  }

  async shutdown(): Promise<void> {
    await this.#queue?.flush();
  }

  stats(): ExportStats {
    return { queued: 0, exported: 0, failed: 0, dropped: 0, retries: 0, ...this.#queue?.stats };
  }
}
