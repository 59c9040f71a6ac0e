import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { ResolvedConfig } from "../config/types.js";
import type { Logger } from "../log.js";
import { describeError } from "../log.js";
import type { HoneyHiveExporter, SendOptions } from "./exporter.js";
import { cutAt, newCut } from "./retry.js";

export interface ExportStats {
  /** spans waiting in the queue now */
  queued: number;
  /** spans the server accepted */
  exported: number;
  /** spans whose export failed for good (non-retryable status, or retries ran out) */
  failed: number;
  /** spans dropped because the queue was full (maxQueueSize) */
  dropped: number;
  /** retried requests */
  retries: number;
}

/** What the queue reads from the config: `exportDeadlineMillis` bounds one flush() (all its requests and
 * retries); what is still queued then fails, counted. */
export type BatchSettings = Pick<ResolvedConfig, "maxQueueSize" | "maxExportBatchSize" | "exportDeadlineMillis">;

/** Background export delay; an optimisation only: flush() never depends on a timer firing. */
const SCHEDULED_DELAY_MILLIS = 1000;
/**
 * Requests in flight at once, so encoding, compression, the network and the server overlap: with 2,
 * P7 with gzip left the app idle 18 % of the time and the receiver 33 % (2 cores). 4 stays within
 * Workers' 6 simultaneous connections and a browser's 6 per origin.
 */
export const MAX_CONCURRENT_EXPORTS = 4;

/**
 * A bounded queue in front of the exporter. Edge runtimes freeze or kill timers between requests,
 * so a timer here only speeds things up; `flush()` sends everything itself and resolves when done.
 */
export class BatchQueue {
  #queue: ReadableSpan[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #droppedSinceFlush = 0;
  /** running flush() calls: while one drains, finished jobs leave the refilling to it */
  #flushing = 0;
  /** every send's `cut`: called (with the deadline) when a flush must end by then */
  #cut = newCut();
  /** the deadlines of the explicit flushes running now */
  readonly #deadlines: number[] = [];
  readonly #exporter: HoneyHiveExporter;
  readonly #settings: BatchSettings;
  readonly #log: Logger;
  readonly stats: ExportStats = { queued: 0, exported: 0, failed: 0, dropped: 0, retries: 0 };

  constructor(exporter: HoneyHiveExporter, settings: BatchSettings, log: Logger) {
    this.#exporter = exporter;
    this.#settings = settings;
    this.#log = log;
  }

  add(span: ReadableSpan): void {
    const { stats } = this;
    const max = this.#settings.maxQueueSize;
    if (this.#queue.length >= max) {
      stats.dropped++;
      this.#droppedSinceFlush++;
      // once per tracer: during an outage a warning per flush would flood the console; the count is in stats()
      this.#log.once("queue-full", "warn", `export queue full (maxQueueSize ${max}); dropping spans until it drains (tracer.stats().dropped)`);
      return;
    }
    if ((stats.queued = this.#queue.push(span)) >= this.#settings.maxExportBatchSize) return this.#pump();
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // a running flush already takes every span queued meanwhile
      if (this.#flushing === 0) this.flush(undefined, true).catch(() => {});
    }, SCHEDULED_DELAY_MILLIS);
    // in Node a pending export timer must not keep the process alive; beforeExit flushes instead
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /**
   * Sends everything queued, including spans added while flushing, and resolves when every request has
   * finished. An explicit flush (user, waitUntil, beforeExit, shutdown) ends within deadlineMillis, so it
   * fits a Workers waitUntil and lets a process exit during an outage: spans still queued when the deadline
   * passes are counted as failed. The background (timer) flush has no such deadline: in a long-lived
   * process the bounded queue waits out an outage and is delivered after it.
   */
  async flush(options?: SendOptions, background = false): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const { stats } = this;
    const deadlineMillis = this.#settings.exportDeadlineMillis;
    const started = Date.now();
    const deadline = background ? Infinity : Math.min(started + deadlineMillis, options?.deadline ?? Infinity);
    if (!background) {
      // sends already waiting (a rate limit, a backoff) must be over by this flush's deadline too
      const cut = this.#cut;
      this.#cut = newCut();
      cutAt(cut, deadline);
      this.#deadlines.push(deadline);
    }
    // (a background flush's Infinity is the exporter's "no deadline": it may wait out a rate limit)
    const sendOptions: SendOptions = { ...options, deadline };
    // an export the background started runs to a later deadline of its own: this flush waits for it only
    // until its own (plus a moment for its own requests, which end at the deadline, to be counted). Made only
    // when needed: a timer past the deadline would hand Node's beforeExit new work, again and again
    const waitUntil = deadline + 500;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let expired: Promise<void> | undefined;
    this.#flushing++;
    try {
      for (;;) {
        const n = this.#queue.length;
        if (n > 0 && Date.now() >= deadline) {
          this.#queue = [];
          stats.queued = 0;
          stats.failed += n;
          this.#log.once("flush-deadline", "error", `flush did not finish within ${deadline - started < deadlineMillis ? "its" : "the export"} deadline (${deadline - started} ms); ${n} queued spans were not sent (tracer.stats().failed)`);
        }
        this.#pump(sendOptions, true);
        // with a free slot, pump starts a job whenever anything is queued: nothing in flight means done
        if (this.#inFlight.size === 0 || Date.now() >= waitUntil) break;
        if (waitUntil < Infinity) expired ??= new Promise<void>((r) => (timer = setTimeout(r, waitUntil - Date.now())));
        await Promise.race(expired ? [...this.#inFlight, expired] : this.#inFlight);
      }
    } finally {
      clearTimeout(timer);
      this.#flushing--;
      if (!background) this.#deadlines.splice(this.#deadlines.indexOf(deadline), 1);
    }
    if (this.#droppedSinceFlush > 0) {
      this.#log.debug(`${this.#droppedSinceFlush} spans were dropped since the last flush (queue full; ${stats.dropped} in total)`);
      this.#droppedSinceFlush = 0;
    }
  }

  /** Starts exports while there is a full batch (or anything, when flushing) and a free slot. */
  #pump(options?: SendOptions, drain = false): void {
    const { stats } = this;
    const { maxExportBatchSize } = this.#settings;
    while (this.#inFlight.size < MAX_CONCURRENT_EXPORTS && (this.#queue.length >= maxExportBatchSize || (drain && this.#queue.length > 0))) {
      const batch = this.#queue.splice(0, maxExportBatchSize);
      const count = batch.length; // the exporter lets the spans go once encoded; nothing here keeps them
      stats.queued = this.#queue.length;
      // a flush's own sends keep its deadline; one the background starts meanwhile ends when the last waiting
      // flush gives up (the earliest would cut a later flush's sends short)
      const deadline = options?.deadline ?? (this.#deadlines.length ? Math.max(...this.#deadlines) : Infinity);
      const job = this.#exporter.send(batch, { ...options, deadline, cut: this.#cut }).then(
        (r) => {
          stats.exported += r.sent;
          stats.failed += r.failed;
          stats.retries += r.retries;
        },
        (err: unknown) => {
          stats.failed += count;
          this.#log.once("export-crash", "error", `export failed unexpectedly: ${describeError(err)}`);
        },
      ).finally(() => {
        this.#inFlight.delete(job);
        if (this.#flushing === 0) this.#pump();
      });
      this.#inFlight.add(job);
    }
  }
}
