import { trace } from "@opentelemetry/api";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { receiverOptions, useReceiver } from "../helpers/setup.js";

const ctx = useReceiver();

describe("provider detection (seed Pattern 3)", () => {
  it("new_provider: no global provider, so ours is created with our limits and registered", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 2000 });
    expect(tracer.strategy).toBe("new_provider");
    expect(tracer.limits.attributeCountLimit).toBe(2000);
    // the global API now hands out tracers from our provider, with our limits
    const span = trace.getTracer("other-lib").startSpan("x");
    for (let i = 0; i < 1500; i++) span.setAttribute(`a${i}`, i);
    span.end();
    await tracer.flush();
    const [got] = await ctx.receiver.waitForSpans(1);
    expect(got.attributeKeys.length).toBe(1500 + 7); // + 6 core keys at start and the event type
    expect(ctx.warnings.filter((w) => w.includes("TracerProvider was registered"))).toEqual([]);
  });

  it("existing_provider: leaves the user's provider alone, warns once with what to do, still exports HoneyHive's spans", async () => {
    const theirs = new BasicTracerProvider();
    trace.setGlobalTracerProvider(theirs);
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 300 });
    expect(tracer.strategy).toBe("existing_provider");
    expect(tracer.provider).not.toBe(theirs);
    expect(tracer.limits.attributeCountLimit).toBe(300);
    const warning = ctx.warnings.filter((w) => w.includes("TracerProvider was registered before HoneyHiveTracer.init"));
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatch(/BasicTracerProvider \(attributeCountLimit 128\)/);
    expect(warning[0]).toMatch(/tracer\.processor/);

    // HoneyHive's own spans get our limits and reach HoneyHive
    tracer.trace("ours", (span) => {
      for (let i = 0; i < 250; i++) span.setAttribute(`a${i}`, i);
    }, { eventType: "chain" });
    // the user's provider is untouched: its spans are not ours to send
    trace.getTracer("theirs").startSpan("theirs").end();
    await tracer.flush();
    const spans = await ctx.receiver.waitForSpans(1);
    expect(spans.map((s) => s.name)).toEqual(["ours"]);
    expect(spans[0].attributeKeys.length).toBe(250 + 7);
    expect((trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate()).toBe(theirs);
  });

  it("logs the applied limits at debug level when verbose", () => {
    const lines: string[] = [];
    const original = console.debug;
    console.debug = (...a: unknown[]) => lines.push(a.join(" "));
    try {
      HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), verbose: true, maxAttributes: 777 });
    } finally {
      console.debug = original;
    }
    expect(lines.some((l) => /span limits applied \(new_provider.*maxAttributes=777 maxAttributeLength=10485760/.test(l))).toBe(true);
  });
});
