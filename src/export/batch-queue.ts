import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "../log.js";
import { describeError } from "../log.js";
import type { HoneyHiveExporter, SendOptions } from "./exporter.js";

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

export interface BatchSettings {
  maxQueueSize: number;
  maxExportBatchSize: number;
  /** background export delay; an optimisation only: flush() never depends on a timer firing */
  scheduledDelayMillis: number;
  /** concurrent requests while draining */
  maxConcurrentExports: number;
  /** one flush() (all its requests and retries) ends within this; what is still queued then fails, counted */
  deadlineMillis: number;
}

/**
 * A bounded queue in front of the exporter. Edge runtimes freeze or kill timers between requests,
 * so a timer here only speeds things up; `flush()` sends everything itself and resolves when done.
 */
export class BatchQueue {
  private queue: ReadableSpan[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private droppedSinceFlush = 0;
  /** running flush() calls: while one drains, finished jobs leave the refilling to it */
  private flushing = 0;
  readonly stats: ExportStats = { queued: 0, exported: 0, failed: 0, dropped: 0, retries: 0 };

  constructor(
    private readonly exporter: HoneyHiveExporter,
    private readonly settings: BatchSettings,
    private readonly log: Logger,
  ) {}

  add(span: ReadableSpan): void {
    if (this.queue.length >= this.settings.maxQueueSize) {
      this.stats.dropped++;
      this.droppedSinceFlush++;
      // once per tracer: during an outage a warning per flush would flood the console; the count is in stats()
      this.log.once("queue-full", "warn", `export queue full (maxQueueSize ${this.settings.maxQueueSize}); dropping spans until it drains — see tracer.stats().dropped`);
      return;
    }
    this.queue.push(span);
    this.stats.queued = this.queue.length;
    if (this.queue.length >= this.settings.maxExportBatchSize) this.pump();
    else this.schedule();
  }

  /**
   * Sends everything queued, including spans added while flushing, and resolves when every request has
   * finished. An explicit flush (user, waitUntil, beforeExit, shutdown) ends within deadlineMillis, so it
   * fits a Workers waitUntil and lets a process exit during an outage: spans still queued when the deadline
   * passes are counted as failed. The background (timer) flush has no such deadline: in a long-lived
   * process the bounded queue waits out an outage and is delivered after it.
   */
  async flush(options?: SendOptions, background = false): Promise<void> {
    this.cancelTimer();
    const deadline = background ? Infinity : Date.now() + this.settings.deadlineMillis;
    const sendOptions: SendOptions = background ? { ...options } : { ...options, deadline };
    this.flushing++;
    try {
      for (;;) {
        if (this.queue.length > 0 && Date.now() >= deadline) this.failQueued();
        this.pump(sendOptions, true);
        // with a free slot, pump starts a job whenever anything is queued: nothing in flight means done
        if (this.inFlight.size === 0) break;
        await Promise.race(this.inFlight);
      }
    } finally {
      this.flushing--;
    }
    if (this.droppedSinceFlush > 0) {
      this.log.debug(`${this.droppedSinceFlush} spans were dropped since the last flush (queue full; ${this.stats.dropped} in total)`);
      this.droppedSinceFlush = 0;
    }
  }

  /** Starts exports while there is a full batch (or anything, when flushing) and a free slot. */
  private pump(options?: SendOptions, drain = false): void {
    while (
      this.inFlight.size < this.settings.maxConcurrentExports &&
      (this.queue.length >= this.settings.maxExportBatchSize || (drain && this.queue.length > 0))
    ) {
      const batch = this.queue.splice(0, this.settings.maxExportBatchSize);
      this.stats.queued = this.queue.length;
      const job = this.exportBatch(batch, options).finally(() => {
        this.inFlight.delete(job);
        if (this.flushing === 0 && this.queue.length >= this.settings.maxExportBatchSize) this.pump();
      });
      this.inFlight.add(job);
    }
  }

  private failQueued(): void {
    const n = this.queue.length;
    this.queue = [];
    this.stats.queued = 0;
    this.stats.failed += n;
    this.log.once("flush-deadline", "error", `flush did not finish within the export deadline (${this.settings.deadlineMillis} ms); ${n} queued spans were not sent (counted in tracer.stats().failed)`);
  }

  private async exportBatch(batch: ReadableSpan[], options?: SendOptions): Promise<void> {
    try {
      const r = await this.exporter.send(batch, options);
      this.stats.exported += r.sent;
      this.stats.failed += r.failed;
      this.stats.retries += r.retries;
    } catch (err) {
      this.stats.failed += batch.length;
      this.log.once("export-crash", "error", `export failed unexpectedly: ${describeError(err)}`);
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // a running flush already takes every span queued meanwhile
      if (this.flushing === 0) this.flush(undefined, true).catch(() => {});
    }, this.settings.scheduledDelayMillis);
    // in Node a pending export timer must not keep the process alive; beforeExit flushes instead
    (this.timer as { unref?: () => void }).unref?.();
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  shutdown(): Promise<void> {
    return this.flush();
  }
}
