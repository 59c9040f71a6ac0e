import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "../log.js";
import { describeError } from "../log.js";
import { encodeTraceRequest } from "./otlp-json.js";
import { RETRYABLE_STATUS, backoffDelay, parseRetryAfter, sleep } from "./retry.js";

export const TRACES_PATH = "/opentelemetry/v1/traces";

export interface ExporterSettings {
  serverUrl: string;
  apiKey?: string;
  source: string;
  timeoutMillis: number;
  deadlineMillis: number;
  maxRequestSize: number;
  compression: "gzip" | "none";
  log: Logger;
}

export interface SendOptions {
  /** browser unload: fetch keepalive, whose bodies must stay under 64 KB in total */
  keepalive?: boolean;
  maxRequestSize?: number;
}

export interface SendResult {
  sent: number;
  failed: number;
  retries: number;
}

const encoder = new TextEncoder();
const EXPORT_RESULT_SUCCESS = 0; // ExportResultCode, inlined to keep @opentelemetry/core out of this file
const EXPORT_RESULT_FAILED = 1;

/**
 * A fetch-based OTLP/HTTP JSON exporter. It checks every status, retries what is worth retrying
 * within one deadline, splits batches that are too large instead of dropping them, and logs every
 * kind of failure once (the counts are in the result, for tracer.stats()).
 */
export class HoneyHiveExporter implements SpanExporter {
  readonly url: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly settings: ExporterSettings) {
    this.url = settings.serverUrl + TRACES_PATH;
    this.headers = { "Content-Type": "application/json", "X-Source": settings.source };
    if (settings.apiKey) this.headers.Authorization = `Bearer ${settings.apiKey}`;
  }

  async send(spans: readonly ReadableSpan[], options: SendOptions = {}): Promise<SendResult> {
    const result: SendResult = { sent: 0, failed: 0, retries: 0 };
    if (spans.length === 0) return result;
    const deadline = Date.now() + this.settings.deadlineMillis;
    const limit = options.maxRequestSize ?? this.settings.maxRequestSize;
    for (const part of this.split(spans, limit)) {
      const ok = await this.post(part.body, part.count, deadline, options, result);
      if (ok) result.sent += part.count;
      else result.failed += part.count;
    }
    return result;
  }

  /** Halves a batch until each request body fits; a single span over the limit still goes alone. */
  private *split(spans: readonly ReadableSpan[], limit: number): Generator<{ body: Uint8Array; count: number }> {
    const body = encoder.encode(JSON.stringify(encodeTraceRequest(spans)));
    if (body.byteLength <= limit || spans.length === 1) {
      yield { body, count: spans.length };
      return;
    }
    const mid = spans.length >> 1;
    yield* this.split(spans.slice(0, mid), limit);
    yield* this.split(spans.slice(mid), limit);
  }

  private async post(
    raw: Uint8Array,
    count: number,
    deadline: number,
    options: SendOptions,
    result: SendResult,
  ): Promise<boolean> {
    const { body, headers } = await this.encodeBody(raw);
    for (let attempt = 0; ; attempt++) {
      let retryAfter: number | undefined;
      let reason: string;
      const remaining = deadline - Date.now();
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), Math.min(this.settings.timeoutMillis, Math.max(1, remaining)));
      try {
        const response = await fetch(this.url, {
          method: "POST",
          headers,
          body,
          signal: controller.signal,
          keepalive: options.keepalive,
        });
        if (response.ok) {
          await response.body?.cancel().catch(() => {});
          return true;
        }
        reason = `HTTP ${response.status}${await responseReason(response)}`;
        if (!RETRYABLE_STATUS.has(response.status)) {
          this.settings.log.once(`status:${response.status}`, "error", `export of ${count} spans to ${this.url} failed: ${reason} (not retried)`);
          return false;
        }
        retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      } catch (err) {
        reason = controller.signal.aborted ? `timed out after ${this.settings.timeoutMillis} ms` : describeError(err);
      } finally {
        clearTimeout(timer);
      }
      const wait = retryAfter ?? backoffDelay(attempt);
      if (Date.now() + wait >= deadline) {
        this.settings.log.once(`giveup:${reason.slice(0, 40)}`, "error",
          `export of ${count} spans to ${this.url} failed after ${attempt + 1} attempts: ${reason}; giving up (export deadline ${this.settings.deadlineMillis} ms)`);
        return false;
      }
      this.settings.log.debug(`export attempt ${attempt + 1} failed (${reason}); retrying in ${wait} ms`);
      result.retries++;
      await sleep(wait);
    }
  }

  private async encodeBody(raw: Uint8Array): Promise<{ body: BodyInit; headers: Record<string, string> }> {
    if (this.settings.compression === "gzip" && typeof CompressionStream === "function") {
      try {
        const stream = new Blob([raw as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
        const gz = new Uint8Array(await new Response(stream).arrayBuffer());
        return { body: gz, headers: { ...this.headers, "Content-Encoding": "gzip" } };
      } catch (err) {
        this.settings.log.once("gzip", "warn", `gzip failed (${describeError(err)}); sending uncompressed`);
      }
    }
    return { body: raw as BodyInit, headers: this.headers };
  }

  // SpanExporter, so the exporter also drops into a user's own BatchSpanProcessor
  export(spans: ReadableSpan[], done: (result: { code: number; error?: Error }) => void): void {
    this.send(spans).then(
      (r) => done({ code: r.failed === 0 ? EXPORT_RESULT_SUCCESS : EXPORT_RESULT_FAILED }),
      (err) => done({ code: EXPORT_RESULT_FAILED, error: err instanceof Error ? err : new Error(String(err)) }),
    );
  }
  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

async function responseReason(response: Response): Promise<string> {
  try {
    const text = (await response.text()).trim();
    return text ? `: ${text.slice(0, 300)}` : "";
  } catch {
    return "";
  }
}
