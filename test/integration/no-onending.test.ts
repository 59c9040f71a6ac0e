import type { Context } from "@opentelemetry/api";
import { BasicTracerProvider, type ReadableSpan, type Span, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it, vi } from "vitest";
import { HoneyHiveSpanProcessor } from "../../runtimes/node/index.js";
import { utf8ByteLength } from "../../src/truncation/utf8.js";
import { receiverOptions, useReceiver } from "../helpers/setup.js";

const ctx = useReceiver();
const MB = 1024 * 1024;

/** A hand-written multiplexer as users write them (and as @vercel/otel's composite is): no onEnding. */
class Multiplexer implements SpanProcessor {
  constructor(private readonly processors: SpanProcessor[]) {}
  onStart(span: Span, parent: Context): void {
    for (const p of this.processors) p.onStart(span, parent);
  }
  onEnd(span: ReadableSpan): void {
    for (const p of this.processors) p.onEnd(span);
  }
  async forceFlush(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.forceFlush()));
  }
  async shutdown(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.shutdown()));
  }
}

function setup(options: Record<string, unknown> = {}, spanLimits = {}) {
  const processor = new HoneyHiveSpanProcessor({ ...receiverOptions(ctx.receiver), ...options });
  const provider = new BasicTracerProvider({ spanLimits, spanProcessors: [new Multiplexer([processor])] });
  return { processor, tracer: provider.getTracer("app") };
}

describe("a provider that forwards only onStart/onEnd", () => {
  it("exports spans the backend accepts: event type and name, session repaired", async () => {
    const { processor, tracer } = setup({ sessionId: "the-session" });
    const chat = tracer.startSpan("draft");
    chat.setAttribute("gen_ai.operation.name", "chat");
    chat.updateName("chat gpt-4o");
    chat.end();
    const blanked = tracer.startSpan("blanked");
    blanked.setAttribute("honeyhive.session_id", "");
    blanked.end();
    await processor.forceFlush();
    const spans = await ctx.receiver.waitForSpans(2);
    expect(ctx.receiver.rejected).toEqual([]);
    const byName = Object.fromEntries(spans.map((s) => [s.name, s.attributes]));
    expect(byName["chat gpt-4o"]!["honeyhive_event_type"]).toBe("model");
    expect(byName["chat gpt-4o"]!["honeyhive_event_name"]).toBe("chat gpt-4o");
    expect(byName["blanked"]!["honeyhive_event_type"]).toBe("tool");
    expect(byName["blanked"]!["honeyhive.session_id"]).toBe("the-session");
  });

  it("cuts event attributes by bytes and keeps the span within maxSpanSize", async () => {
    const { processor, tracer } = setup({ maxAttributeLength: 64 * 1024, maxSpanSize: MB });
    const span = tracer.startSpan("rag");
    span.addEvent("chunk", { text: "é".repeat(40_000) });
    // 20 values of 60 KB, each within maxAttributeLength: only the span budget brings 1.2 MB under 1 MB
    for (let i = 0; i < 20; i++) span.setAttribute(`doc.${i}`, "ü".repeat(30_000));
    span.end();
    await processor.forceFlush();
    const [got] = await ctx.receiver.waitForSpans(1);
    expect(utf8ByteLength(got!.events[0]!.attributes.text as string)).toBeLessThanOrEqual(64 * 1024);
    let total = 0;
    for (const [k, v] of Object.entries(got!.attributes)) total += utf8ByteLength(k) + (typeof v === "string" ? utf8ByteLength(v) : 8);
    expect(total).toBeLessThanOrEqual(MB);
    expect(total).toBeGreaterThan(MB / 2);
    expect(Object.keys(got!.attributes).some((k) => k.startsWith("honeyhive.truncated.doc."))).toBe(true);
    expect(got!.attributes["honeyhive_event_type"]).toBe("tool");
  });

  it("a full span still gets its event type (room made after the SDK ended it)", async () => {
    const { processor, tracer } = setup({ maxAttributes: 128 }, { attributeCountLimit: 128 });
    const span = tracer.startSpan("full");
    for (let i = 0; i < 300; i++) span.setAttribute(`user.${i}`, i);
    span.end();
    await processor.forceFlush();
    const [got] = await ctx.receiver.waitForSpans(1);
    expect(ctx.receiver.rejected).toEqual([]);
    expect(got!.attributes["honeyhive_event_type"]).toBe("tool");
    expect(got!.attributeKeys.length).toBeLessThanOrEqual(128);
  });

  it("writes after end stay ignored, as the SDK ignores them", async () => {
    const { processor, tracer } = setup();
    const span = tracer.startSpan("late");
    span.end();
    span.setAttribute("after.end", "x");
    await processor.forceFlush();
    const [got] = await ctx.receiver.waitForSpans(1);
    expect(got!.attributes["after.end"]).toBeUndefined();
  });

  it("never throws into span.end(), even for a span it cannot reopen", async () => {
    const { processor } = setup();
    const span = new BasicTracerProvider().getTracer("other").startSpan("frozen");
    span.end();
    Object.freeze(span);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => processor.onEnd(span as unknown as ReadableSpan)).not.toThrow();
    expect(errors.mock.calls.join("\n")).toContain("could not finish span");
  });
});
