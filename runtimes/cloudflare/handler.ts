import type { HoneyHiveOptions } from "../../src/index.js";
import { initOrUntraced } from "../../src/tracer/fail-open.js";
import { traceRequestWork } from "../../src/tracer/fetch-handler.js";
import { inUnitOfWork, type HandlerOptions } from "../../src/tracer/work-session.js";
import { Logger } from "../../src/log.js";
import { NO_ALS_WARNING, detectAsyncLocalStorage } from "./context.js";
import { useAsyncLocalStorage } from "./runtime.js";
import { HoneyHiveTracer } from "./tracer.js";
import { trackWaitUntil, type WorkerContext } from "./wait-until.js";

/** The fields of a scheduled event / queue batch we record (workers-types' ScheduledController and MessageBatch fit). */
export interface ScheduledEvent {
  cron: string;
  scheduledTime: number;
}
export interface QueueBatch {
  queue: string;
  messages: readonly unknown[];
}

/** A module Worker's handlers, each also given the tracer. */
export interface TracedHandler<Env = Record<string, unknown>, C extends WorkerContext = WorkerContext> {
  fetch?(request: Request, env: Env, ctx: C, tracer: HoneyHiveTracer): Response | Promise<Response>;
  scheduled?(event: ScheduledEvent, env: Env, ctx: C, tracer: HoneyHiveTracer): void | Promise<void>;
  queue?(batch: QueueBatch, env: Env, ctx: C, tracer: HoneyHiveTracer): void | Promise<void>;
}

export interface WorkerHandler<Env, C extends WorkerContext> {
  fetch?(request: Request, env: Env, ctx: C): Promise<Response>;
  scheduled?(event: ScheduledEvent, env: Env, ctx: C): Promise<void>;
  queue?(batch: QueueBatch, env: Env, ctx: C): Promise<void>;
}

export type WorkerOptions<Env> = HoneyHiveOptions | ((env: Env) => HoneyHiveOptions);

/**
 * Traces a module Worker: config from the bindings (resolved once per isolate, on the first event), a span
 * and a session per request / cron run / queue batch (`handlerOptions.session`; a request continues its
 * caller's trace and session from traceparent/baggage), and a flush kept alive by ctx.waitUntil that first
 * waits for the handler's own waitUntil work and for streamed bodies to finish. Needs no compatibility flag;
 * sessions per unit of work need nodejs_als (without it, the isolate's one session, as context is lost at await).
 */
export function withHoneyHive<Env, C extends WorkerContext = WorkerContext>(
  handler: TracedHandler<Env, C>,
  options?: WorkerOptions<Env>,
  handlerOptions: HandlerOptions = {},
): WorkerHandler<Env, C> {
  /** the isolate's tracer, and whether context survives `await` (nodejs_als): both settled once, on the first event */
  let tracer: Promise<{ t: HoneyHiveTracer; asyncContext: boolean }> | undefined;
  const tracerFor = (env: Env) =>
    (tracer ??= detectAsyncLocalStorage().then((als) => {
      useAsyncLocalStorage(als);
      // a bad binding (or a throwing options function) leaves the Worker serving, untraced, with one error log
      const t = initOrUntraced(() => {
        const opts = typeof options === "function" ? options(env) : (options ?? {});
        return HoneyHiveTracer.init({ ...opts, env: opts.env ?? (env as Record<string, unknown>) });
      });
      // once per isolate, and only when there is tracing to lose context for
      if (!als && t instanceof HoneyHiveTracer) new Logger([]).warn(NO_ALS_WARNING);
      return { t, asyncContext: als !== undefined };
    }));

  /** Runs one event's work in a span; the flush is handed to waitUntil whatever happens. */
  const traced = async (
    name: string,
    env: Env,
    ctx: C,
    metadata: Record<string, unknown>,
    run: (t: HoneyHiveTracer, c: C) => unknown,
  ) => {
    const { t, asyncContext } = await tracerFor(env);
    const work = trackWaitUntil(ctx);
    try {
      await inUnitOfWork(t, handlerOptions.session, { name, asyncContext }, () => t.trace(name, () => run(t, work.ctx), { eventType: "chain", metadata }));
    } finally {
      ctx.waitUntil(work.settled().then(() => t.flush()));
    }
  };

  const wrapped: WorkerHandler<Env, C> = {};
  const { fetch, scheduled, queue } = handler;
  if (fetch) {
    wrapped.fetch = async (request, env, ctx) => {
      const { t, asyncContext } = await tracerFor(env);
      const work = trackWaitUntil(ctx);
      const { response, done } = await traceRequestWork(t, request, () => fetch.call(handler, request, env, work.ctx, t), { ...handlerOptions, asyncContext });
      ctx.waitUntil(work.settled(done).then(() => t.flush()));
      return response;
    };
  }
  if (scheduled) {
    wrapped.scheduled = (event, env, ctx) => {
      const metadata = { cron: event.cron, scheduledTime: event.scheduledTime };
      return traced(`scheduled ${event.cron}`, env, ctx, metadata, (t, c) => scheduled.call(handler, event, env, c, t));
    };
  }
  if (queue) {
    wrapped.queue = (batch, env, ctx) => {
      const metadata = { queue: batch.queue, messages: batch.messages.length };
      return traced(`queue ${batch.queue}`, env, ctx, metadata, (t, c) => queue.call(handler, batch, env, c, t));
    };
  }
  return wrapped;
}
