import type { HoneyHiveOptions } from "../../src/index.js";
import { tracerSource, wrapFetchHandler } from "../../src/tracer/fetch-handler.js";
import type { HandlerOptions } from "../../src/tracer/work-session.js";
import { HoneyHiveTracer } from "./tracer.js";

/** What Deno.serve passes next to the request (only the fields we type; the rest passes through). */
export interface ServeInfo {
  remoteAddr?: unknown;
  completed?: Promise<void>;
}

export type TracedServeHandler<I extends ServeInfo = ServeInfo> = (
  request: Request,
  info: I,
  tracer: HoneyHiveTracer,
) => Response | Promise<Response>;

/**
 * Wraps a Deno.serve handler: one span and one session per request (method, path, status; it ends when the
 * body is sent; `handlerOptions.session`; the caller's trace and session continue from traceparent/baggage),
 * flushed as soon as it ends, without holding the response back. Pass a tracer, or options for the shared
 * one that is created on the first request.
 */
export function withHoneyHive<I extends ServeInfo>(
  handler: TracedServeHandler<I>,
  tracerOrOptions?: HoneyHiveTracer | HoneyHiveOptions,
  handlerOptions?: HandlerOptions,
): (request: Request, info: I) => Promise<Response> {
  // Deno keeps running while the export's fetch is pending: the flush needs no keep-alive of its own
  return wrapFetchHandler(tracerSource(HoneyHiveTracer, tracerOrOptions), handler, () => {}, handlerOptions);
}
