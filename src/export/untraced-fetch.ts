import { ROOT_CONTEXT, context } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";

/**
 * fetch for our own requests (exports, the browser's preflight warm-up): whatever instruments fetch (undici,
 * Next.js, @vercel/otel, instrumentation-fetch) must not trace them, nor see the user's context or session.
 */
export function untracedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  return context.with(suppressTracing(ROOT_CONTEXT), () => fetch(input, init));
}
