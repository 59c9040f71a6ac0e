// flush(): everything queued (also spans added meanwhile) is sent, and it resolves only when every request
// has finished, within the export deadline; the queue is bounded and its drops are counted exactly.
import { describe, expect, it } from "vitest";
import { MAX_CONCURRENT_EXPORTS } from "../../src/export/batch-queue.js";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { captureConsole, options, produce, sleep, useTestReceiver } from "./helpers.js";
import { spanCount, startScripted } from "./scripted-server.js";

const ctx = useTestReceiver();

describe("flush", () => {
  it("sends spans added while it runs and resolves only after every request was answered", async () => {
    const server = await startScripted(() => ({ status: 200, delayMs: 150 }));
    const tracer = HoneyHiveTracer.init({ ...options(ctx.receiver), serverUrl: server.url, maxExportBatchSize: 10 });
    try {
      produce(tracer, 25);
      const flushing = tracer.flush();
      await sleep(50); // first requests are in flight now
      produce(tracer, 15, 25);
      const second = tracer.flush(); // a concurrent flush waits for the same work
      await flushing;
      expect(server.answered).toBe(server.seen.length);
      expect(server.seen.reduce((n, s) => n + spanCount(s.body), 0)).toBe(40);
      await second;
      expect(tracer.stats()).toEqual({ queued: 0, exported: 40, failed: 0, dropped: 0, retries: 0 });
    } finally {
      await tracer.shutdown();
      await server.close();
    }
  });

  it("ends within the export deadline when the server hangs: what is left counts as failed", async () => {
    const lines = captureConsole();
    ctx.receiver.setFaults({ rate: 1, kinds: ["hang"], hangMs: 30_000 });
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxExportBatchSize: 10, exportTimeoutMillis: 300, exportDeadlineMillis: 900 }));
    // more batches than two rounds of export slots: some are still queued when the deadline passes
    const spans = 10 * (2 * MAX_CONCURRENT_EXPORTS + 2);
    produce(tracer, spans);
    const started = Date.now();
    await tracer.flush();
    expect(Date.now() - started).toBeLessThan(900 + 1000);
    expect(tracer.stats()).toMatchObject({ queued: 0, exported: 0, failed: spans, dropped: 0 });
    expect(lines).toContainEqual(expect.stringMatching(/flush did not finish within the export deadline \(900 ms\); \d+ queued spans were not sent/));
    await tracer.shutdown();
  });

  it("bounds the queue: drops beyond maxQueueSize are counted exactly, warned once, and reported per flush", async () => {
    const lines = captureConsole();
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxQueueSize: 50, maxExportBatchSize: 50, verbose: true }));
    // synchronously: a batch leaves for each export slot, 50 more fill the queue, the last 100 are dropped
    const sent = 50 * MAX_CONCURRENT_EXPORTS + 50;
    produce(tracer, sent + 100);
    expect(tracer.stats()).toMatchObject({ queued: 50, dropped: 100 });
    await tracer.flush();
    produce(tracer, sent + 100, sent + 100);
    await tracer.flush();
    expect(tracer.stats()).toEqual({ queued: 0, exported: 2 * sent, failed: 0, dropped: 200, retries: 0 });
    expect(ctx.receiver.accepted).toHaveLength(2 * sent);
    expect(lines.filter((l) => l.includes("export queue full"))).toHaveLength(1);
    expect(lines.filter((l) => /100 spans were dropped since the last flush/.test(l))).toHaveLength(2);
    await tracer.shutdown();
  });
});
