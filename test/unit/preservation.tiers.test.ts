import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { HoneyHiveSpanProcessor, computeSpanLimits, resolveConfig } from "../../src/index.js";
import { addRanges, listPosition, tierMatcher, RESULT_ATTRIBUTE_PATTERNS } from "../../src/preservation/tiers.js";

function tracer(extra: Record<string, unknown> = {}) {
  const options = { maxAttributes: 1024, serverUrl: "http://127.0.0.1:9", env: {}, ...extra };
  const processor = new HoneyHiveSpanProcessor(options);
  const provider = new BasicTracerProvider({ spanLimits: computeSpanLimits(resolveConfig(options, {})), spanProcessors: [processor] });
  return provider.getTracer("t");
}

/** What OpenInference writes for a chat call: the messages first, the result last. */
function openInferenceCall(span: any, messages: number) {
  span.setAttribute("llm.input_messages.0.message.role", "system");
  span.setAttribute("llm.input_messages.0.message.content", "You are terse.");
  for (let i = 1; i < messages; i++) {
    span.setAttribute(`llm.input_messages.${i}.message.role`, i % 2 ? "user" : "assistant");
    span.setAttribute(`llm.input_messages.${i}.message.content`, `message ${i}`);
  }
  span.setAttribute("output.value", "the answer");
  span.setAttribute("llm.output_messages.0.message.content", "the answer");
  span.setAttribute("llm.token_count.prompt", 4000);
  span.setAttribute("llm.token_count.total", 4010);
  span.setAttribute("llm.model_name", "gpt-test");
  span.setAttribute("llm.finish_reason", "stop");
}

describe("result tier and bulk lists on a full span", () => {
  it("keeps outputs, usage, model and finish, the system prompt and the newest messages; records the dropped range", () => {
    const span: any = tracer().startSpan("ChatCompletion");
    openInferenceCall(span, 1500);
    span.end();
    const a = span.attributes;
    const keys = Object.keys(a);
    expect(keys.length).toBe(1024);
    for (const k of ["output.value", "llm.output_messages.0.message.content", "llm.token_count.prompt", "llm.token_count.total", "llm.model_name", "llm.finish_reason"]) {
      expect(a[k], k).toBeDefined();
    }
    expect(a["llm.input_messages.0.message.content"]).toBe("You are terse.");
    expect(a["llm.input_messages.1499.message.content"]).toBe("message 1499");
    expect(a["llm.input_messages.1499.message.role"]).toBe("user");
    // one range: every element outside it is there, none strictly inside (its ends may be partial)
    const range = a["honeyhive.dropped.llm.input_messages"];
    expect(range).toMatch(/^\d+-\d+$/);
    const [lo, hi] = String(range).split("-").map(Number);
    const present = new Set(keys.filter((k) => k.startsWith("llm.input_messages.")).map((k) => listPosition(k)!.index));
    expect(lo).toBeGreaterThan(1);
    expect(hi).toBeLessThan(1499);
    for (let i = 0; i < 1500; i++) if (i < lo || i > hi || (i > lo && i < hi)) expect(present.has(i), `index ${i}`).toBe(i < lo || i > hi);
    // every key offered (core 6 at start + event type at end + 2 × 1500 + 6 results) is either exported or counted
    const ours = keys.filter((k) => k.startsWith("honeyhive.dropped.")).length;
    expect(span.droppedAttributesCount).toBe(6 + 1 + 3000 + 6 - (keys.length - ours));
    expect(span._hhAside).toBeUndefined();
  });

  it("a result key set while the span is not yet over gives way only from the middle of a list", () => {
    const span: any = tracer().startSpan("ChatCompletion");
    span.setAttribute("llm.input_messages.0.message.content", "system");
    for (let i = 1; i < 1017; i++) span.setAttribute(`llm.input_messages.${i}.message.content`, `m${i}`);
    span.setAttribute("input.mime_type", "text/plain");
    span.setAttribute("output.value", "answer");
    span.setAttribute("llm.token_count.total", 7);
    span.end();
    const a = span.attributes;
    expect(Object.keys(a).length).toBe(1024);
    expect(a["output.value"]).toBe("answer");
    expect(a["llm.token_count.total"]).toBe(7);
    expect(a["input.mime_type"]).toBe("text/plain");
    expect(a["llm.input_messages.0.message.content"]).toBe("system");
    expect(a["llm.input_messages.1016.message.content"]).toBe("m1016");
    expect(a["honeyhive.dropped.llm.input_messages"]).toMatch(/^1-\d$/);
  });

  it("apps extend the tier with patterns, from options and env", () => {
    for (const t of [tracer({ preserveAttributes: ["myapp.answer", "myapp.score.*"] }), tracer({ env: { HH_PRESERVE_ATTRIBUTES: "myapp.answer, myapp.score.*" } })]) {
      const span: any = t.startSpan("s");
      for (let i = 0; i < 2000; i++) span.setAttribute(`bulk.${i}`, "x");
      span.setAttribute("myapp.answer", "42");
      span.setAttribute("myapp.score.f1", 0.9);
      span.setAttribute("myapp.other", 1);
      span.end();
      expect(span.attributes["myapp.answer"]).toBe("42");
      expect(span.attributes["myapp.score.f1"]).toBe(0.9);
      expect(span.attributes["myapp.other"]).toBeUndefined();
      expect(Object.keys(span.attributes).length).toBe(1024);
    }
    expect(() => resolveConfig({ preserveAttributes: ["a b"] })).toThrow(/preserveAttributes entries/);
    expect(() => resolveConfig({ preserveAttributes: "a.*" as never })).toThrow(/must be an array/);
  });

  it("preserveCoreAttributes: false is plain OpenTelemetry again", () => {
    const span: any = tracer({ preserveCoreAttributes: false }).startSpan("s");
    openInferenceCall(span, 1500);
    span.end();
    expect(span.attributes["output.value"]).toBeUndefined();
    expect(span.attributes["llm.input_messages.1499.message.content"]).toBeUndefined();
  });
});

describe("tier matching", () => {
  it("matches exact keys and prefixes, and nothing else", () => {
    const m = tierMatcher(RESULT_ATTRIBUTE_PATTERNS);
    for (const k of ["honeyhive_outputs.result", "honeyhive_error", "output.value", "gen_ai.usage.input_tokens", "gen_ai.response.finish_reasons", "gen_ai.request.model", "llm.model_name", "exception.message", "gen_ai.output.messages"]) {
      expect(m(k), k).toBe(true);
    }
    for (const k of ["honeyhive_inputs.x", "honeyhive_outputs", "input.value", "llm.input_messages.0", "gen_ai.request.temperature", "gen_ai.output.messages.x", "", "é", "o"]) {
      expect(m(k), k).toBe(false);
    }
    expect(tierMatcher(["*"])("anything")).toBe(true);
  });

  it("finds a list position and merges ranges", () => {
    expect(listPosition("a.b.12.c")).toEqual({ list: "a.b", index: 12 });
    expect(listPosition("a.01.c")).toBeUndefined();
    expect(listPosition("a.b")).toBeUndefined();
    expect(addRanges("1-3", [[4, 4], [9, 9]])).toBe("1-4,9-9");
    expect(addRanges("1-4,9-9", [[5, 8]])).toBe("1-9");
    expect(addRanges(undefined, [[7, 7]])).toBe("7-7");
  });
});
