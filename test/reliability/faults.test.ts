// 10,000 spans through the real exporter while 30 % of requests fail in every retryable way.
import { describe, expect, it } from "vitest";
import type { FaultKind } from "../../receiver/index.js";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { captureConsole, options, produce, useTestReceiver, watchUnhandledRejections } from "./helpers.js";

const ctx = useTestReceiver();

// Every kind the exporter must retry. 500 is not in OTLP's retryable list (see non-retryable.test.ts).
const RETRYABLE: FaultKind[] = ["429", "502", "503", "504", "hang", "reset"];

describe("exporter under 30 % faulted requests", () => {
  it("delivers every one of 10,000 spans exactly once, with no unhandled rejection", async () => {
    const console = captureConsole();
    const unhandled = watchUnhandledRejections();
    // a hang outlives the client timeout; the receiver discards a faulted request's spans, so a retry
    // can never duplicate one (receiver.duplicates proves it). Retry-After 1 s is honoured on 429/503.
    ctx.receiver.setFaults({ rate: 0.3, kinds: RETRYABLE, retryAfterSeconds: 1, hangMs: 3000, seed: 7 });
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, {
      maxQueueSize: 10_000,
      maxExportBatchSize: 250,
      exportTimeoutMillis: 1000,
      exportDeadlineMillis: 60_000, // the retry budget: faults clear well within it
    }));
    try {
      produce(tracer, 10_000);
      await tracer.flush();

      const r = ctx.receiver;
      const ids = new Set(r.accepted.map((s) => s.spanId));
      expect(r.accepted).toHaveLength(10_000);
      expect(ids.size).toBe(10_000);
      expect(r.duplicates).toBe(0);
      expect(r.rejected).toEqual([]);
      // every kind really happened, and each faulted request was retried exactly once
      for (const kind of RETRYABLE) expect(r.faultCounts[kind], kind).toBeGreaterThan(0);
      const faults = Object.values(r.faultCounts).reduce((a, b) => a + b, 0);
      expect(faults / r.requests.length).toBeGreaterThan(0.15);
      expect(tracer.stats()).toEqual({ queued: 0, exported: 10_000, failed: 0, dropped: 0, retries: faults });
      // gzip (the default) went over the wire
      expect(r.requests.filter((q) => q.status === 200).every((q) => q.encoding === "gzip")).toBe(true);
      // retries are quiet: no error was logged for faults that cleared
      expect(console.filter((l) => /failed/.test(l))).toEqual([]);
    } finally {
      unhandled.stop();
      await tracer.shutdown();
    }
    expect(unhandled.reasons).toEqual([]);
  }, 60_000);
});
