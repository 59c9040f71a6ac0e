import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { HoneyHiveSpanProcessor, computeSpanLimits, resolveConfig } from "../../src/index.js";
import { flatten, flattenBounded, setFlattened } from "../../src/tracer/flatten.js";

function provider(maxAttributes = 1024) {
  const options = { maxAttributes, serverUrl: "http://127.0.0.1:9", env: {} };
  const processor = new HoneyHiveSpanProcessor(options);
  return new BasicTracerProvider({ spanLimits: computeSpanLimits(resolveConfig(options, {})), spanProcessors: [processor] }).getTracer("t");
}

describe("flattening bounded by the span's limits", () => {
  it("builds at most the span's room, keeps the first and the newest rows, counts the rest exactly", () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: i, text: `row ${i}`, tags: i % 3 ? ["a"] : [] }));
    const leaves = rows.reduce((n, r) => n + 2 + r.tags.length, 0);
    const span: any = provider().startSpan("load");
    setFlattened(span, { rows }, "honeyhive_inputs");
    span.end();
    const a = span.attributes;
    const keys = Object.keys(a);
    expect(keys.length).toBeLessThanOrEqual(1024);
    expect(a["honeyhive_inputs.rows.0.id"]).toBe(0);
    expect(a["honeyhive_inputs.rows.9999.text"]).toBe("row 9999");
    expect(a["honeyhive.dropped.honeyhive_inputs.rows"]).toMatch(/^\d+-\d+$/); // one range
    const [lo, hi] = String(a["honeyhive.dropped.honeyhive_inputs.rows"]).split("-").map(Number);
    expect(lo).toBeGreaterThan(100);
    expect(hi).toBeLessThan(9900);
    for (const k of keys.filter((k) => k.startsWith("honeyhive_inputs.rows."))) {
      const i = Number(k.split(".")[2]);
      expect(i <= lo || i >= hi, k).toBe(true); // the range's end elements may be partly kept
    }
    // offered: 6 core keys at start, the leaves, the event type at the end; ours: the range record
    expect(span.droppedAttributesCount).toBe(6 + leaves + 1 - (keys.length - 1));
  });

  it("flatten without a bound is unchanged: every leaf, in order", () => {
    const value = { a: [1, { b: "x", c: [true, null, undefined] }], "": 5, d: new Date(0), e: 10n };
    expect(flatten(value, "p")).toEqual({ "p.a.0": 1, "p.a.1.b": "x", "p.a.1.c.0": true, "p.d": "1970-01-01T00:00:00.000Z", "p.e": "10" });
    const cyclic: Record<string, unknown> = { x: 1 };
    cyclic.self = cyclic;
    expect(flatten(cyclic, "p")).toEqual({ "p.x": 1, "p.self": "[Circular]" });
  });

  it("counts exactly what it does not build, nested and uneven, while the count budget lasts", () => {
    const value = { list: Array.from({ length: 500 }, (_, i) => (i % 2 ? { a: 1, b: [1, 2, { c: "x" }] } : i % 3 ? "s" : { z: null, y: [] })) };
    const all = Object.keys(flatten(value, "p")).length;
    for (const room of [0, 1, 7, 40, 100, 1000]) {
      const st = flattenBounded(value, "p", room);
      const built = Object.keys(st.out).length;
      expect(built).toBeLessThanOrEqual(room);
      expect(built + st.skipped, `room ${room}`).toBe(all);
    }
  });

  it("does no work for a span that records nothing", () => {
    const span: any = provider().startSpan("x");
    span.end();
    setFlattened(span, { rows: [1, 2, 3] }, "honeyhive_inputs");
    expect(span.attributes["honeyhive_inputs.rows.0"]).toBeUndefined();
  });
});
