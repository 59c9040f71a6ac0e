// Review of core attribute preservation: batched room-making, the newest list elements restored whatever was refused
// first, the dropped-range record never refused, and the unload shrink by tier.
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { CORE_ATTRIBUTES, HoneyHiveSpanProcessor, computeSpanLimits, resolveConfig } from "../../src/index.js";
import { jsonEncoding } from "../../src/export/encoding.js";
import { listPosition } from "../../src/preservation/tiers.js";
import { setFlattened } from "../../src/tracer/flatten.js";
import { shrinkSpanToFit, shrinkerFor } from "../../src/truncation/shrink-span.js";

function tracer(extra: Record<string, unknown> = {}) {
  const options = { maxAttributes: 1024, serverUrl: "http://127.0.0.1:9", env: {}, ...extra };
  const processor = new HoneyHiveSpanProcessor(options);
  const provider = new BasicTracerProvider({ spanLimits: computeSpanLimits(resolveConfig(options, {})), spanProcessors: [processor] });
  return provider.getTracer("t");
}

/** Counts the passes over a span's attribute keys (Object.keys, for…in) while `fn` runs. */
function countScans(span: any, fn: () => void): number {
  let scans = 0;
  const target = span.attributes;
  span.attributes = new Proxy(target, {
    ownKeys(t) {
      scans++;
      return Reflect.ownKeys(t);
    },
  });
  try {
    fn();
  } finally {
    span.attributes = target;
  }
  return scans;
}

const messages = (n: number) => ({ messages: Array.from({ length: n }, (_, i) => ({ content: `message ${i}` })) });

describe("room for result keys on a full span is made in one pass, not one per key", () => {
  it("500 output keys onto a span full of input: at most two scans of its keys, the same result as one key at a time", () => {
    const span: any = tracer().startSpan("s");
    setFlattened(span, messages(2000), "honeyhive_inputs");
    expect(Object.keys(span.attributes).length).toBe(1024);
    expect(span.attributes["honeyhive.dropped.honeyhive_inputs.messages"]).toBe("509-1491");
    const outputs = { items: Array.from({ length: 500 }, (_, i) => `out ${i}`) };
    const scans = countScans(span, () => setFlattened(span, outputs, "honeyhive_outputs", true));
    expect(scans).toBeLessThanOrEqual(2);
    span.end();
    const a = span.attributes;
    expect(Object.keys(a).length).toBe(1024);
    for (let i = 0; i < 500; i++) expect(a[`honeyhive_outputs.items.${i}`]).toBe(`out ${i}`);
    // the list gave way next to its dropped range, the oldest above it first (and once more for the event type at the end)
    expect(a["honeyhive.dropped.honeyhive_inputs.messages"]).toBe("509-1992");
    expect(a["honeyhive_inputs.messages.508.content"]).toBe("message 508");
    expect(a["honeyhive_inputs.messages.1993.content"]).toBe("message 1993");
    expect(span.droppedAttributesCount).toBe(1484);
  });

  it("result keys set one by one on a full span: at most two scans, the list still one range", () => {
    const span: any = tracer().startSpan("s");
    for (let i = 0; i < 1018; i++) span.setAttribute(`bulk.${i}`, "x");
    const scans = countScans(span, () => {
      for (let i = 0; i < 300; i++) span.setAttribute(`output.value.${i}`, `r${i}`);
    });
    expect(scans).toBeLessThanOrEqual(2);
    span.end();
    const a = span.attributes;
    for (let i = 0; i < 300; i++) expect(a[`output.value.${i}`]).toBe(`r${i}`);
    expect(a["honeyhive.dropped.bulk"]).toBe("1-302"); // the record, 300 results and the event type at the end
    expect(Object.keys(a).length).toBe(1024);
  });
});

describe("the newest refused list elements come back at the end", () => {
  it("after result keys made room both before and after the span began refusing: the record names exactly what is missing", () => {
    const span: any = tracer().startSpan("ChatCompletion");
    for (let i = 0; i < 1018; i++) span.setAttribute(`llm.input_messages.${i}.message.content`, `m${i}`);
    span.setAttribute("output.value", "answer"); // the span's plan is made, nothing refused yet
    for (let i = 1018; i < 1500; i++) span.setAttribute(`llm.input_messages.${i}.message.content`, `m${i}`);
    span.setAttribute("llm.token_count.total", 7); // refusals began: room from just below the refused ones
    span.end();
    const a = span.attributes;
    expect(Object.keys(a).length).toBe(1024);
    expect(a["output.value"]).toBe("answer");
    expect(a["llm.token_count.total"]).toBe(7);
    expect(a["llm.input_messages.0.message.content"]).toBe("m0");
    expect(a["llm.input_messages.1499.message.content"]).toBe("m1499");
    const present = Object.keys(a).filter((k) => k.startsWith("llm.input_messages.")).map((k) => listPosition(k)!.index);
    const ranges = String(a["honeyhive.dropped.llm.input_messages"]).split(",").map((r) => r.split("-").map(Number));
    expect(ranges).toEqual([[1, 2], [1000, 1483]]); // the oldest first while nothing was refused, then below the refused
    const dropped = (i: number) => ranges.some(([lo, hi]) => i >= lo && i <= hi);
    for (let i = 0; i < 1500; i++) expect(present.includes(i), `index ${i}`).toBe(!dropped(i));
    // every key offered (7 core + 1500 + 2 results) is exported or counted
    expect(span.droppedAttributesCount).toBe(7 + 1500 + 2 - (1024 - 1));
  });

  it("whatever key was refused first", () => {
    const span: any = tracer().startSpan("ChatCompletion");
    for (let i = 0; i < 1018; i++) span.setAttribute(`llm.input_messages.${i}.message.content`, `m${i}`);
    expect(Object.keys(span.attributes).length).toBe(1024);
    span.setAttribute("input.mime_type", "text/plain"); // refused first: not a list element
    for (let i = 1018; i < 1500; i++) span.setAttribute(`llm.input_messages.${i}.message.content`, `m${i}`);
    span.end();
    const a = span.attributes;
    expect(Object.keys(a).length).toBe(1024);
    expect(a["llm.input_messages.1499.message.content"]).toBe("m1499");
    expect(a["llm.input_messages.0.message.content"]).toBe("m0");
    const range = String(a["honeyhive.dropped.llm.input_messages"]);
    expect(range).toMatch(/^\d+-\d+$/);
    const [lo, hi] = range.split("-").map(Number);
    const present = new Set(Object.keys(a).filter((k) => k.startsWith("llm.input_messages.")).map((k) => listPosition(k)!.index));
    for (let i = 0; i < 1500; i++) expect(present.has(i), `index ${i}`).toBe(i < lo || i > hi);
    expect(span._hhAside).toBeUndefined();
  });

  it("when a result key made room before the first list element was refused", () => {
    const span: any = tracer().startSpan("ChatCompletion");
    for (let i = 0; i < 1018; i++) span.setAttribute(`llm.input_messages.${i}.message.content`, `m${i}`);
    span.setAttribute("input.mime_type", "text/plain"); // refused
    span.setAttribute("output.value", "answer"); // takes a slot while no list element is refused yet
    for (let i = 1018; i < 1500; i++) span.setAttribute(`llm.input_messages.${i}.message.content`, `m${i}`);
    span.end();
    expect(span.attributes["output.value"]).toBe("answer");
    expect(span.attributes["llm.input_messages.1499.message.content"]).toBe("m1499");
  });
});

describe("the record of what was dropped is never refused", () => {
  it("a long output list flattened onto a full span keeps its honeyhive.dropped record", () => {
    const span: any = tracer().startSpan("s");
    for (let i = 0; i < 1018; i++) span.setAttribute(`bulk_${i}`, "x"); // no list: nothing gives way from a middle
    const items = Array.from({ length: 3000 }, (_, i) => `o${i}`);
    setFlattened(span, { items }, "honeyhive_outputs", true);
    span.end();
    const a = span.attributes;
    const range = a["honeyhive.dropped.honeyhive_outputs.items"];
    expect(range).toMatch(/^\d+-\d+$/);
    const [lo, hi] = String(range).split("-").map(Number);
    expect(a[`honeyhive_outputs.items.${lo - 1}`]).toBe(`o${lo - 1}`);
    expect(a[`honeyhive_outputs.items.${hi + 1}`]).toBe(`o${hi + 1}`);
    expect(a[`honeyhive_outputs.items.${lo}`]).toBeUndefined();
    expect(a["honeyhive_outputs.items.2999"]).toBe("o2999");
    expect(Object.keys(a).length).toBe(1024);
  });

  it("set directly on a full span", () => {
    const span: any = tracer().startSpan("s");
    for (let i = 0; i < 2000; i++) span.setAttribute(`bulk_${i}`, "x");
    span.setAttribute("honeyhive.dropped.app.items", "3-9");
    span.end();
    expect(span.attributes["honeyhive.dropped.app.items"]).toBe("3-9");
  });
});

describe("the unload shrink takes bulk before results, never core", () => {
  const size = (s: ReadableSpan) => jsonEncoding.encode([s]).byteLength;
  function ended(fill: (span: any) => void): ReadableSpan {
    const span: any = tracer({ maxAttributes: 4000 }).startSpan("s");
    fill(span);
    span.end();
    return span;
  }

  it("a large input is cut before a large output is", () => {
    const output = "answer ".repeat(5700); // 40 KB
    const span = ended((s) => {
      s.setAttribute("honeyhive_inputs.document", "input text ".repeat(9000)); // 99 KB
      s.setAttribute("honeyhive_outputs.text", output);
    });
    const small = shrinkSpanToFit(span, 60_000, size);
    expect(size(small)).toBeLessThanOrEqual(60_000);
    expect(small.attributes["honeyhive_outputs.text"]).toBe(output);
    expect((small.attributes["honeyhive_inputs.document"] as string).length).toBeLessThan(99_000);
    expect(small.attributes["honeyhive.truncated.honeyhive_inputs.document.original_bytes"]).toBe(99_000);
    for (const key of CORE_ATTRIBUTES) expect(small.attributes[key]).toBe(span.attributes[key]);
  });

  it("the app's preserveAttributes are results there too (shrinkerFor, which the browser's unload flush uses)", () => {
    const answer = "verdict ".repeat(5000); // 40 KB
    const span = ended((s) => {
      s.setAttribute("honeyhive_inputs.document", "input text ".repeat(9000)); // 99 KB
      s.setAttribute("app.verdict", answer);
    });
    const kept = shrinkerFor(["app.*"])(span, 60_000, size);
    expect(size(kept)).toBeLessThanOrEqual(60_000);
    expect(kept.attributes["app.verdict"]).toBe(answer);
    // without them the two are bulk alike, and the verdict is cut too
    const plain = shrinkSpanToFit(span, 60_000, size);
    expect(size(plain)).toBeLessThanOrEqual(60_000);
    expect(plain.attributes["app.verdict"]).not.toBe(answer);
  });

  it("many small inputs are dropped before the outputs and usage set after them", () => {
    const span = ended((s) => {
      for (let i = 0; i < 1500; i++) s.setAttribute(`honeyhive_inputs.items.${i}.text`, `short value ${i}`);
      for (let i = 0; i < 20; i++) s.setAttribute(`honeyhive_outputs.items.${i}`, `result ${i}`);
      s.setAttribute("gen_ai.usage.output_tokens", 42);
    });
    const small = shrinkSpanToFit(span, 30_000, size);
    expect(size(small)).toBeLessThanOrEqual(30_000);
    for (let i = 0; i < 20; i++) expect(small.attributes[`honeyhive_outputs.items.${i}`]).toBe(`result ${i}`);
    expect(small.attributes["gen_ai.usage.output_tokens"]).toBe(42);
    expect(small.attributes["honeyhive_inputs.items.0.text"]).toBe("short value 0");
    expect(small.attributes["honeyhive_inputs.items.1499.text"]).toBeUndefined();
    for (const key of CORE_ATTRIBUTES) expect(small.attributes[key]).toBe(span.attributes[key]);
  });

  it("results give way once no bulk is left, core keys still untouched", () => {
    const span = ended((s) => {
      s.setAttribute("honeyhive_inputs.q", "short");
      s.setAttribute("honeyhive_outputs.text", "answer ".repeat(12_000));
    });
    const small = shrinkSpanToFit(span, 20_000, size);
    expect(size(small)).toBeLessThanOrEqual(20_000);
    expect((small.attributes["honeyhive_outputs.text"] as string).length).toBeLessThan(20_000);
    for (const key of CORE_ATTRIBUTES) expect(small.attributes[key]).toBe(span.attributes[key]);
  });
});

describe("a value refused on a full span leaves no record of a cut", () => {
  it("a long bulk value arriving at a full span: neither it nor an original_bytes marker is kept, and no list element gives way for one", () => {
    const span: any = tracer({ maxAttributeLength: 1024 }).startSpan("s");
    setFlattened(span, messages(2000), "honeyhive_inputs");
    const range = span.attributes["honeyhive.dropped.honeyhive_inputs.messages"];
    span.setAttribute("tool.output", "x".repeat(5000));
    expect(span.attributes["tool.output"]).toBeUndefined();
    expect(span.attributes["honeyhive.truncated.tool.output.original_bytes"]).toBeUndefined();
    expect(span.attributes["honeyhive.dropped.honeyhive_inputs.messages"]).toBe(range);
    // a kept one still records its original size
    span.setAttribute("honeyhive_outputs.text", "y".repeat(5000));
    expect(span.attributes["honeyhive.truncated.honeyhive_outputs.text.original_bytes"]).toBe(5000);
  });
});
