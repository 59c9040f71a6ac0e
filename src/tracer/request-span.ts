import { SpanKind, SpanStatusCode, context, trace, type Span, type Tracer } from "@opentelemetry/api";
import { ATTR_EVENT_TYPE } from "../attributes/core.js";
import { describeError } from "../log.js";

export interface TracedRequest {
  /** The handler's response; streamed bodies are piped through so the span ends when they finish. */
  response: Promise<Response>;
  /** Resolves once the span has ended (handler threw, bodiless response, or body fully sent or cancelled). */
  done: Promise<void>;
}

/**
 * One SERVER span per request, active while the handler runs. Shared by the fetch-style adapters
 * (Deno.serve, Workers, Vercel Edge): each decides how to keep `done.then(flush)` alive.
 */
export function traceRequest(tracer: Tracer, request: Request, handler: () => Response | Promise<Response>, route?: string): TracedRequest {
  const url = new URL(request.url);
  const span = tracer.startSpan(`${request.method} ${route ?? url.pathname}`, {
    kind: SpanKind.SERVER,
    attributes: {
      "http.request.method": request.method,
      "url.path": url.pathname,
      "url.scheme": url.protocol.replace(":", ""),
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
      fail(span, err);
      end();
      throw err;
    }
  })();
  return { response, done };
}

function fail(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(err) });
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
