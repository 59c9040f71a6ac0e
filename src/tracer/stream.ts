// trace() follows what a traced function returns when it is a stream: the span ends when the stream is
// consumed, cancelled or errors, with the streamed text (bounded by the limits) and the time to the first chunk.
import { context, trace, type Attributes, type Span } from "@opentelemetry/api";
import { originalBytesKey } from "../preservation/span-guard.js";
import { headCut, truncateUtf8, utf8ByteLength } from "../truncation/utf8.js";

/** Called once, when the stream is done: its attributes, and the error when it failed. */
export type Settle = (attributes: Attributes, error?: { error: unknown }) => void;

const OUTPUT = "honeyhive_outputs.text";

/** The text a chunk carries: strings, bytes, and the text fields of the LLM SDKs' chunk objects. */
function chunkText(c: any): string | undefined {
  if (typeof c === "string") return c;
  if (typeof c !== "object" || c === null) return undefined;
  const d = c.delta; // OpenAI Responses events (a string), Anthropic's content_block_delta ({ text })
  const t = c.text ?? c.textDelta ?? c.content ?? (typeof d === "string" ? d : d?.text) ?? c.choices?.[0]?.delta?.content ?? c.choices?.[0]?.text;
  return typeof t === "string" ? t : undefined;
}

type Step = () => Promise<IteratorResult<unknown>>;

interface Collector {
  /**
   * One pull of the consumer's, run in the span's context (so spans started by the source nest inside), and
   * recorded: a chunk, the end (with `end`), or the error (rethrown).
   */
  pull(step: Step, end?: Attributes): Promise<IteratorResult<unknown>>;
  add(chunk: unknown): void;
  /** ends the span once; `error` when the stream failed */
  done(extra?: Attributes, error?: { error: unknown }): void;
}

/** Accumulates the streamed text up to `max` bytes (the rest is only counted) and settles once. */
function collector(span: Span, started: number, max: number, settle: Settle): Collector {
  const ctx = trace.setSpan(context.active(), span);
  let parts: string[] = [];
  let kept = 0;
  let total = 0;
  let chunks = 0;
  let first: number | undefined;
  let settled = false;
  let decoder: TextDecoder | undefined;
  // methods, not arrow properties: bundlers that keep names (wrangler) wrap each named arrow
  return {
    pull(step, end) {
      return context.with(ctx, step).then(
        (r) => {
          if (r.done) this.done(end);
          else this.add(r.value);
          return r;
        },
        (error) => {
          this.done(undefined, { error });
          throw error;
        },
      );
    },
    add(chunk) {
      try {
        first ??= Date.now() - started;
        chunks++;
        const room = max - kept;
        let text: string | undefined;
        let bytes: number;
        if (chunk instanceof Uint8Array) {
          bytes = chunk.byteLength;
          // only what fits is decoded (a code point cut at the end waits in the decoder, never emitted)
          if (room > 0) text = (decoder ??= new TextDecoder()).decode(chunk.subarray(0, room), { stream: true });
        } else {
          text = chunkText(chunk);
          if (text === undefined) return;
          bytes = utf8ByteLength(text);
        }
        total += bytes;
        if (room <= 0 || text === undefined) return;
        parts.push(bytes <= room ? text : truncateUtf8(text, room));
        kept += Math.min(bytes, room);
      } catch {
        // a hostile chunk (throwing getter): the stream itself goes on untouched
      }
    },
    done(extra, error) {
      if (settled) return;
      settled = true;
      const a: Attributes = { ...extra, "honeyhive_metrics.chunks": chunks };
      if (first !== undefined) a["honeyhive_metrics.time_to_first_chunk_ms"] = first;
      if (parts.length > 0) {
        let text = parts.join("");
        if (total > max) {
          text = headCut(text, max); // the tracer passes max >= 1024: always with the marker
          a[originalBytesKey(OUTPUT)] = total;
        }
        a[OUTPUT] = text;
      }
      parts = [];
      settle(a, error);
    },
  };
}

const CANCELLED = { "honeyhive_metadata.stream_cancelled": true };

function followReadable(source: ReadableStream, c: Collector): ReadableStream {
  const reader = source.getReader();
  return new ReadableStream(
    {
      pull(controller) {
        return c.pull(() => reader.read()).then(
          (r) => (r.done ? controller.close() : controller.enqueue(r.value)),
          (error) => controller.error(error),
        );
      },
      cancel(reason) {
        c.done(CANCELLED);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 }, // read only when the consumer does: no read-ahead, and its pulls run in the span
  );
}

/** Wraps an async iterator's next/return/throw in place (same object for generators) or in a new one. */
function followIterator(it: AsyncIterator<unknown>, c: Collector, target: object = it): void {
  for (const name of ["next", "return", "throw"] as const) {
    const method = it[name] as ((...args: unknown[]) => Promise<IteratorResult<unknown>>) | undefined;
    if (typeof method !== "function") continue;
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value(...args: unknown[]) {
        return c.pull(() => method.apply(it, args), name === "next" ? undefined : CANCELLED);
      },
    });
  }
}

/**
 * When `value` is a ReadableStream, a Response with a body or an async iterable, returns what trace() should
 * give back instead (a wrapped stream or Response, or the same iterable, followed) and calls `settle` once it is
 * done; otherwise undefined (and settle is never called). Never throws.
 */
export function followStream(value: unknown, span: Span, started: number, max: number, settle: Settle): unknown {
  try {
    if (typeof value !== "object" || value === null) return undefined;
    const v = value as any;
    if (typeof ReadableStream === "function" && typeof v.getReader === "function") {
      return followReadable(v, collector(span, started, max, settle));
    }
    if (typeof Response === "function" && value instanceof Response) {
      if (!value.body || value.bodyUsed) return undefined;
      const body = followReadable(value.body, collector(span, started, max, settle));
      const res = new Response(body, value); // a Response is a valid init: its status, statusText and headers
      // what an init cannot carry (a fetch's final url, redirected, type) stays as the caller got it
      for (const k of ["url", "redirected", "type"] as const) Object.defineProperty(res, k, { value: value[k] });
      return res;
    }
    const iterate = v[Symbol.asyncIterator];
    // a Node stream is often consumed by events (pipe, "data") that we would not see: its span would never end
    if (typeof iterate !== "function" || typeof v.pipe === "function") return undefined;
    const c = collector(span, started, max, settle);
    if (typeof v.next === "function") {
      followIterator(v, c); // an async generator or iterator: its own methods, so direct next() calls count too
    } else {
      // an SDK stream object (OpenAI's Stream, …): same object, each iteration's iterator followed
      Object.defineProperty(v, Symbol.asyncIterator, {
        configurable: true,
        writable: true,
        value(this: unknown, ...args: unknown[]) {
          const it = iterate.apply(this, args) as AsyncIterator<unknown>;
          const wrapped: AsyncIterator<unknown> & AsyncIterable<unknown> = { [Symbol.asyncIterator]: () => wrapped } as never;
          followIterator(it, c, wrapped);
          return wrapped;
        },
      });
    }
    return value;
  } catch {
    return undefined; // frozen or hostile: trace() records it as a plain value
  }
}
