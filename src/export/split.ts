import type { Attributes } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describeError } from "../log.js";
import type { Body, TraceEncoding } from "./encoding.js";

export type Part =
  | { count: number; body: Body; error?: undefined }
  /** a single span that could not be encoded at all (e.g. an attribute mutated into something unencodable) */
  | { count: number; body?: undefined; error: string };

/** Returns a copy of the span whose encoding (measured by `size`) fits `maxBytes`: see truncation/shrink-span.ts. */
export type SpanFit = (span: ReadableSpan, maxBytes: number, size: (span: ReadableSpan) => number) => ReadableSpan;

/** About what attributes add to a request: their strings' lengths (a lower bound of their UTF-8), and framing. */
function attributesWeight(list: Attributes | undefined): number {
  let n = 0;
  for (const key in list) {
    const v = list[key];
    n += key.length + 40;
    if (typeof v === "string") n += v.length;
    else if (Array.isArray(v)) for (const x of v) n += typeof x === "string" ? x.length + 20 : 20;
  }
  return n;
}

/** A span's weight: about its encoded size, read from its strings, far cheaper than encoding it. */
function weight(s: ReadableSpan): number {
  try {
    let n = 400 + (s.name?.length | 0) + attributesWeight(s.attributes); // (a caller's name may be no string)
    for (const e of s.events) n += 100 + attributesWeight(e.attributes);
    for (const l of s.links) n += 100 + attributesWeight(l.attributes);
    return n;
  } catch {
    return Infinity; // a span that throws goes alone, where its encode fails alone
  }
}

/**
 * Cuts a batch into request bodies of at most `limit` bytes, lazily (one body in memory at a time).
 * Spans are grouped by weight before anything is encoded, so a batch is never encoded whole: a body is
 * built from about `limit` bytes of spans (at most ~3× for text of 3-byte characters), and one over
 * `limit` is cut again at span boundaries. Never drops a batch whole: a single span larger than the limit
 * is still sent alone, and the server decides (its 413 is then counted as one failed span). One span that
 * cannot be encoded fails alone. A group's spans are let go once it is encoded: a request in flight (or
 * waiting out an outage) holds compact bytes outside the JS heap, not span objects the GC must trace.
 */
export function* splitBatch(batch: readonly ReadableSpan[], limit: number, encoding: TraceEncoding, fit?: SpanFit): Generator<Part> {
  const todo: (readonly ReadableSpan[])[] = []; // a stack: the next group last
  for (let end = batch.length, from = end, size = 0; from > 0 || end > 0; ) {
    const w = from > 0 ? weight(batch[from - 1]) : Infinity;
    if (from < end && size + w > limit) {
      todo.push(batch.slice(from, end));
      end = from;
      size = 0;
    } else {
      size += w;
      from--;
    }
  }
  batch = []; // the parameter too: a suspended generator keeps its parameters alive
  for (let spans: readonly ReadableSpan[] | undefined; (spans = todo.pop()); ) {
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
      spans = undefined;
      yield body !== undefined ? { count, body } : { count, error: error! };
      continue;
    }
    // as many parts as the size suggests (with 10 % for per-request envelopes), each checked again
    const parts = body !== undefined ? Math.min(count, Math.max(2, Math.ceil(body.byteLength / (limit * 0.9)))) : 2;
    body = undefined; // let the oversized body go before encoding the parts
    const size = Math.ceil(count / parts);
    for (let i = Math.ceil(count / size) - 1; i >= 0; i--) todo.push(spans.slice(i * size, (i + 1) * size));
  }
}
