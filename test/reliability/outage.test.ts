// A backend outage while the app keeps producing spans: the heap stays bounded, every drop is counted,
// and what the bounded queue held is delivered after recovery.
//
// The 60 s outage, with the default 30 s export deadline and a 7.5 s request timeout.
// HH_TEST_OUTAGE_MS=4000 runs it scaled down (timeout and deadline scale with it) for quick local runs.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { captureConsole, options, produce, sleep, useTestReceiver, watchUnhandledRejections } from "./helpers.js";

const ctx = useTestReceiver();
const OUTAGE_MS = Number(process.env.HH_TEST_OUTAGE_MS ?? 60_000);
const TIMEOUT_MS = Math.min(10_000, OUTAGE_MS / 8);
const DEADLINE_MS = Math.min(30_000, OUTAGE_MS * 0.75);
const RATE_PER_TICK = 25; // every 10 ms: ~2,500 spans/s
const PAYLOAD = "p".repeat(4096); // 4 KB per span: an unbounded queue would grow ~10 MB/s

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe("a backend outage", () => {
  it(`(${OUTAGE_MS} ms, maxQueueSize 2,048): bounded heap, exact drop count, the rest delivered after recovery`, async () => {
    captureConsole();
    const unhandled = watchUnhandledRejections();
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxQueueSize: 2048, exportTimeoutMillis: TIMEOUT_MS, exportDeadlineMillis: DEADLINE_MS }));
    let produced = 0;
    let maxQueued = 0;
    const run = async (ms: number) => {
      for (const end = Date.now() + ms; Date.now() < end; ) {
        produce(tracer, RATE_PER_TICK, produced, PAYLOAD);
        produced += RATE_PER_TICK;
        maxQueued = Math.max(maxQueued, tracer.stats().queued);
        await sleep(10);
      }
    };
    try {
      ctx.receiver.setFaults({ rate: 1, kinds: ["503"], retryAfterSeconds: 0 });
      await run(OUTAGE_MS / 2);
      const producedAtMid = produced;
      const heapMid = heapAfterGc();
      await run(OUTAGE_MS / 2);
      const heapEnd = heapAfterGc();
      const spansInSecondHalf = produced - producedAtMid;

      ctx.receiver.setFaults(undefined); // recovery
      const atRecovery = tracer.stats();
      await run(500);
      await tracer.flush();
      const stats = tracer.stats();

      const facts = JSON.stringify({ produced, spansInSecondHalf, heapMid, heapEnd, atRecovery, stats, accepted: ctx.receiver.accepted.length });
      // bounded: the queue never exceeded its size, and the heap did not grow with the spans produced
      // in the second half (each of them ~4 KB: an unbounded queue would have grown by all of that)
      expect(maxQueued).toBeLessThanOrEqual(2048);
      expect(spansInSecondHalf, facts).toBeGreaterThan(2048); // enough to tell bounded from unbounded
      expect(heapEnd - heapMid, facts).toBeLessThan((spansInSecondHalf * PAYLOAD.length) / 4);
      // exact accounting: every span produced is delivered, failed (retries ran out) or dropped (queue full)
      expect(stats.dropped, facts).toBeGreaterThan(0);
      expect(stats.exported, facts).toBe(ctx.receiver.accepted.length);
      expect(produced - ctx.receiver.accepted.length - stats.failed, facts).toBe(stats.dropped);
      expect(stats.queued, facts).toBe(0);
      expect(ctx.receiver.duplicates, facts).toBe(0);
      // what the queue held at recovery was delivered, and so was everything produced after it
      expect(atRecovery.queued, facts).toBeGreaterThan(0);
      expect(stats.exported - atRecovery.exported, facts).toBeGreaterThanOrEqual(atRecovery.queued);
      expect(stats.failed - atRecovery.failed, facts).toBeLessThanOrEqual(2 * 512); // at most the batches in flight at recovery
    } finally {
      unhandled.stop();
      await tracer.shutdown();
    }
    expect(unhandled.reasons).toEqual([]);
  }, OUTAGE_MS + DEADLINE_MS + 30_000);
});
