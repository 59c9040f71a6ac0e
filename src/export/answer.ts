// A server's answer to an export: read up to a small cap (a hostile or broken server's 300 MiB page must not
// cost 300 MiB), and a 2xx checked to be an OTLP answer, with its partial success, in every spelling.
import type { Outcome } from "./attempt.js";

/** An OTLP answer is a few bytes; an error page's first KiB says why. */
export const ANSWER_CAP = 64 * 1024;

export interface Answer {
  bytes: Uint8Array;
  text: string;
  /** more than ANSWER_CAP bytes came: the rest was not read */
  over: boolean;
}

/** Streams the body up to ANSWER_CAP, then cancels it; an unreadable body reads as empty. */
export async function readAnswer(response: Response): Promise<Answer> {
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
  const bytes = new Uint8Array(n);
  n = 0;
  for (const c of chunks) bytes.set(c, (n += c.byteLength) - c.byteLength);
  return { bytes, text: new TextDecoder().decode(bytes), over };
}

type Partial = { rejectedSpans?: unknown; rejected_spans?: unknown; errorMessage?: unknown; error_message?: unknown };

/**
 * A 2xx: empty, a JSON object, or a protobuf ExportTraceServiceResponse; anything else (a captive portal's
 * HTML, a proxy's page) is a failed export. OTLP/JSON allows `partialSuccess` and `partial_success`.
 */
export function parseAnswer({ bytes, text, over }: Answer, status: number, type: string): Outcome {
  let p: Partial | undefined;
  try {
    if (over) throw 0;
    if (/protobuf/i.test(type)) p = protobufPartial(bytes);
    else if (text.trim()) {
      const json: unknown = JSON.parse(text);
      if (typeof json !== "object" || json === null || Array.isArray(json)) throw 0;
      p = ((json as Record<string, Partial>).partialSuccess ?? (json as Record<string, Partial>).partial_success) || undefined;
    }
  } catch {
    const what = over ? `more than ${ANSWER_CAP} bytes` : JSON.stringify(text.trim().slice(0, 80));
    return { status: "invalid", reason: `HTTP ${status} with ${type || "a body"} that is no OTLP answer (${what}): a proxy or captive portal?` };
  }
  const n = Number(p?.rejectedSpans ?? p?.rejected_spans ?? 0);
  const message = p?.errorMessage ?? p?.error_message;
  const rejected = Number.isSafeInteger(n) && n > 0 ? n : 0;
  return { status, rejected, reason: rejected && typeof message === "string" ? message.slice(0, 300) : "" };
}

/** ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1 { int64 rejected_spans = 1; string error_message = 2 } } */
function protobufPartial(b: Uint8Array): Partial {
  const out: Partial = {};
  let i = 0;
  const varint = (): number => {
    let v = 0;
    for (let scale = 1; ; scale *= 128) {
      if (i >= b.length || scale > 2 ** 63) throw 0;
      const x = b[i++];
      v += (x & 127) * scale;
      if (x < 128) return v;
    }
  };
  const walk = (end: number, inner: boolean): void => {
    while (i < end) {
      const tag = varint();
      const field = Math.floor(tag / 8);
      const wire = tag % 8;
      if (wire === 0) {
        const v = varint();
        if (inner && field === 1) out.rejected_spans = v;
      } else if (wire === 2) {
        const stop = varint() + i;
        if (stop > end) throw 0;
        if (!inner && field === 1) walk(stop, true);
        else if (inner && field === 2) out.error_message = new TextDecoder().decode(b.subarray(i, stop));
        i = stop;
      } else if (wire === 1 || wire === 5) i += wire === 1 ? 8 : 4;
      else throw 0;
    }
    if (i > end) throw 0;
  };
  walk(b.length, false);
  return out;
}
