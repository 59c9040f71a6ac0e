// Adversarial review of the size refactor (preservation, truncation, flatten): defects found by a differential
// run against the session's starting point, each pinned here.
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it, vi } from "vitest";
import { HoneyHiveSpanProcessor, computeSpanLimits, resolveConfig } from "../../src/index.js";
import { setFlattened } from "../../src/tracer/flatten.js";
import { TRUNCATION_MARKER, truncateAttributeValue } from "../../src/truncation/value.js";

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

describe("a list whose elements take no room (holes, nulls, empty objects) is walked within the count budget", () => {
  /** The list behind a Proxy that counts the element reads. */
  function counted(list: unknown[]) {
    const reads = { n: 0 };
    const proxy = new Proxy(list, {
      get(t, k) {
        if (typeof k === "string" && /^\d+$/.test(k)) reads.n++;
        return Reflect.get(t, k);
      },
    });
    return { proxy, reads };
  }

  for (const [name, list] of [
    ["holes", new Array(5_000_000)],
    ["nulls", new Array(5_000_000).fill(null)],
    ["empty objects", Array.from({ length: 2_000_000 }, () => ({}))],
  ] as const) {
    it(`${name}: at most the count budget of element reads (64 × 1,024), not one per element`, () => {
      const span: any = tracer().startSpan("s");
      const { proxy, reads } = counted(list as unknown[]);
      setFlattened(span, { list: proxy, after: "kept" }, "honeyhive_inputs");
      expect(reads.n).toBeLessThanOrEqual(64 * 1024 + 2);
      expect(span.attributes["honeyhive_inputs.after"]).toBe("kept");
      span.end();
    });
  }

  it("the newest element is still looked at when the budget is spent on the list's head", () => {
    const span: any = tracer().startSpan("s");
    const list: unknown[] = new Array(1_000_000).fill(null);
    list.push("newest");
    setFlattened(span, { list }, "honeyhive_inputs");
    expect(span.attributes[`honeyhive_inputs.list.${list.length - 1}`]).toBe("newest");
  });
});

describe("a JSON object whose keys alone do not fit is cut as text without shrinking every level first", () => {
  it("3,000 nested objects at 1 KiB: the head cut, with a bounded number of serializations (one per level was quadratic: 5 s)", () => {
    let s = "1";
    for (let i = 0; i < 3000; i++) s = `{"k":${s},"s":"${"x".repeat(50)}"}`;
    const spy = vi.spyOn(JSON, "stringify");
    let out: string;
    let calls: number;
    try {
      out = truncateAttributeValue(s, 1024)!.value as string;
      calls = spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBeLessThanOrEqual(4);
    expect(out.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(s.startsWith(out.slice(0, -TRUNCATION_MARKER.length))).toBe(true);
  });
});

describe("the span's attribute count never exceeds maxAttributes, even when its provider allows more", () => {
  it("list elements refused on a span full of results: their range record is written only into a free slot", () => {
    const span: any = tracer({ attributeCountLimit: 200 }, { maxAttributes: 128 }).startSpan("s");
    for (let i = 0; Object.keys(span.attributes).length < 128; i++) span.setAttribute(`output.y.${i}`, `v${i}`);
    for (let i = 0; i < 50; i++) span.setAttribute(`llm.input_messages.${i}.content`, `m${i}`);
    const dropped = span.droppedAttributesCount;
    expect(dropped).toBe(50);
    span.end();
    expect(Object.keys(span.attributes).length).toBeLessThanOrEqual(128);
    expect(span.attributes["honeyhive_event_type"]).toBeDefined();
  });
});

describe("a deeply nested JSON object that must shrink is cut in work linear in its size", () => {
  it("1,000 levels with 1 KB at each, to 100 KB: valid JSON with every key, past 32 levels in the least form", () => {
    let s = "1";
    for (let i = 0; i < 1000; i++) s = `{"k":${s},"s":"${"x".repeat(1000)}"}`;
    const spy = vi.spyOn(JSON, "stringify");
    let out: string;
    let calls: number;
    try {
      out = truncateAttributeValue(s, 100_000)!.value as string;
      calls = spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
    // a few serializations for each of the 33 levels shrunk (before: 7,011, for all 1,000 levels, each of its subtree)
    expect(calls).toBeLessThanOrEqual(300);
    expect(new TextEncoder().encode(out).length).toBeLessThanOrEqual(100_000);
    let v = JSON.parse(out);
    for (let i = 0; i < 1000; i++) {
      expect(Object.keys(v)).toEqual(["k", "s"]);
      if (i < 30) expect(v.s.length).toBeGreaterThan(0);
      v = v.k;
    }
    expect(v).toBe(1);
  });
});
