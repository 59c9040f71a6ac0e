import { describeError } from "../log.js";
import { readAnswer } from "./answer.js";
import type { Cut } from "./retry.js";
import { untracedFetch } from "./untraced-fetch.js";

/** What one HTTP request came to; the exporter's retry loop decides what to do next. */
export interface Outcome {
  /**
   * The HTTP status, or what happened instead: "network", "timeout", or "invalid" (the request could not
   * even be built, e.g. a header value fetch refuses, or the answer was no OTLP answer: retrying cannot help).
   */
  status: number | "network" | "timeout" | "invalid";
  reason: string;
  /** 2xx only: > 0 when the server reported an OTLP partial success (whose message is then `reason`) */
  rejected?: number;
  retryAfterMs?: number;
}

/**
 * One POST with its own AbortController timeout, which also covers reading the answer (at most a few KiB
 * of it) in answer.ts. Redirects are not followed: fetch would turn a 301/302/303 into a GET without the
 * spans, and a 307/308 cannot replay our body; a 3xx fails, naming where the server points.
 * `cut` is called when a flush needs this request over by `cut.until`.
 */
export async function attemptPost(url: string, init: RequestInit, timeoutMillis: number, cut?: Cut, protobuf?: (bytes: Uint8Array) => unknown): Promise<Outcome> {
  const controller = new AbortController();
  let request: Request;
  try {
    request = new Request(url, { ...init, method: "POST", redirect: "manual", signal: controller.signal });
  } catch (err) {
    return { status: "invalid", reason: describeError(err) };
  }
  // (a Worker's flush may cut a request made during another request: that abort throws, the timeout stands)
  const abort = () => {
    try {
      controller.abort();
    } catch {}
  };
  let timer = setTimeout(abort, timeoutMillis);
  const hurry = () => {
    clearTimeout(timer);
    timer = setTimeout(abort, cut!.until - Date.now());
  };
  if (cut && cut.until < Infinity) hurry();
  else cut?.wake.add(hurry);
  try {
    const response = await untracedFetch(request);
    const status = response.status;
    // a browser's manual redirect is an opaque response, status 0, its Location hidden
    if (response.type === "opaqueredirect" || (status > 299 && status < 400)) {
      response.body?.cancel().catch(() => {});
      const to = response.headers.get("location");
      return { status: "invalid", reason: `HTTP ${status || "3xx"}: redirected${to ? ` to ${to}` : ""}; set serverUrl (HH_API_URL) to the final URL` };
    }
    return await readAnswer(response, protobuf);
  } catch (err) {
    return controller.signal.aborted
      ? { status: "timeout", reason: `timed out after ${timeoutMillis} ms` }
      : { status: "network", reason: describeError(err) };
  } finally {
    clearTimeout(timer);
    cut?.wake.delete(hurry);
  }
}
