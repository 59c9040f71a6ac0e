import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "../log.js";
import { describeError } from "../log.js";
import { attemptPost, type Outcome } from "./attempt.js";
import { canGzip, gzip } from "./compress.js";
import { bodyBytes, jsonEncoding, type Body, type TraceEncoding } from "./encoding.js";
import { loadProtobufEncoding } from "./protobuf.js";
import { RETRYABLE_STATUS, backoffDelay, sleep } from "./retry.js";
import { splitBatch } from "./split.js";

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
}

export interface SendResult {
  sent: number;
  failed: number;
  retries: number;
}

const EXPORT_RESULT_SUCCESS = 0; // ExportResultCode, inlined to keep @opentelemetry/core out of this file
const EXPORT_RESULT_FAILED = 1;

/**
 * A fetch-based OTLP/HTTP exporter. It checks every status, retries 429/502/503/504, timeouts and
 * network errors with backoff (honouring Retry-After) within one deadline, splits batches that are too
 * large instead of dropping them, and logs each kind of failure once; counts go to tracer.stats().
 * It never throws: every span handed to send() comes back counted as sent or failed.
 */
export class HoneyHiveExporter implements SpanExporter {
  readonly url: string;
  // #private: util.inspect / console.log(tracer) never show it, so the key can't leak through a dump
  readonly #headers: Record<string, string>;
  private readonly settings: Omit<ExporterSettings, "apiKey">;
  private encoding: Promise<TraceEncoding> | undefined;

  constructor(settings: ExporterSettings) {
    const { apiKey, ...rest } = settings;
    this.settings = rest;
    this.url = settings.serverUrl + TRACES_PATH;
    this.#headers = { "X-Source": settings.source };
    if (apiKey) this.#headers.Authorization = `Bearer ${apiKey}`;
  }

  async send(spans: readonly ReadableSpan[], options: SendOptions = {}): Promise<SendResult> {
    const result: SendResult = { sent: 0, failed: 0, retries: 0 };
    if (spans.length === 0) return result;
    const deadline = Math.min(Date.now() + this.settings.deadlineMillis, options.deadline ?? Infinity);
    const encoding = await this.loadEncoding();
    await this.sendSplit(spans, options.maxRequestSize ?? this.settings.maxRequestSize, encoding, deadline, options, result);
    return result;
  }

  private async sendSplit(
    spans: readonly ReadableSpan[],
    limit: number,
    encoding: TraceEncoding,
    deadline: number,
    options: SendOptions,
    result: SendResult,
  ): Promise<void> {
    for (const part of splitBatch(spans, limit, encoding.encode)) {
      const n = part.spans.length;
      if (part.error !== undefined) {
        result.failed += n;
        this.settings.log.once("encode", "error", `a span could not be encoded and was not sent: ${part.error}`);
        continue;
      }
      const outcome = await this.post(part.body, n, encoding, deadline, options, result);
      if (outcome.kind === "ok") {
        const rejected = Math.min(n, outcome.rejected);
        result.sent += n - rejected;
        result.failed += rejected;
        if (rejected > 0) {
          this.settings.log.once("partial", "error", `the server rejected ${rejected} of ${n} spans${outcome.reason ? `: ${outcome.reason}` : ""}`);
        }
      } else if (outcome.kind === "status" && outcome.status === 413 && n > 1) {
        // the server's limit is below ours: halve this part and try again, never drop it whole
        await this.sendSplit(part.spans, Math.max(1, bodyBytes(part.body) >> 1), encoding, deadline, options, result);
      } else {
        result.failed += n;
      }
    }
  }

  /** One request body through every attempt it gets; returns the last outcome. */
  private async post(
    raw: Body,
    count: number,
    encoding: TraceEncoding,
    deadline: number,
    options: SendOptions,
    result: SendResult,
  ): Promise<Outcome> {
    const { body, headers } = await this.compress(raw, encoding.contentType, options.keepalive);
    const log = this.settings.log;
    for (let attempt = 0; ; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const outcome: Outcome = { kind: "timeout", reason: `export deadline of ${this.settings.deadlineMillis} ms passed before sending` };
        log.once("giveup:deadline", "error", `export of ${count} spans to ${this.url} failed: ${outcome.reason}`);
        return outcome;
      }
      const timeout = Math.min(this.settings.timeoutMillis, remaining);
      const outcome = await attemptPost(this.url, { headers, body: body as BodyInit, keepalive: options.keepalive }, timeout);
      if (outcome.kind === "ok") return outcome;
      if (outcome.kind === "status" && outcome.status === 413 && count > 1) return outcome; // the caller splits
      if (!retryable(outcome)) {
        const key = outcome.kind === "status" ? `status:${outcome.status}` : outcome.kind;
        log.once(key, "error", `export of ${count} spans to ${this.url} failed: ${outcome.reason} (not retried)${hint(outcome)}`);
        return outcome;
      }
      // Retry-After is a minimum; the jittered backoff keeps a "Retry-After: 0" from becoming a hot loop
      const wait = Math.max(outcome.kind === "status" ? (outcome.retryAfterMs ?? 0) : 0, backoffDelay(attempt));
      if (Date.now() + wait >= deadline) {
        log.once(`giveup:${outcome.kind === "status" ? outcome.status : outcome.kind}`, "error",
          `export of ${count} spans to ${this.url} failed after ${attempt + 1} attempts: ${outcome.reason}; ` +
            `giving up (export deadline ${this.settings.deadlineMillis} ms)`);
        return outcome;
      }
      log.debug(`export attempt ${attempt + 1} failed (${outcome.reason}); retrying in ${wait} ms`);
      result.retries++;
      await sleep(wait);
    }
  }

  private async compress(raw: Body, contentType: string, keepalive = false): Promise<{ body: Body; headers: Record<string, string> }> {
    const headers = { ...this.#headers, "Content-Type": contentType };
    // an unloading page never finishes an async CompressionStream: keepalive bodies go out uncompressed
    if (this.settings.compression === "gzip" && canGzip() && !keepalive) {
      try {
        return { body: await gzip(raw), headers: { ...headers, "Content-Encoding": "gzip" } };
      } catch (err) {
        this.settings.log.once("gzip", "warn", `gzip failed (${describeError(err)}); sending uncompressed`);
      }
    }
    return { body: raw, headers };
  }

  /** JSON at once; protobuf's serializer is imported on first use, and JSON stands in if that fails. */
  private loadEncoding(): Promise<TraceEncoding> {
    this.encoding ??=
      this.settings.protocol === "http/protobuf"
        ? loadProtobufEncoding().catch((err: unknown) => {
            this.settings.log.once("protobuf", "warn", `OTLP protobuf is unavailable (${describeError(err)}); sending OTLP/JSON instead`);
            return jsonEncoding;
          })
        : Promise.resolve(jsonEncoding);
    return this.encoding;
  }

  // SpanExporter, so the exporter also drops into a user's own BatchSpanProcessor
  export(spans: ReadableSpan[], done: (result: { code: number; error?: Error }) => void): void {
    this.send(spans).then(
      (r) => done({ code: r.failed === 0 ? EXPORT_RESULT_SUCCESS : EXPORT_RESULT_FAILED }),
      // an error handed to someone else's code carries no secret either
      (err: unknown) => done({ code: EXPORT_RESULT_FAILED, error: new Error(this.settings.log.redact(describeError(err))) }),
    );
  }
  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

function retryable(o: Outcome): boolean {
  if (o.kind === "network" || o.kind === "timeout") return true;
  return o.kind === "status" && RETRYABLE_STATUS.has(o.status);
}

function hint(o: Outcome): string {
  if (o.kind !== "status") return "";
  if (o.status === 401 || o.status === 403) return "; check HH_API_KEY (apiKey)";
  if (o.status === 413) return "; a single span is larger than the server accepts (lower maxSpanSize / maxAttributeLength)";
  return "";
}
