import type { HoneyHiveOptions } from "../../src/index.js";
import { Logger } from "../../src/log.js";
import { tracerSource, wrapFetchHandler } from "../../src/tracer/fetch-handler.js";
import type { HandlerOptions } from "../../src/tracer/work-session.js";
import { HoneyHiveTracer } from "./tracer.js";
import { findWaitUntil, type WaitUntil } from "./wait-until.js";

/** A route handler or middleware: (request, context) → Response; the tracer comes last. */
export type TracedEdgeHandler<C> = (request: Request, ctx: C, tracer: HoneyHiveTracer) => Response | Promise<Response>;

const log = new Logger([]);

/** Hands the flush to the request's waitUntil, so the function is not frozen before the spans are out. */
function keepAlive(flushed: Promise<void>, ctx: { waitUntil?: WaitUntil } | undefined): void {
  const waitUntil = findWaitUntil(ctx);
  if (waitUntil) return waitUntil(flushed);
  log.once("no-wait-until", "warn",
    "no waitUntil for this request: spans may be lost when the function is frozen. Pass the event as the " +
      "second argument (middleware), or call waitUntil(tracer.flush()) from @vercel/functions.");
}

/**
 * Wraps an Edge route handler or middleware: one span and one session per request (`handlerOptions.session`;
 * the caller's trace and session continue from traceparent/baggage), it ends when the body is sent, then a
 * flush kept alive by waitUntil (the handler's context, else Vercel's request context). Pass a tracer, or
 * options for the shared one that is created on the first request.
 */
export function withHoneyHive<C extends { waitUntil?: WaitUntil } | undefined>(
  handler: TracedEdgeHandler<C>,
  tracerOrOptions?: HoneyHiveTracer | HoneyHiveOptions,
  handlerOptions?: HandlerOptions,
): (request: Request, ctx: C) => Promise<Response> {
  return wrapFetchHandler(tracerSource(HoneyHiveTracer, tracerOrOptions), handler, keepAlive, handlerOptions);
}
