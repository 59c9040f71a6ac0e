import { describeError } from "../log.js";
import { parseRetryAfter } from "./retry.js";

/** What one HTTP request came to; the exporter's retry loop decides what to do next. */
export type Outcome =
  /** 2xx; `rejected` > 0 when the server reported an OTLP partial success */
  | { kind: "ok"; rejected: number; reason?: string }
  | { kind: "status"; status: number; reason: string; retryAfterMs?: number }
  | { kind: "network"; reason: string }
  | { kind: "timeout"; reason: string }
  /** the request could not even be built (e.g. a header value fetch refuses): retrying cannot help */
  | { kind: "invalid"; reason: string };

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
    return { kind: "invalid", reason: describeError(err) };
  }
  const timer = setTimeout(() => controller.abort(), timeoutMillis);
  try {
    const response = await fetch(request);
    const text = await readText(response);
    if (response.ok) return { kind: "ok", ...partialSuccess(text) };
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
    return {
      kind: "status",
      status: response.status,
      reason: text ? `${status}: ${text.slice(0, 300)}` : status,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    };
  } catch (err) {
    if (controller.signal.aborted) return { kind: "timeout", reason: `timed out after ${timeoutMillis} ms` };
    return { kind: "network", reason: describeError(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** The body as text, or "" when it cannot be read (a timeout while reading a 200 still counts as sent). */
async function readText(response: Response): Promise<string> {
  try {
    return (await response.text()).trim();
  } catch {
    return "";
  }
}

/** OTLP/JSON partial success: { partialSuccess: { rejectedSpans, errorMessage } }; anything else → none rejected. */
function partialSuccess(text: string): { rejected: number; reason?: string } {
  if (!text.includes("rejectedSpans")) return { rejected: 0 };
  try {
    const p = (JSON.parse(text) as { partialSuccess?: { rejectedSpans?: unknown; errorMessage?: unknown } }).partialSuccess;
    const rejected = Number(p?.rejectedSpans ?? 0);
    if (!(Number.isSafeInteger(rejected) && rejected > 0)) return { rejected: 0 };
    return { rejected, reason: typeof p?.errorMessage === "string" ? p.errorMessage.slice(0, 300) : undefined };
  } catch {
    return { rejected: 0 };
  }
}
