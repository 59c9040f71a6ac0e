import { INVALID_SPAN_CONTEXT, ProxyTracerProvider, trace, type Span, type Tracer } from "@opentelemetry/api";
import type { ExportStats } from "../export/batch-queue.js";

/**
 * What a handler wrapper hands the app when its tracer could not be created (a bad setting): the tracer's
 * API, recording nothing and exporting nothing, so the app's own calls (tracer.trace, enrichSpan, …) just
 * run its code. `untraced` says why.
 */
export interface UntracedTracer {
  readonly untraced: string;
  readonly sessionId: string;
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

export function untracedTracer(reason: string): UntracedTracer {
  // the API's no-op provider (behind a fresh proxy): spans that record nothing, whatever is registered globally
  const noop = new ProxyTracerProvider().getDelegate();
  const span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
  return {
    untraced: reason,
    sessionId: "",
    getTracer(name = "honeyhive-edge", version?: string) {
      return noop.getTracer(name, version);
    },
    trace<R>(_name: string, fn: (span: Span) => R) {
      return fn(span);
    },
    enrichSpan() {},
    withSession<R>(_id: string, fn: () => R) {
      return fn();
    },
    injectContext<C>(carrier: C) {
      return carrier;
    },
    withDistributedContext<R>(_carrier: unknown, fn: () => R) {
      return fn();
    },
    async flush() {},
    async shutdown() {},
    stats() {
      return { queued: 0, exported: 0, failed: 0, dropped: 0, retries: 0 };
    },
  };
}
