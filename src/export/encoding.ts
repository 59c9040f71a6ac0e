import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { utf8ByteLength } from "../truncation/utf8.js";
import { encodeTraceRequest } from "./otlp-json.js";

/** A request body: JSON stays a string (fetch and Blob encode it natively, faster than TextEncoder here). */
export type Body = string | Uint8Array;

/** How a batch becomes a request body: OTLP/JSON (default) or OTLP/protobuf (loaded on demand). */
export interface TraceEncoding {
  readonly contentType: string;
  encode(spans: readonly ReadableSpan[]): Body;
}

/** Our own encoder: no otlp-transformer in the default path, so the Workers bundle stays small. */
export const jsonEncoding: TraceEncoding = {
  contentType: "application/json",
  encode: encodeTraceRequest,
};

/** UTF-8 bytes of a body; only counted exactly when the cheap bound (3 bytes per UTF-16 unit) exceeds `limit`. */
export function bodyBytes(body: Body, limit = 0): number {
  if (typeof body !== "string") return body.byteLength;
  return body.length * 3 <= limit ? body.length * 3 : utf8ByteLength(body);
}
