// Tracing fetch-style handlers (Deno's serve, Workers, Vercel Edge): a span per request, and the flush after it.
import { SpanKind, SpanStatusCode, context, trace, type Tracer } from "@opentelemetry/api";
import { ATTR_EVENT_TYPE } from "../attributes/core.js";
import type { HoneyHiveOptions } from "../config/types.js";
import { initOrUntraced } from "./fail-open.js";
import { recordError } from "./record-error.js";
import { HoneyHiveTracer } from "./tracer.js";
import { deriveSession, inUnitOfWork, type HandlerOptions } from "./work-session.js";

export interface TracedRequest {
  /** The handler's response; streamed bodies are piped through so the span ends when they finish. */
  response: Promise<Response>;
  /** Resolves once the span has ended (handler threw, bodiless response, or body fully sent or cancelled). */
  done: Promise<void>;
}

/**
 * One SERVER span per request, active while the handler runs. Shared by the fetch-style adapters
 * (Deno's serve, Workers, Vercel Edge): each decides how to keep `done.then(flush)` alive.
 */
export function traceRequest(tracer: Tracer, request: Request, handler: () => Response | Promise<Response>, route?: string, url = new URL(request.url)): TracedRequest {
  const span = tracer.startSpan(requestSpanName(request, route, url), {
    kind: SpanKind.SERVER,
    attributes: {
      "http.request.method": request.method,
      "url.path": url.pathname,
      "url.scheme": url.protocol.slice(0, -1),
      "server.address": url.hostname,
      ...(route ? { "http.route": route } : {}),
      [ATTR_EVENT_TYPE]: "chain",
    },
  });
  let ended!: () => void;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const end = () => {
    span.end();
    ended();
  };
  const response = (async () => {
    try {
      const res = await context.with(trace.setSpan(context.active(), span), handler);
      span.setAttribute("http.response.status_code", res.status);
      if (res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      return endWhenSent(res, end);
    } catch (err) {
      recordError(span, err);
      end();
      throw err;
    }
  })();
  return { response, done };
}

/** The request span's name, e.g. `GET /api/chat` (also the name of the session the request starts). */
export function requestSpanName(request: Request, route?: string, url?: URL): string {
  return `${request.method} ${route ?? (url ?? new URL(request.url)).pathname}`;
}

/**
 * Traces one request in its unit of work: the caller's trace and session continued from its headers, else a
 * session of its own (as `options.session` says). Resolves the app's session id first when that is a function.
 */
export function traceRequestWork(t: HoneyHiveTracer, request: Request, handler: () => Response | Promise<Response>, options: HandlerOptions & { asyncContext?: boolean } = {}): TracedRequest | Promise<TracedRequest> {
  const url = new URL(request.url); // parsed once per request
  const start = (derived?: string) =>
    inUnitOfWork(t, options.session, { name: requestSpanName(request, undefined, url), carrier: request.headers, derived, asyncContext: options.asyncContext }, () =>
      traceRequest(t.getTracer(), request, handler, undefined, url),
    );
  return typeof options.session === "function" ? deriveSession(options.session, request).then(start) : start();
}

/** A streamed body is piped through an identity TransformStream whose pipe settles when the client got it all (or left). */
function endWhenSent(res: Response, end: () => void): Response {
  // a WebSocket upgrade (Workers) must be returned as is
  if (!res.body || (res as { webSocket?: unknown }).webSocket) {
    end();
    return res;
  }
  const { readable, writable } = new TransformStream();
  res.body.pipeTo(writable).then(end, end);
  return new Response(readable, res);
}

interface TracerClass<T extends HoneyHiveTracer> {
  init(options?: HoneyHiveOptions): T;
}

const shared = new WeakMap<object, HoneyHiveTracer>();

/**
 * The tracer a handler wrapper uses: the one given, else one per adapter class, created on the first request
 * and shared by every wrapped handler (a second init would find our own provider already registered). A tracer
 * that cannot be created (bad config) leaves the handlers running untraced: see fail-open.ts.
 */
export function tracerSource<T extends HoneyHiveTracer>(Tracer: TracerClass<T>, given?: T | HoneyHiveOptions): () => T {
  if (given instanceof HoneyHiveTracer) return () => given as T;
  return () => {
    let t = shared.get(Tracer) as T | undefined;
    if (!t) shared.set(Tracer, (t = initOrUntraced(() => Tracer.init(given))));
    return t;
  };
}

/**
 * Wraps a fetch-style handler `(request, ctx) => Response`: one span per request, and once it has ended
 * (body sent), a flush handed to `keepAlive`, the runtime's way of not being stopped before it is done.
 */
export function wrapFetchHandler<T extends HoneyHiveTracer, C>(
  tracer: () => T,
  handler: (request: Request, ctx: C, tracer: T) => Response | Promise<Response>,
  keepAlive: (flushed: Promise<void>, ctx: C) => void,
  options: HandlerOptions = {},
): (request: Request, ctx: C) => Promise<Response> {
  return async (request, ctx) => {
    const t = tracer();
    const { response, done } = await traceRequestWork(t, request, () => handler(request, ctx, t), options);
    keepAlive(done.then(() => t.flush()), ctx);
    return response;
  };
}
