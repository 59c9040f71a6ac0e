// Found in review, each failing before its fix: overlapping flushes against a healthy but slow server, an absurd
// Retry-After, a caller's unsampled traceparent, and baggage cut in the middle of our session id.
import { trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from "../../src/export/retry.js";
import { readBaggage } from "../../src/tracer/w3c.js";
import { captureConsole, options, produce, sleep, useTestReceiver } from "./helpers.js";
import { startScripted, type ScriptedServer } from "./scripted-server.js";
import { API_KEY } from "../helpers/setup.js";

const ctx = useTestReceiver();
let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("review", () => {
  it("flushes that keep overlapping never hand later sends an earlier flush's passed deadline", async () => {
    const lines = captureConsole();
    server = await startScripted(() => ({ status: 200, body: "{}", headers: { "content-type": "application/json" }, delayMs: 300 }));
    const tracer = HoneyHiveTracer.init({ apiKey: API_KEY, serverUrl: server.url, env: {}, exportDeadlineMillis: 1000, compression: "none" });
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      produce(tracer, 1, i);
      flushes.push(tracer.flush());
      await sleep(150);
    }
    await Promise.all(flushes);
    await tracer.flush();
    expect(tracer.stats(), lines.join("\n")).toMatchObject({ exported: 20, failed: 0 });
    await tracer.shutdown();
  }, 30_000);

  it("an absurd Retry-After is held to an hour, and a flush during it still ends on time", async () => {
    expect(parseRetryAfter("1000000000000")).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter("9".repeat(400))).toBe(MAX_RETRY_AFTER_MS); // Infinity before
    expect(parseRetryAfter(new Date(Date.now() + 1e12).toUTCString())).toBe(MAX_RETRY_AFTER_MS);
    captureConsole();
    server = await startScripted(() => ({ status: 429, headers: { "retry-after": "9".repeat(400) } }));
    const tracer = HoneyHiveTracer.init({ apiKey: API_KEY, serverUrl: server.url, env: {}, exportDeadlineMillis: 500, compression: "none" });
    produce(tracer, 3);
    const started = Date.now();
    await tracer.flush();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(tracer.stats().failed).toBe(3);
    await tracer.shutdown();
  }, 30_000);

  it("a caller's unsampled traceparent does not turn tracing off for the request", async () => {
    const tracer = HoneyHiveTracer.init(options(ctx.receiver));
    const traceparent = `00-${"a".repeat(32)}-${"b".repeat(16)}-00`;
    tracer.withDistributedContext({ traceparent }, () => tracer.trace("served", () => "ok", { eventType: "chain" }));
    await tracer.flush();
    const [span] = ctx.receiver.accepted;
    expect(span?.name).toBe("served");
    expect(span?.traceId).toBe("a".repeat(32));
    expect(span?.parentSpanId).toBe("b".repeat(16));
    expect(trace.getActiveSpan()).toBeUndefined();
    await tracer.shutdown();
  });

  it("baggage past its 8 KiB limit drops the entry cut in two instead of reading a shorter session id", () => {
    const filler = "x=" + "y".repeat(8192 - 2 - 30);
    const header = `${filler},honeyhive.session_id=${"s".repeat(100)}`;
    expect(readBaggage(header, ["honeyhive.session_id"])).toEqual({});
    expect(readBaggage(`a=b,honeyhive.session_id=abc`, ["honeyhive.session_id"])).toEqual({ "honeyhive.session_id": "abc" });
  });
});

describe("review: hostile values on a span", () => {
  it("a number-like key (a timestamp) as the first refused one does not stall setAttribute or the span's end", async () => {
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxAttributes: 200 }));
    const started = Date.now();
    tracer.trace("ids", (span) => {
      const attrs = (span as unknown as { attributes: object }).attributes;
      for (let i = 0; Object.keys(attrs).length < 200; i++) span.setAttribute(`field_${i}`, i); // full, no list
      span.setAttribute("honeyhive_metadata.1733085000000000.note", "keyed by a timestamp"); // the first refused
      span.setAttribute("gen_ai.usage.input_tokens", 7); // a result key makes room
    }, { eventType: "tool" });
    expect(Date.now() - started).toBeLessThan(1000); // walked down from 1.7e15 before: never returned
    await tracer.flush();
    expect(ctx.receiver.accepted[0]?.attributes["gen_ai.usage.input_tokens"]).toBe(7);
    await tracer.shutdown();
  });

  it("JSON nested deeper than the stack is cut as text, not thrown into startSpan", async () => {
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxAttributeLength: 1024 }));
    const deep = '{"a":'.repeat(20_000) + "1" + "}".repeat(20_000);
    tracer.getTracer().startSpan("deep", { attributes: { "input.value": deep, honeyhive_event_type: "tool" } }).end();
    await tracer.flush();
    const got = String(ctx.receiver.accepted[0]?.attributes["input.value"]);
    expect(got).toContain("…[truncated]");
    expect(new TextEncoder().encode(got).length).toBeLessThanOrEqual(1024);
    await tracer.shutdown();
  });

  it("a JSON object with a \"__proto__\" key keeps it when cut", async () => {
    const { truncateAttributeValue } = await import("../../src/truncation/value.js");
    const cut = truncateAttributeValue(`{"__proto__":"kept","big":"${"x".repeat(5000)}"}`, 1024)!;
    expect(Object.keys(JSON.parse(cut.value as string))).toEqual(["__proto__", "big"]);
  });
});
