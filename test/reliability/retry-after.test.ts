// Retry-After (seconds and HTTP date), backoff with jitter, per-request timeout, and the total deadline.
import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter } from "../../src/export/retry.js";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { captureConsole, options, produce, useTestReceiver } from "./helpers.js";
import { startScripted } from "./scripted-server.js";

const ctx = useTestReceiver();

describe("retry policy (pure)", () => {
  it("parses Retry-After as delta-seconds or an HTTP date", () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now)).toBe(0); // in the past: now
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
  });

  it("backs off exponentially with jitter in [ceiling/2, ceiling], capped", () => {
    expect(backoffDelay(0, () => 0)).toBe(100);
    expect(backoffDelay(0, () => 1)).toBe(200);
    expect(backoffDelay(3, () => 0.5)).toBe(1200);
    expect(backoffDelay(30, () => 1)).toBe(5000);
  });
});

describe("retries over HTTP", () => {
  it("waits for Retry-After given as an HTTP date before the retry", async () => {
    let retryAt = 0;
    const server = await startScripted((_req, i) => {
      if (i > 0) return { status: 200 };
      retryAt = Math.ceil((Date.now() + 1500) / 1000) * 1000; // HTTP dates have whole seconds
      return { status: 429, headers: { "retry-after": new Date(retryAt).toUTCString() } };
    });
    const tracer = HoneyHiveTracer.init({ ...options(ctx.receiver), serverUrl: server.url });
    try {
      produce(tracer, 3);
      await tracer.flush();
      expect(server.seen).toHaveLength(2);
      expect(server.seen[1].at).toBeGreaterThanOrEqual(retryAt - 50); // not before the date (timer slack only)
      expect(tracer.stats()).toMatchObject({ exported: 3, failed: 0, retries: 1 });
    } finally {
      await tracer.shutdown();
      await server.close();
    }
  });

  it("waits for Retry-After in seconds (503 from the receiver's fault mode)", async () => {
    ctx.receiver.setFaults({ rate: 1, kinds: ["503"], retryAfterSeconds: 1 });
    const tracer = HoneyHiveTracer.init(options(ctx.receiver));
    produce(tracer, 2);
    const flushed = tracer.flush();
    await ctx.receiver.waitFor(() => ctx.receiver.requests.length === 1);
    ctx.receiver.setFaults(undefined);
    await flushed;
    const [first, second] = ctx.receiver.requests;
    expect(second).toBeDefined();
    expect(first.fault).toBe("503");
    expect(ctx.receiver.accepted).toHaveLength(2);
    expect(tracer.stats()).toMatchObject({ exported: 2, retries: 1 });
    await tracer.shutdown();
  });

  it("gives up at once when Retry-After is past the deadline, counting the spans as failed", async () => {
    const lines = captureConsole();
    ctx.receiver.setFaults({ rate: 1, kinds: ["429"], retryAfterSeconds: 3600 });
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { exportDeadlineMillis: 5000 }));
    produce(tracer, 4);
    const started = Date.now();
    await tracer.flush();
    expect(Date.now() - started).toBeLessThan(4000);
    expect(ctx.receiver.requests).toHaveLength(1);
    expect(tracer.stats()).toMatchObject({ exported: 0, failed: 4, retries: 0 });
    expect(lines).toContainEqual(expect.stringMatching(/HTTP 429.*giving up \(export deadline 5000 ms\)/));
    await tracer.shutdown();
  });

  it("times out hanging requests with AbortController and stops at the deadline", async () => {
    const lines = captureConsole();
    ctx.receiver.setFaults({ rate: 1, kinds: ["hang"], hangMs: 10_000 });
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { exportTimeoutMillis: 200, exportDeadlineMillis: 1200 }));
    produce(tracer, 5);
    const started = Date.now();
    await tracer.flush();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(400); // at least two 200 ms attempts
    expect(took).toBeLessThan(1200 + 1000); // the deadline holds (plus scheduling slack)
    const stats = tracer.stats();
    expect(stats).toMatchObject({ exported: 0, failed: 5 });
    expect(stats.retries).toBeGreaterThanOrEqual(1);
    expect(ctx.receiver.requests.length).toBe(stats.retries + 1);
    // the last attempt is cut to what is left of the deadline: 200 ms, or less on a slow machine
    const gaveUp = lines.map((l) => /timed out after (\d+) ms; giving up/.exec(l)).find(Boolean);
    expect(Number(gaveUp?.[1])).toBeGreaterThan(0);
    expect(Number(gaveUp?.[1])).toBeLessThanOrEqual(200);
    await tracer.shutdown();
  });

  it("retries a refused connection (network error) and names the cause", async () => {
    const lines = captureConsole();
    const server = await startScripted(() => ({ status: 200 }));
    const url = server.url;
    await server.close(); // nothing listens there now
    const tracer = HoneyHiveTracer.init({ ...options(ctx.receiver), serverUrl: url, exportDeadlineMillis: 700, verbose: true });
    produce(tracer, 2);
    await tracer.flush();
    expect(tracer.stats()).toMatchObject({ exported: 0, failed: 2 });
    expect(tracer.stats().retries).toBeGreaterThanOrEqual(1);
    expect(lines).toContainEqual(expect.stringMatching(/retrying in \d+ ms/));
    expect(lines).toContainEqual(expect.stringMatching(/fetch failed.*ECONNREFUSED.*giving up/));
    await tracer.shutdown();
  });
});
