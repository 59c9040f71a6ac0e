import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { TraceEncoding } from "./encoding.js";
import { splitBatch } from "./split.js";

/** What otlp-transformer's ProtobufTraceSerializer offers, and all we need of it. */
export interface ProtobufSerializer {
  serializeRequest(spans: never[]): Uint8Array | undefined;
  /** ExportTraceServiceResponse → { partialSuccess?: { rejectedSpans, errorMessage } }; throws on other bytes */
  deserializeResponse?(data: Uint8Array): unknown;
}

// the encoding is built inside useOtlpProtobuf, so a bundle that never calls it carries none of it
let load: (() => Promise<TraceEncoding>) | undefined;

/**
 * Makes `protocol: "http/protobuf"` available. Node and Deno register otlp-transformer for you;
 * on Workers, Vercel Edge and browsers it is opt-in, so JSON-only bundles stay small:
 *   import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
 *   useOtlpProtobuf(ProtobufTraceSerializer);
 */
export function useOtlpProtobuf(source: ProtobufSerializer | (() => Promise<ProtobufSerializer>)): void {
  load = async () => {
    const serializer = typeof source === "function" ? await source() : source;
    // protobuf bytes cannot be cut at span boundaries without a decoder: a 413'd body is re-encoded from its
    // spans, which it keeps alive meanwhile (JSON bodies let theirs go)
    const spansOf = new WeakMap<Uint8Array, readonly ReadableSpan[]>();
    const encoding: TraceEncoding = {
      contentType: "application/x-protobuf",
      encode(spans) {
        const body = serializer.serializeRequest(spans as never[]);
        if (!body) throw new Error("the protobuf serializer returned no body");
        spansOf.set(body, spans);
        return body;
      },
      halve: (body) => splitBatch(spansOf.get(body)!, Math.max(1, body.byteLength >> 1), encoding),
      answer: serializer.deserializeResponse?.bind(serializer),
    };
    return encoding;
  };
}

export async function loadProtobufEncoding(): Promise<TraceEncoding> {
  if (!load) throw new Error('useOtlpProtobuf(ProtobufTraceSerializer) was not called (import it from "@opentelemetry/otlp-transformer")');
  return load();
}
