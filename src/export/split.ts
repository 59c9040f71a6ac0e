import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describeError } from "../log.js";
import type { Body, TraceEncoding } from "./encoding.js";

export type Part =
  /** `spans` only where the encoding cannot halve its own bytes (protobuf): a 413 then re-encodes them */
  | { count: number; body: Body; spans?: readonly ReadableSpan[]; error?: undefined }
  /** a single span that could not be encoded at all (e.g. an attribute mutated into something unencodable) */
  | { count: number; body?: undefined; error: string };

/** Returns a copy of the span whose encoding (measured by `size`) fits `maxBytes`: see truncation/shrink-span.ts. */
export type SpanFit = (span: ReadableSpan, maxBytes: number, size: (span: ReadableSpan) => number) => ReadableSpan;

/**
 * Cuts a batch into request bodies of at most `limit` bytes, lazily (one body in memory at a time).
 * Never drops a batch whole: a single span larger than the limit is still sent alone, and the server
 * decides (its 413 is then counted as one failed span). One span that cannot be encoded fails alone.
 * Once a batch is encoded whole, the generator lets go of its spans: a request in flight (or waiting out
 * an outage) holds compact bytes outside the JS heap, not span objects the garbage collector must trace.
 */
export function* splitBatch(spans: readonly ReadableSpan[], limit: number, encoding: TraceEncoding, fit?: SpanFit): Generator<Part> {
  const count = spans.length;
  let body: Body | undefined;
  let error: string | undefined;
  try {
    body = encoding.encode(spans);
  } catch (err) {
    error = describeError(err);
  }
  if (count === 1 && fit && body !== undefined && body.byteLength > limit) {
    // a request that cannot be larger (keepalive): the span goes out shrunk rather than not at all
    try {
      body = encoding.encode([fit(spans[0], limit, (s) => encoding.encode([s]).byteLength)]);
    } catch {
      // the span as it is: the server (or the browser) decides
    }
  }
  if (count === 1 || (body !== undefined && body.byteLength <= limit)) {
    const keep = encoding.halve ? undefined : spans;
    spans = []; // the parameter too: a suspended generator keeps its parameters alive
    yield body !== undefined ? { count, body, spans: keep } : { count, error: error! };
    return;
  }
  // as many parts as the size suggests (with 10 % for per-request envelopes), each checked again
  const parts = body !== undefined ? Math.min(count, Math.max(2, Math.ceil(body.byteLength / (limit * 0.9)))) : 2;
  body = undefined; // let the oversized body go before encoding the parts
  const size = Math.ceil(count / parts);
  for (let i = 0; i < count; i += size) yield* splitBatch(spans.slice(i, i + size), limit, encoding, fit);
}
