import { INVALID_SPAN_CONTEXT, ProxyTracerProvider, trace, type Span, type Tracer, type TracerProvider } from "@opentelemetry/api";
import type { SpanLimits, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { ExportStats } from "../export/batch-queue.js";

/**
 * What a handler wrapper hands the app when its tracer could not be created (a bad setting): the tracer's
 * API, recording nothing and exporting nothing, so the app's own calls (tracer.trace, enrichSpan,
 * registerInstrumentations({ tracerProvider: tracer.provider }), …) just run its code. `untraced` says why;
 * there is no `config`, as the config is what failed.
 */
export interface UntracedTracer {
  readonly untraced: string;
  readonly strategy: "untraced";
  readonly sessionId: string;
  readonly limits: SpanLimits;
  readonly provider: TracerProvider & { forceFlush(): Promise<void>; shutdown(): Promise<void> };
  readonly processor: SpanProcessor & { stats(): ExportStats };
  getTracer(name?: string, version?: string): Tracer;
  trace<R>(name: string, fn: (span: Span) => R, options?: unknown): R;
  enrichSpan(enrichment: unknown): void;
  withSession<R>(sessionId: string, fn: () => R): R;
  injectContext<C>(carrier: C): C;
  withDistributedContext<R>(carrier: unknown, fn: () => R): R;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
  stats(): ExportStats;
}

const done = async () => {};
const none = (): ExportStats => ({ queued: 0, exported: 0, failed: 0, dropped: 0, retries: 0 });
const run = <R>(_: unknown, fn: () => R) => fn();
const same = <C>(carrier: C) => carrier;

export function untracedTracer(reason: string): UntracedTracer {
  // the API's no-op provider (behind a fresh proxy): spans that record nothing, whatever is registered globally
  const noop = new ProxyTracerProvider().getDelegate();
  const span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
  const getTracer = (name = "honeyhive-edge", version?: string) => noop.getTracer(name, version);
  return {
    untraced: reason,
    strategy: "untraced",
    sessionId: "",
    limits: {},
    provider: { getTracer, forceFlush: done, shutdown: done },
    processor: { onStart() {}, onEnd() {}, forceFlush: done, shutdown: done, stats: none },
    getTracer,
    trace: (_name, fn) => fn(span),
    enrichSpan() {},
    withSession: run,
    injectContext: same,
    withDistributedContext: run,
    flush: done,
    shutdown: done,
    stats: none,
  };
}
