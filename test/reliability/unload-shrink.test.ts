// Browser unload: a span larger than one keepalive request (60 KiB) goes out shrunk to fit, not dropped whole.
// Through the real queue, exporter and OTLP/JSON encoder with the unload flush's own send options (page-hide.ts),
// to the receiver. (Chromium itself is not on this machine: test/runtimes/browser.test.ts covers the page side.)
import { describe, expect, it } from "vitest";
import { KEEPALIVE_REQUEST_SIZE, UNLOAD_SEND } from "../../runtimes/browser/page-hide.js";
import { HoneyHiveTracer } from "../../src/index.js";
import { jsonEncoding } from "../../src/export/encoding.js";
import { shrinkSpanToFit } from "../../src/truncation/shrink-span.js";
import { CORE_ATTRIBUTES, TRUNCATION_MARKER } from "../../src/index.js";
import { captureConsole, options, useTestReceiver } from "./helpers.js";

const ctx = useTestReceiver();

const unloadFlush = (tracer: HoneyHiveTracer) => tracer.processor.forceFlush(UNLOAD_SEND);

describe("the unload flush with spans larger than a keepalive request", () => {
  it("1,500 short attributes (~65 KB of JSON): sent in one request within the budget, core attributes kept, the rest counted", async () => {
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxAttributes: 2000, compression: "none" }));
    tracer.trace("wide", (span) => {
      for (let i = 0; i < 1500; i++) span.setAttribute(`honeyhive_inputs.items.${i}.text`, `short value ${i}`);
    }, { eventType: "tool" });
    tracer.trace("small", () => 1, { eventType: "tool" });
    await unloadFlush(tracer);
    const wide = ctx.receiver.accepted.find((s) => s.name === "wide")!;
    expect(wide).toBeDefined();
    expect(ctx.receiver.accepted.map((s) => s.name).sort()).toEqual(["small", "wide"]);
    for (const r of ctx.receiver.requests) expect(r.bytes).toBeLessThanOrEqual(KEEPALIVE_REQUEST_SIZE);
    for (const key of ["honeyhive.session_id", "honeyhive_event_type", "honeyhive.project", "honeyhive_event_name"]) {
      expect(wide.attributes[key], key).toBeDefined();
    }
    const kept = wide.attributeKeys.filter((k) => k.startsWith("honeyhive_inputs.items.")).length;
    expect(kept).toBeGreaterThan(500); // most of it still arrives
    expect(kept).toBeLessThan(1500);
    // the oldest are kept, the newest dropped, and counted
    expect(wide.attributes["honeyhive_inputs.items.0.text"]).toBe("short value 0");
    expect(wide.droppedAttributesCount).toBeGreaterThanOrEqual(1500 - kept);
    await tracer.shutdown();
  });

  it("one 300 KB value: cut with the marker and its original size recorded, sent within the budget", async () => {
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { compression: "none" }));
    const big = "日本語のテキスト ".repeat(12_000); // ~300 KB of UTF-8
    tracer.trace("big", (span) => span.setAttribute("honeyhive_outputs.text", big), { eventType: "model" });
    await unloadFlush(tracer);
    const [span] = ctx.receiver.accepted;
    expect(span.name).toBe("big");
    for (const r of ctx.receiver.requests) expect(r.bytes).toBeLessThanOrEqual(KEEPALIVE_REQUEST_SIZE);
    const text = span.attributes["honeyhive_outputs.text"] as string;
    expect(text.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(big.startsWith(text.slice(0, -TRUNCATION_MARKER.length))).toBe(true); // a prefix, no broken character
    // cut to fit the request, not emptied: the request is nearly the whole budget
    expect(ctx.receiver.requests[0].bytes).toBeGreaterThan(0.8 * KEEPALIVE_REQUEST_SIZE);
    expect(span.attributes["honeyhive.truncated.honeyhive_outputs.text.original_bytes"]).toBe(new TextEncoder().encode(big).length);
    await tracer.shutdown();
  });

  it("the ordinary flush still sends a large span whole (shrinking is for requests that cannot be larger)", async () => {
    captureConsole();
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { compression: "none" }));
    const big = "x".repeat(100_000);
    tracer.trace("big", (span) => span.setAttribute("honeyhive_outputs.text", big), { eventType: "model" });
    await tracer.flush();
    expect(ctx.receiver.accepted[0].attributes["honeyhive_outputs.text"]).toBe(big);
    await tracer.shutdown();
  });
});

describe("shrinkSpanToFit", () => {
  it("leaves the original span untouched and returns it as is when it already fits", async () => {
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { compression: "none" }));
    let ended: import("@opentelemetry/sdk-trace-base").ReadableSpan | undefined;
    tracer.getTracer().startActiveSpan("s", (span) => {
      span.setAttribute("honeyhive_inputs.long", "y".repeat(80_000));
      span.end();
      ended = span as never;
    });
    const size = (s: typeof ended) => jsonEncoding.encode([s!]).byteLength;
    expect(shrinkSpanToFit(ended!, 200_000, size)).toBe(ended);
    const small = shrinkSpanToFit(ended!, 20_000, size);
    expect(size(small)).toBeLessThanOrEqual(20_000);
    expect((ended!.attributes["honeyhive_inputs.long"] as string).length).toBe(80_000);
    expect(small.spanContext().spanId).toBe(ended!.spanContext().spanId);
    for (const key of CORE_ATTRIBUTES) expect(small.attributes[key]).toBe(ended!.attributes[key]);
    await tracer.shutdown();
  });
});
