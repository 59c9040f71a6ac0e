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
  readonly stats: ExportStats = { queued: 0, exported: 0, failed: 0, dropped: 0, retries: 0 };

  constructor(
    private readonly exporter: HoneyHiveExporter,
    private readonly settings: BatchSettings,
    private readonly log: Logger,
  ) {}

  add(span: ReadableSpan): void {
    if (this.queue.length >= this.settings.maxQueueSize) {
      this.stats.dropped++;
      if (this.droppedSinceFlush++ === 0) {
        this.log.warn(`export queue full (maxQueueSize ${this.settings.maxQueueSize}); dropping spans until it drains — see tracer.stats()`);
      }
      return;
    }
    this.queue.push(span);
    this.stats.queued = this.queue.length;
    if (this.queue.length >= this.settings.maxExportBatchSize) this.pump();
    else this.schedule();
  }

  /** Sends everything queued, including spans added while flushing, and waits for every request. */
  async flush(options?: SendOptions): Promise<void> {
    this.cancelTimer();
    while (this.queue.length > 0 || this.inFlight.size > 0) {
      this.pump(options, true);
      await Promise.race(this.inFlight);
    }
    if (this.droppedSinceFlush > 0) {
      this.log.debug(`${this.droppedSinceFlush} spans were dropped since the last flush (queue full)`);
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
        if (this.queue.length >= this.settings.maxExportBatchSize) this.pump();
      });
      this.inFlight.add(job);
    }
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
      this.flush().catch(() => {});
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
