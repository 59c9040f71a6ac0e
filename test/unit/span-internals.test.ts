import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { whileOpen, type MutableSpan } from "../../src/preservation/span-internals.js";

// Core preservation evicts keys itself; it relies on these SpanImpl fields of the pinned SDK.
describe("sdk-trace internals the span guard relies on", () => {
  it("exposes attributes, _attributesCount, _droppedAttributesCount and _spanLimits", () => {
    const provider = new BasicTracerProvider({ spanLimits: { attributeCountLimit: 3 } });
    const span = provider.getTracer("t").startSpan("s") as unknown as MutableSpan;
    for (let i = 0; i < 5; i++) span.setAttribute(`k${i}`, i);
    expect(span._attributesCount).toBe(3);
    expect(span._droppedAttributesCount).toBe(2);
    expect(span.droppedAttributesCount).toBe(2);
    expect(span._spanLimits?.attributeCountLimit).toBe(3);
    expect(Object.keys(span.attributes)).toEqual(["k0", "k1", "k2"]);
  });

  it("marks an ended span with _ended, which setAttribute reads (whileOpen reopens it)", () => {
    const span = new BasicTracerProvider().getTracer("t").startSpan("s") as unknown as MutableSpan;
    expect(span._ended).toBe(false);
    span.end();
    expect(span._ended).toBe(true);
    span.setAttribute("late", 1);
    whileOpen(span, () => span.setAttribute("reopened", 1));
    expect(span.attributes).toEqual({ reopened: 1 });
    expect(span._ended).toBe(true);
  });
});
