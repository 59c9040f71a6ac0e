import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "../log.js";
import { describeError } from "../log.js";
import { attemptPost, type Outcome } from "./attempt.js";
import { gzip } from "./compress.js";
import { jsonEncoding, type Body, type TraceEncoding } from "./encoding.js";
import { isLoopbackUrl } from "../tracer/loopback.js";
import { loadProtobufEncoding } from "./protobuf.js";
import { backoffDelay, sleep, type Cut } from "./retry.js";
import { splitBatch, type Part, type SpanFit } from "./split.js";

export const TRACES_PATH = "/opentelemetry/v1/traces";

export interface ExporterSettings {
  serverUrl: string;
  apiKey?: string;
  source: string;
  /** per request, including reading the answer */
  timeoutMillis: number;
  /** all attempts of one send(): fits a Workers waitUntil */
  deadlineMillis: number;
  /** uncompressed request body bytes; larger batches are split */
  maxRequestSize: number;
  compression: "gzip" | "none";
  /** the runtime's gzip (CompressionStream unless it has a cheaper one) */
  gzip?: (data: Uint8Array) => Promise<Uint8Array>;
  /** default "http/json" */
  protocol?: "http/json" | "http/protobuf";
  log: Logger;
}

export interface SendOptions {
  /** browser unload: fetch keepalive, whose bodies must stay under 64 KB in total */
  keepalive?: boolean;
  maxRequestSize?: number;
  /** absolute time (ms since epoch) by which every attempt must be over; the earlier of this and deadlineMillis wins */
  deadline?: number;
  /** called when a flush needs this send over by `cut.until` */
  cut?: Cut;
  /** a span too large for maxRequestSize alone is made to fit by this instead of sent whole (browser unload) */
  fit?: SpanFit;
}

export interface SendResult {
  sent: number;
  failed: number;
  retries: number;
}

/**
 * A fetch-based OTLP/HTTP exporter. It checks every status, retries 429/502/503/504, timeouts and
 * network errors with backoff (honouring Retry-After) within one deadline, splits batches that are too
 * large instead of dropping them, and logs each kind of failure once; counts go to tracer.stats().
 * It never throws: every span handed to send() comes back counted as sent or failed.
 */
export class HoneyHiveExporter implements SpanExporter {
  declare readonly url: string; // set in the constructor: no field initializer to emit
  // #private: util.inspect / console.log(tracer) never show them, so the key can't leak through a dump
  readonly #headers: Record<string, string>;
  readonly #settings: ExporterSettings;
  #encoding: Promise<TraceEncoding> | undefined; // protobuf, once loaded (or JSON instead)
  #notBefore = 0; // the server's Retry-After, as a time: no request to it before then

  constructor(settings: ExporterSettings) {
    this.#settings = settings;
    this.url = settings.serverUrl + TRACES_PATH;
    this.#headers = { "X-Source": settings.source };
    if (settings.apiKey) {
      this.#headers.Authorization = `Bearer ${settings.apiKey}`;
      if (/^http:/i.test(this.url) && !isLoopbackUrl(this.url)) {
        settings.log.warn(`the API key goes unencrypted over http:// to ${new URL(this.url).host}: use https://`);
      }
    }
  }

  send(spans: readonly ReadableSpan[], options: SendOptions = {}): Promise<SendResult> {
    // through a holder that #send empties: a suspended async function would keep its `spans` parameter
    // alive until the last request is answered, while the parts generator lets them go once encoded
    return this.#send({ spans }, options);
  }

  async #send(batch: { spans?: readonly ReadableSpan[] }, options: SendOptions): Promise<SendResult> {
    const result: SendResult = { sent: 0, failed: 0, retries: 0 };
    if (!batch.spans?.length) return result;
    const { log, deadlineMillis, timeoutMillis, protocol, compression } = this.#settings;
    const { keepalive } = options;
    const url = this.url;
    const started = Date.now();
    let deadline = Math.min(started + deadlineMillis, options.deadline ?? Infinity);
    // a send cut shorter (an ending program, a flush's deadline) says so, not the export deadline it did not reach
    const limit = () => (deadline - started < deadlineMillis ? `its deadline ${deadline - started} ms` : `export deadline ${deadlineMillis} ms`);
    let cut = options.cut;
    // a send without a deadline of its own (the queue's background work) may wait out a rate limit
    let hold = !(Number(options.deadline) < Infinity);
    // JSON at once; protobuf's serializer is imported on first use, and JSON stands in if that fails
    const encoding = await (protocol === "http/protobuf"
      ? (this.#encoding ??= loadProtobufEncoding().catch((err: unknown) => {
          log.once("protobuf", "warn", `OTLP protobuf is unavailable (${describeError(err)}); sending OTLP/JSON instead`);
          return jsonEncoding;
        }))
      : jsonEncoding);

    /** One request body through every attempt it gets: how many of its spans failed, or -1 to split it (413). */
    const post = async (raw: Body, count: number): Promise<number> => {
      let body = raw;
      const headers: Record<string, string> = { ...this.#headers, "Content-Type": encoding.contentType };
      // an unloading page never finishes an async CompressionStream: keepalive bodies go out uncompressed
      if (compression === "gzip" && !keepalive) {
        try {
          body = await (this.#settings.gzip ?? gzip)(raw);
          headers["Content-Encoding"] = "gzip";
        } catch (err) {
          log.once("gzip", "warn", `gzip failed (${describeError(err)}); sending uncompressed`);
        }
      }
      const failed = `export of ${count} spans to ${url} failed`;
      for (let attempt = 0; ; attempt++) {
        // the server's rate limit holds every request to it, not only the one it answered
        let wait = this.#notBefore - Date.now();
        let reason = `rate limited by the server for ${wait} ms more`;
        let status: Outcome["status"] = 429;
        const asked = wait <= 0;
        if (asked) {
          const remaining = deadline - Date.now();
          if (remaining <= 0) {
            log.once("giveup:deadline", "error", `${failed}: ${limit()} passed before sending`);
            return count;
          }
          const outcome = await attemptPost(url, { headers, body: body as BodyInit, keepalive }, Math.min(timeoutMillis, remaining), cut, encoding.answer);
          ({ status, reason } = outcome);
          const { rejected, retryAfterMs } = outcome;
          if (rejected !== undefined) {
            const n = Math.min(count, rejected);
            if (n > 0) log.once("partial", "error", `the server rejected ${n} of ${count} spans${reason ? `: ${reason}` : ""}`);
            return n;
          }
          if (status === 413 && count > 1) return -1;
          // retried: network errors, timeouts, 429, 502, 503, 504
          if (!/^(429|50[2-4]|network|timeout)$/.test(`${status}`)) {
            const hint =
              status === 401 || status === 403
                ? "; check HH_API_KEY (apiKey)"
                : status === 413
                  ? "; a single span is larger than the server accepts (lower maxSpanSize / maxAttributeLength)"
                  : "";
            log.once(`status:${status}`, "error", `${failed}: ${reason} (not retried)${hint}`);
            return count;
          }
          if (retryAfterMs) this.#notBefore = Math.max(this.#notBefore, Date.now() + retryAfterMs);
          // Retry-After is a minimum; the jittered backoff keeps a "Retry-After: 0" from becoming a hot loop
          wait = Math.max(retryAfterMs ?? 0, backoffDelay(attempt));
        }
        // in the background a rate limit is waited out, however long (the queue holds new spans meanwhile);
        // the deadline then counts from the server's time
        if (hold && this.#notBefore > Date.now()) deadline = Math.max(deadline, this.#notBefore + deadlineMillis);
        if (Date.now() + wait >= deadline) {
          log.once(`giveup:${status}`, "error", `${failed} after ${attempt + 1} attempts: ${reason}; giving up (${limit()})`);
          return count;
        }
        log.debug(`export attempt ${attempt + 1} failed (${reason}); retrying in ${wait} ms`);
        if (asked) result.retries++;
        // a background wait lets a Node process end: its exit flush then cuts this send to that flush's deadline
        if (!(await sleep(wait, cut, hold))) {
          // a flush needs this send over by cut.until: that is its deadline from now on
          deadline = Math.min(deadline, cut!.until);
          hold = false;
          cut = undefined;
        }
      }
    };

    const sendParts = async (parts: Iterable<Part>): Promise<void> => {
      for (const part of parts) {
        let n = part.count;
        if (part.error !== undefined) log.once("encode", "error", `a span could not be encoded and was not sent: ${part.error}`);
        // the server's limit is below ours: halve this part and try again, never drop it whole
        else if ((n = await post(part.body, n)) < 0) {
          await sendParts(encoding.halve(part.body));
          continue;
        }
        result.failed += n;
        result.sent += part.count - n;
      }
    };
    const parts = splitBatch(batch.spans, options.maxRequestSize ?? this.#settings.maxRequestSize, encoding, options.fit);
    batch.spans = undefined;
    await sendParts(parts);
    return result;
  }

  // SpanExporter, so the exporter also drops into a user's own BatchSpanProcessor (result codes: 0 success, 1 failed)
  export(spans: ReadableSpan[], done: (result: { code: number; error?: Error }) => void): void {
    this.send(spans, { deadline: Date.now() + this.#settings.deadlineMillis }).then(
      (r) => done({ code: r.failed === 0 ? 0 : 1 }),
      // an error handed to someone else's code carries no secret either
      (err: unknown) => done({ code: 1, error: new Error(this.#settings.log.redact(describeError(err))) }),
    );
  }
  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}
