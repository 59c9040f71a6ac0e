// Batches larger than maxRequestSize (or than the server accepts: 413) are split, never dropped whole.
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { captureConsole, options, produce, useTestReceiver } from "./helpers.js";
import { spanCount, startScripted } from "./scripted-server.js";

const ctx = useTestReceiver();
const LIMIT = 65_536; // the smallest maxRequestSize (a browser keepalive budget)

describe("request size", () => {
  it("splits a 300 KB batch into requests of at most maxRequestSize, delivering every span", async () => {
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxRequestSize: LIMIT, compression: "none" }));
    produce(tracer, 100, 0, "x".repeat(3000));
    await tracer.flush();
    const requests = ctx.receiver.requests;
    expect(ctx.receiver.accepted).toHaveLength(100);
    expect(requests.length).toBeGreaterThanOrEqual(5);
    for (const r of requests) expect(r.bytes).toBeLessThanOrEqual(LIMIT);
    expect(requests.reduce((n, r) => n + r.spanCount, 0)).toBe(100);
    expect(tracer.stats()).toMatchObject({ exported: 100, failed: 0 });
    await tracer.shutdown();
  });

  it("sends a single span larger than the limit alone (the server decides), with its neighbours in other requests", async () => {
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxRequestSize: LIMIT, compression: "none" }));
    produce(tracer, 3, 0, "small");
    produce(tracer, 1, 3, "y".repeat(100_000));
    produce(tracer, 3, 4, "small");
    await tracer.flush();
    expect(ctx.receiver.accepted).toHaveLength(7);
    const big = ctx.receiver.requests.find((r) => r.bytes > LIMIT);
    expect(big?.spanCount).toBe(1);
    expect(tracer.stats()).toMatchObject({ exported: 7, failed: 0 });
    await tracer.shutdown();
  });

  it("halves a request the server answers 413, until it fits; a lone span over the server's limit fails alone", async () => {
    const lines = captureConsole();
    const SERVER_LIMIT = 20_000;
    const server = await startScripted((req) => (req.body.length > SERVER_LIMIT ? { status: 413, body: '{"error":"too large"}' } : { status: 200 }));
    const tracer = HoneyHiveTracer.init({ ...options(ctx.receiver), serverUrl: server.url });
    try {
      produce(tracer, 40, 0, "z".repeat(2000));
      produce(tracer, 1, 40, "w".repeat(30_000));
      await tracer.flush();
      const delivered = server.seen.filter((s) => s.body.length <= SERVER_LIMIT).reduce((n, s) => n + spanCount(s.body), 0);
      expect(delivered).toBe(40);
      expect(tracer.stats()).toMatchObject({ exported: 40, failed: 1, retries: 0 });
      expect(lines.filter((l) => l.includes("413"))).toEqual([expect.stringMatching(/export of 1 spans .*HTTP 413.*not retried.*larger than the server accepts/)]);
    } finally {
      await tracer.shutdown();
      await server.close();
    }
  });
});
