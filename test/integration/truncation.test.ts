import { trace } from "@opentelemetry/api";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { HoneyHiveSpanProcessor, HoneyHiveTracer, TRUNCATION_MARKER, utf8ByteLength } from "../../runtimes/node/index.js";
import { receiverOptions, useReceiver } from "../helpers/setup.js";

const ctx = useReceiver();
const MB = 1024 * 1024;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function wellFormed(s: string) {
  expect(LONE_SURROGATE.test(s)).toBe(false);
  expect(s.includes("\uFFFD")).toBe(false); // the inputs have none, so one would mean broken bytes
}

describe("byte-accurate truncation through the exporter and receiver", () => {
  it("a 20 MB emoji/CJK value with maxAttributeLength 1MB arrives ≤ 1 MB, whole characters, marker and original size", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), env: { HH_MAX_ATTRIBUTE_LENGTH: "1MB" } });
    const huge = "東京😀é".repeat(Math.ceil((20 * MB) / 10)); // 10 bytes per repeat
    const bytes = utf8ByteLength(huge);
    expect(bytes).toBeGreaterThanOrEqual(20 * MB);
    tracer.trace("tool.fetch", (span) => {
      span.setAttribute("honeyhive_outputs.body", huge);
    });
    await tracer.flush();
    const [span] = await ctx.receiver.waitForSpans(1);
    const got = span.attributes["honeyhive_outputs.body"] as string;
    expect(utf8ByteLength(got)).toBeLessThanOrEqual(MB);
    expect(utf8ByteLength(got)).toBeGreaterThan(MB - 16); // maximal: at most one character + marker short
    expect(got.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(huge.startsWith(got.slice(0, -TRUNCATION_MARKER.length))).toBe(true);
    wellFormed(got);
    expect(span.attributes["honeyhive.truncated.honeyhive_outputs.body.original_bytes"]).toBe(bytes);
  });

  it("initial attributes and third-party spans are cut by bytes too, before the SDK's UTF-16 cut", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributeLength: 1024 });
    const value = "😀".repeat(1000); // 4,000 bytes, 2,000 UTF-16 units
    trace.getTracer("third-party").startSpan("x", { attributes: { "gen_ai.prompt": value, plain: "short" } }).end();
    await tracer.flush();
    const [span] = await ctx.receiver.waitForSpans(1);
    const got = span.attributes["gen_ai.prompt"] as string;
    expect(utf8ByteLength(got)).toBeLessThanOrEqual(1024);
    expect(got.endsWith(TRUNCATION_MARKER)).toBe(true);
    wellFormed(got);
    expect(span.attributes["honeyhive.truncated.gen_ai.prompt.original_bytes"]).toBe(4000);
    expect(span.attributes.plain).toBe("short");
  });

  it("a user's provider with a lower value limit (1501): cut by bytes first, never a split character; one warning", async () => {
    const processor = new HoneyHiveSpanProcessor(receiverOptions(ctx.receiver));
    const provider = new BasicTracerProvider({ spanLimits: { attributeValueLengthLimit: 1501 }, spanProcessors: [processor] });
    const value = "a😀".repeat(1000); // 5,000 bytes, 3,000 UTF-16 units: unit 1501 is the first half of an emoji
    for (const name of ["one", "two"]) {
      const span = provider.getTracer("user-provider").startSpan(name);
      span.setAttribute("output.value", value);
      span.addEvent("chunk", { text: value });
      span.end();
    }
    await processor.forceFlush();
    const spans = await ctx.receiver.waitForSpans(2);
    expect(ctx.receiver.rejected).toEqual([]);
    for (const span of spans) {
      const got = span.attributes["output.value"] as string;
      expect(utf8ByteLength(got)).toBeLessThanOrEqual(1501);
      expect(utf8ByteLength(got)).toBeGreaterThan(1501 - 20);
      expect(got.endsWith(TRUNCATION_MARKER)).toBe(true);
      expect(value.startsWith(got.slice(0, -TRUNCATION_MARKER.length))).toBe(true);
      wellFormed(got);
      expect(span.attributes["honeyhive.truncated.output.value.original_bytes"]).toBe(5000);
      const text = span.events[0].attributes.text as string;
      expect(utf8ByteLength(text)).toBeLessThanOrEqual(1501);
      wellFormed(text);
    }
    expect(ctx.warnings.filter((w) => w.includes("cuts attribute values at 1501"))).toHaveLength(1);
  });

  it("event attributes are cut by bytes", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributeLength: 1024 });
    tracer.trace("with-event", (span) => {
      span.addEvent("chunk", { text: "é".repeat(3000) });
    });
    await tracer.flush();
    const [span] = await ctx.receiver.waitForSpans(1);
    const text = span.events[0].attributes.text as string;
    expect(utf8ByteLength(text)).toBeLessThanOrEqual(1024);
    wellFormed(text);
  });

  it("maxSpanSize: 300 values of 100 KB with a 5 MB budget arrive ≤ 5 MB, every core attribute whole", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), env: { HH_MAX_SPAN_SIZE: "5MB" } });
    const sessionId = "s".repeat(200);
    tracer.trace("rag.context", (span) => {
      for (let i = 0; i < 300; i++) span.setAttribute(`honeyhive_inputs.docs.${i}`, `${i}:`.padEnd(100 * 1024, "ü"));
    }, { sessionId, eventType: "tool" });
    await tracer.flush();
    const [span] = await ctx.receiver.waitForSpans(1);
    let total = 0;
    for (const [k, v] of Object.entries(span.attributes)) {
      total += utf8ByteLength(k) + (typeof v === "string" ? utf8ByteLength(v) : 8);
    }
    expect(total).toBeLessThanOrEqual(5 * MB);
    expect(total).toBeGreaterThan(4 * MB); // shrunk to fit, not wiped
    expect(span.attributes["honeyhive.session_id"]).toBe(sessionId);
    expect(span.attributes["honeyhive_event_type"]).toBe("tool");
    expect(span.attributes["honeyhive.project"]).toBe("test-project");
    const docs = Object.keys(span.attributes).filter((k) => k.startsWith("honeyhive_inputs.docs."));
    expect(docs).toHaveLength(300); // values shrink, keys stay
    for (const k of docs) wellFormed(span.attributes[k] as string);
    expect(span.attributes["honeyhive.truncated.honeyhive_inputs.docs.0.original_bytes"]).toBeGreaterThan(100 * 1024);
  });

  it("events count in maxSpanSize: 128 events of 8 MB against 10 MiB go out as one request of ~10 MiB, the newest events kept", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), compression: "none" });
    const chunk = "é".repeat(4 * MB); // 8 MB of UTF-8, one string shared by every event
    tracer.trace("llm.stream", (span) => {
      for (let i = 0; i < 128; i++) span.addEvent(`chunk ${i}`, { text: chunk, index: i });
      span.setAttribute("honeyhive_outputs.text", "done");
    });
    await tracer.flush();
    const [span] = await ctx.receiver.waitForSpans(1);
    let bytes = 0;
    for (const event of span.events) {
      bytes += utf8ByteLength(event.name);
      for (const [k, v] of Object.entries(event.attributes)) bytes += utf8ByteLength(k) + (typeof v === "string" ? utf8ByteLength(v) : 8);
    }
    for (const [k, v] of Object.entries(span.attributes)) bytes += utf8ByteLength(k) + (typeof v === "string" ? utf8ByteLength(v) : 8);
    expect(bytes).toBeLessThanOrEqual(10 * MB);
    expect(span.events.length).toBeGreaterThan(0);
    expect(span.events.at(-1)!.name).toBe("chunk 127"); // the oldest went first
    expect(span.droppedEventsCount).toBe(128 - span.events.length);
    for (const e of span.events) {
      expect((e.attributes.text as string).endsWith(TRUNCATION_MARKER)).toBe(true);
      wellFormed(e.attributes.text as string);
    }
    expect(span.attributes["honeyhive_outputs.text"]).toBe("done");
    const sent = ctx.receiver.requests.filter((r) => r.spanCount > 0);
    expect(sent).toHaveLength(1);
    expect(sent[0].bytes).toBeLessThanOrEqual(10 * MB + 64 * 1024); // maxSpanSize plus framing
  });

  it("events over maxSpanSize: the oldest go first, counted, the newest keep their values within the budget", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxSpanSize: MB });
    tracer.trace("agent.loop", (span) => {
      for (let i = 0; i < 20; i++) {
        const attributes: Record<string, string> = {};
        for (let j = 0; j < 100; j++) attributes[`field.${j}`] = `${i}:`.padEnd(10 * 1024, "ü");
        span.addEvent(`step ${i}`, attributes);
      }
    });
    await tracer.flush();
    const [span] = await ctx.receiver.waitForSpans(1);
    expect(span.events.length).toBeGreaterThan(2);
    expect(span.events.length).toBeLessThan(20);
    expect(span.droppedEventsCount).toBe(20 - span.events.length);
    expect(span.events.map((e) => e.name)).toEqual(Array.from({ length: span.events.length }, (_, k) => `step ${20 - span.events.length + k}`));
    let bytes = 0;
    for (const e of span.events) for (const [k, v] of Object.entries(e.attributes)) bytes += utf8ByteLength(k) + utf8ByteLength(String(v));
    expect(bytes).toBeLessThanOrEqual(MB);
    expect(bytes).toBeGreaterThan(MB / 2);
  });

  it("a JSON object value (input.value, application/json) stays a valid object; a message list keeps its system message", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributeLength: 4096 });
    const messages = [{ role: "system", content: "Answer in French." }, ...Array.from({ length: 200 }, (_, i) => ({ role: "user", content: `question ${i} 😀` }))];
    const span = trace.getTracer("openinference-like").startSpan("ChatCompletion");
    span.setAttribute("input.mime_type", "application/json");
    span.setAttribute("input.value", JSON.stringify({ model: "gpt-4o", messages, stream: false }));
    span.setAttribute("llm.input_messages", JSON.stringify(messages));
    span.end();
    await tracer.flush();
    const [got] = await ctx.receiver.waitForSpans(1);
    const value = got.attributes["input.value"] as string;
    expect(utf8ByteLength(value)).toBeLessThanOrEqual(4096);
    const input = JSON.parse(value);
    expect(input.model).toBe("gpt-4o");
    expect(input.stream).toBe(false);
    expect(input.messages[0]).toEqual(messages[0]);
    expect(input.messages.at(-1)).toEqual(messages.at(-1));
    expect(got.attributes["honeyhive.truncated.input.value.original_bytes"]).toBeGreaterThan(4096);
    const list = JSON.parse(got.attributes["llm.input_messages"] as string);
    expect(list[0]).toEqual(messages[0]);
    expect(list[1]).toMatch(/earlier items truncated/);
    expect(list.at(-1)).toEqual(messages.at(-1));
  });

  it("a JSON message list stays parseable and keeps the newest messages", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributeLength: 4096 });
    const messages = Array.from({ length: 200 }, (_, i) => ({ role: i % 2 ? "assistant" : "user", content: `message ${i}: こんにちは 👋` }));
    tracer.trace("llm.chat", (span) => {
      span.setAttribute("gen_ai.prompt.messages", JSON.stringify(messages));
    }, { eventType: "model" });
    await tracer.flush();
    const [span] = await ctx.receiver.waitForSpans(1);
    const got = span.attributes["gen_ai.prompt.messages"] as string;
    expect(utf8ByteLength(got)).toBeLessThanOrEqual(4096);
    const parsed = JSON.parse(got);
    expect(Array.isArray(parsed)).toBe(true);
    expect(typeof parsed[0]).toBe("string"); // the marker element
    expect(parsed[0]).toMatch(/truncated/);
    expect(parsed.at(-1)).toEqual(messages.at(-1));
  });
});
