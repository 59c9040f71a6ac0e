import { ROOT_CONTEXT, context } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";
import { describeError } from "../log.js";
import { parseRetryAfter } from "./retry.js";

/** What one HTTP request came to; the exporter's retry loop decides what to do next. */
export interface Outcome {
  /**
   * The HTTP status, or what happened instead: "network", "timeout", or "invalid" (the request could not
   * even be built, e.g. a header value fetch refuses: retrying cannot help).
   */
  status: number | "network" | "timeout" | "invalid";
  reason: string;
  /** 2xx only: > 0 when the server reported an OTLP partial success (whose message is then `reason`) */
  rejected?: number;
  retryAfterMs?: number;
}

/**
 * One POST with its own AbortController timeout, which also covers reading the answer. The answer is
 * always read to the end: it carries the reason for a failure, and a consumed body lets keep-alive
 * connections be reused.
 */
export async function attemptPost(url: string, init: RequestInit, timeoutMillis: number): Promise<Outcome> {
  const controller = new AbortController();
  let request: Request;
  try {
    request = new Request(url, { ...init, method: "POST", signal: controller.signal });
  } catch (err) {
    return { status: "invalid", reason: describeError(err) };
  }
  const timer = setTimeout(() => controller.abort(), timeoutMillis);
  try {
    // whatever instruments fetch (undici, Next.js, @vercel/otel) must not trace the export, nor see the user's context
    const response = await context.with(suppressTracing(ROOT_CONTEXT), () => fetch(request));
    let text = "";
    try {
      text = (await response.text()).trim();
    } catch {
      // unreadable: a timeout while reading a 200 still counts as sent
    }
    const status = response.status;
    if (response.ok) {
      // OTLP/JSON partial success: { partialSuccess: { rejectedSpans, errorMessage } }; anything else → none rejected
      let rejected = 0;
      let reason = "";
      try {
        if (text.includes("rejectedSpans")) {
          const p = (JSON.parse(text) as { partialSuccess?: { rejectedSpans?: unknown; errorMessage?: unknown } }).partialSuccess;
          const n = Number(p?.rejectedSpans ?? 0);
          if (Number.isSafeInteger(n) && n > 0) {
            rejected = n;
            reason = typeof p?.errorMessage === "string" ? p.errorMessage.slice(0, 300) : "";
          }
        }
      } catch {
        // not JSON
      }
      return { status, rejected, reason };
    }
    const line = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""}`;
    return {
      status,
      reason: text ? `${line}: ${text.slice(0, 300)}` : line,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    };
  } catch (err) {
    return controller.signal.aborted
      ? { status: "timeout", reason: `timed out after ${timeoutMillis} ms` }
      : { status: "network", reason: describeError(err) };
  } finally {
    clearTimeout(timer);
  }
}
