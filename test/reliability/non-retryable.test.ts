// What must NOT be retried (500, other 4xx): one request each, counted as failed, logged once with the reason.
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { captureConsole, options, produce, useTestReceiver } from "./helpers.js";
import { startScripted } from "./scripted-server.js";

const ctx = useTestReceiver();

describe("non-retryable answers", () => {
  it("500 is not retried: each batch is one request, counted failed, and logged once with the server's reason", async () => {
    const lines = captureConsole();
    ctx.receiver.setFaults({ rate: 1, kinds: ["500"] });
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxExportBatchSize: 10 }));
    produce(tracer, 30);
    await tracer.flush();
    produce(tracer, 5, 30);
    await tracer.flush();
    expect(ctx.receiver.faultCounts["500"]).toBe(4); // 3 batches of 10, then 1 of 5: no second attempts
    expect(ctx.receiver.requests).toHaveLength(4);
    expect(tracer.stats()).toEqual({ queued: 0, exported: 0, failed: 35, dropped: 0, retries: 0 });
    const errors = lines.filter((l) => l.includes("HTTP 500"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/HTTP 500 Internal Server Error: .*injected fault: HTTP 500.*\(not retried\)/);
    await tracer.shutdown();
  });

  it("401 (wrong key) is logged once with the reason and a hint, never retried", async () => {
    const lines = captureConsole();
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { apiKey: "hh_wrong_key_123456" }));
    produce(tracer, 3);
    await tracer.flush();
    produce(tracer, 3);
    await tracer.flush();
    expect(ctx.receiver.requests.map((r) => r.status)).toEqual([401, 401]);
    expect(tracer.stats()).toMatchObject({ exported: 0, failed: 6, retries: 0 });
    const errors = lines.filter((l) => l.includes("401"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/missing or invalid Authorization.*not retried.*check HH_API_KEY/);
    expect(errors[0]).not.toContain("hh_wrong_key_123456");
    await tracer.shutdown();
  });

  it("400 from the backend (a rejected span) fails that request only; the next batch still goes", async () => {
    const lines = captureConsole();
    const server = await startScripted((_req, i) =>
      i === 0 ? { status: 400, body: JSON.stringify({ error: "span 1 missing honeyhive_event_type" }) } : { status: 200 },
    );
    const tracer = HoneyHiveTracer.init({ ...options(ctx.receiver), serverUrl: server.url, maxExportBatchSize: 2 });
    try {
      produce(tracer, 4);
      await tracer.flush();
      expect(server.seen).toHaveLength(2);
      expect(tracer.stats()).toMatchObject({ exported: 2, failed: 2, retries: 0 });
      expect(lines.filter((l) => l.includes("HTTP 400"))).toEqual([expect.stringContaining("span 1 missing honeyhive_event_type")]);
    } finally {
      await tracer.shutdown();
      await server.close();
    }
  });

  it("a partial success (200 with rejectedSpans) counts those spans as failed, not exported", async () => {
    const lines = captureConsole();
    const server = await startScripted(() => ({ status: 200, body: JSON.stringify({ partialSuccess: { rejectedSpans: "2", errorMessage: "2 spans too old" } }) }));
    const tracer = HoneyHiveTracer.init({ ...options(ctx.receiver), serverUrl: server.url });
    try {
      produce(tracer, 5);
      await tracer.flush();
      expect(tracer.stats()).toMatchObject({ exported: 3, failed: 2 });
      expect(lines).toContainEqual(expect.stringContaining("rejected 2 of 5 spans: 2 spans too old"));
    } finally {
      await tracer.shutdown();
      await server.close();
    }
  });
});
