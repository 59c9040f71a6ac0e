import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { encodeTraceRequest, halveTraceRequest } from "./otlp-json.js";
import type { Part } from "./split.js";

/** A request body: UTF-8 JSON or protobuf bytes, so its size is known without counting. */
export type Body = Uint8Array;

/** How a batch becomes a request body: OTLP/JSON (default) or OTLP/protobuf (loaded on demand). */
export interface TraceEncoding {
  readonly contentType: string;
  encode(spans: readonly ReadableSpan[]): Body;
  /** Parts of about half the spans each, from a body this encoding made (for a 413). */
  halve(body: Body): Iterable<Part>;
  /** Decodes a protobuf ExportTraceServiceResponse (throws on anything else), where the encoding has a decoder. */
  answer?(bytes: Uint8Array): unknown;
}

/** Our own encoder: no otlp-transformer in the default path, so the Workers bundle stays small. */
export const jsonEncoding: TraceEncoding = {
  contentType: "application/json",
  encode: encodeTraceRequest,
  halve: halveTraceRequest,
};

