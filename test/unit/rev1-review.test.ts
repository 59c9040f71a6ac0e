// Adversarial review of the size refactor (preservation, truncation, flatten): defects found by a differential
// run against the session's starting point, each pinned here.
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { HoneyHiveSpanProcessor, computeSpanLimits, resolveConfig } from "../../src/index.js";
import { setFlattened } from "../../src/tracer/flatten.js";

function tracer(limits: Record<string, number> = {}, extra: Record<string, unknown> = {}) {
  const options = { maxAttributes: 128, serverUrl: "http://127.0.0.1:9", env: {}, ...extra };
  const processor = new HoneyHiveSpanProcessor(options);
  const spanLimits = { ...computeSpanLimits(resolveConfig(options, {})), ...limits };
  return new BasicTracerProvider({ spanLimits, spanProcessors: [processor] }).getTracer("t");
}

describe("a key refused on a span full of core and result keys is counted as dropped", () => {
  it("a result key with no bulk key to take the place of", () => {
    const span: any = tracer({ attributeCountLimit: 20 }).startSpan("s");
    for (let i = 0; span.attributes && Object.keys(span.attributes).length < 20; i++) span.setAttribute(`gen_ai.usage.k${i}`, i);
    expect(span.droppedAttributesCount).toBe(0);
    span.setAttribute("gen_ai.usage.extra", 1);
    span.setAttribute("honeyhive_outputs.text", "x".repeat(2000)); // the slow path (a long value)
    expect(span.attributes["gen_ai.usage.extra"]).toBeUndefined();
    expect(span.attributes["honeyhive_outputs.text"]).toBeUndefined();
    expect(span.droppedAttributesCount).toBe(2);
  });

  it("a flattened result list's range record, refused like its elements", () => {
    const span: any = tracer({ attributeCountLimit: 20 }).startSpan("s");
    for (let i = 0; Object.keys(span.attributes).length < 20; i++) span.setAttribute(`gen_ai.usage.k${i}`, i);
    setFlattened(span, { items: Array.from({ length: 100 }, (_, i) => `out ${i}`) }, "honeyhive_outputs", true);
    // room 10 (half the limit for results): 9 elements and the range record built, every one refused; 91 skipped
    expect(Object.keys(span.attributes)).toHaveLength(20);
    expect(span.droppedAttributesCount).toBe(101);
  });
});
