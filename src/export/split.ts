import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describeError } from "../log.js";
import type { Body } from "./encoding.js";

export type Part =
  | { spans: readonly ReadableSpan[]; body: Body; error?: undefined }
  /** a single span that could not be encoded at all (e.g. an attribute mutated into something unencodable) */
  | { spans: readonly ReadableSpan[]; body?: undefined; error: string };

/**
 * Cuts a batch into request bodies of at most `limit` bytes, lazily (one body in memory at a time).
 * Never drops a batch whole: a single span larger than the limit is still sent alone, and the server
 * decides (its 413 is then counted as one failed span). One span that cannot be encoded fails alone.
 */
export function* splitBatch(
  spans: readonly ReadableSpan[],
  limit: number,
  encode: (spans: readonly ReadableSpan[]) => Body,
): Generator<Part> {
  let body: Body | undefined;
  let bytes = 0;
  let error: string | undefined;
  try {
    body = encode(spans);
    bytes = body.byteLength;
  } catch (err) {
    error = describeError(err);
  }
  if (spans.length === 1 || (body !== undefined && bytes <= limit)) {
    yield body !== undefined ? { spans, body } : { spans, error: error! };
    return;
  }
  // as many parts as the size suggests (with 10 % for per-request envelopes), each checked again
  const parts = body !== undefined ? Math.min(spans.length, Math.max(2, Math.ceil(bytes / (limit * 0.9)))) : 2;
  body = undefined; // let the oversized body go before encoding the parts
  const size = Math.ceil(spans.length / parts);
  for (let i = 0; i < spans.length; i += size) yield* splitBatch(spans.slice(i, i + size), limit, encode);
}
