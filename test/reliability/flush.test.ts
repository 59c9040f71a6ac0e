// flush(): everything queued (also spans added meanwhile) is sent, and it resolves only when every request
// has finished, within the export deadline; the queue is bounded and its drops are counted exactly.
import { describe, expect, it } from "vitest";
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
    produce(tracer, 50); // 5 batches, 2 in flight at a time
    const started = Date.now();
    await tracer.flush();
    expect(Date.now() - started).toBeLessThan(900 + 1000);
    expect(tracer.stats()).toMatchObject({ queued: 0, exported: 0, failed: 50, dropped: 0 });
    expect(lines).toContainEqual(expect.stringMatching(/flush did not finish within the export deadline \(900 ms\); \d+ queued spans were not sent/));
    await tracer.shutdown();
  });

  it("bounds the queue: drops beyond maxQueueSize are counted exactly, warned once, and reported per flush", async () => {
    const lines = captureConsole();
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxQueueSize: 50, maxExportBatchSize: 50, verbose: true }));
    // synchronously: two batches leave for the 2 export slots, 50 more fill the queue, the last 100 are dropped
    produce(tracer, 250);
    expect(tracer.stats()).toMatchObject({ queued: 50, dropped: 100 });
    await tracer.flush();
    produce(tracer, 250, 250);
    await tracer.flush();
    expect(tracer.stats()).toEqual({ queued: 0, exported: 300, failed: 0, dropped: 200, retries: 0 });
    expect(ctx.receiver.accepted).toHaveLength(300);
    expect(lines.filter((l) => l.includes("export queue full"))).toHaveLength(1);
    expect(lines.filter((l) => /100 spans were dropped since the last flush/.test(l))).toHaveLength(2);
    await tracer.shutdown();
  });
});
