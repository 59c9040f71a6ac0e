// A server's answer to an export: read up to a small cap (a hostile or broken server's 300 MiB page must not
// cost 300 MiB), and a 2xx checked to be an OTLP answer, with its partial success, in every spelling.
import type { Outcome } from "./attempt.js";
import { parseRetryAfter } from "./retry.js";

/** An OTLP answer is a few bytes; an error page's first KiB says why. */
export const ANSWER_CAP = 64 * 1024;

type Partial = { rejectedSpans?: unknown; rejected_spans?: unknown; errorMessage?: unknown; error_message?: unknown };

/**
 * What a (non-redirect) response comes to. The body is streamed up to ANSWER_CAP, then cancelled; an
 * unreadable one reads as empty. A 2xx must be empty, a JSON object, or a protobuf ExportTraceServiceResponse;
 * anything else (a captive portal's HTML, a proxy's page) is a failed export. OTLP/JSON allows
 * `partialSuccess` and `partial_success`.
 */
export async function readAnswer(response: Response, protobuf?: (bytes: Uint8Array) => unknown): Promise<Outcome> {
  const chunks: Uint8Array[] = [];
  let n = 0;
  let over = false;
  const reader = response.body?.getReader();
  try {
    for (let r; reader && !(r = await reader.read()).done; ) {
      chunks.push(r.value);
      if ((n += r.value.byteLength) > ANSWER_CAP) {
        over = true;
        reader.cancel().catch(() => {});
        break;
      }
    }
  } catch {
    // a timeout or reset while reading (a 2xx then still counts as sent, as before reading began)
    chunks.length = n = 0;
  }
  const bytes = new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
  const text = new TextDecoder().decode(bytes).trim();
  const { status, headers } = response;
  if (!response.ok) {
    const line = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""}`;
    return { status, reason: text ? `${line}: ${text.slice(0, 300)}` : line, retryAfterMs: parseRetryAfter(headers.get("retry-after")) };
  }
  const type = headers.get("content-type") ?? "";
  let p: Partial | undefined;
  try {
    if (over) throw 0;
    // protobuf through the serializer's own decoder (it throws on a page); without one, its bytes are taken as an answer
    if (/protobuf/i.test(type)) p = (protobuf?.(bytes) as { partialSuccess?: Partial } | undefined)?.partialSuccess;
    else if (text) {
      const json: unknown = JSON.parse(text);
      if (typeof json !== "object" || json === null || Array.isArray(json)) throw 0;
      p = ((json as Record<string, Partial>).partialSuccess ?? (json as Record<string, Partial>).partial_success) || undefined;
    }
  } catch {
    const what = over ? `more than ${ANSWER_CAP} bytes` : JSON.stringify(text.slice(0, 80));
    return { status: "invalid", reason: `HTTP ${status} with ${type || "a body"} that is no OTLP answer (${what}): a proxy or captive portal?` };
  }
  const rejected = Number(p?.rejectedSpans ?? p?.rejected_spans ?? 0);
  const message = p?.errorMessage ?? p?.error_message;
  return Number.isSafeInteger(rejected) && rejected > 0
    ? { status, rejected, reason: typeof message === "string" ? message.slice(0, 300) : "" }
    : { status, rejected: 0, reason: "" };
}
