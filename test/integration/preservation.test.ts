import { trace } from "@opentelemetry/api";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import type { ReceivedSpan } from "../../receiver/index.js";
import { CORE_ATTRIBUTES, HoneyHiveSpanProcessor, HoneyHiveTracer } from "../../runtimes/node/index.js";
import { receiverOptions, useReceiver } from "../helpers/setup.js";

const ctx = useReceiver();

function many(n: number, prefix = "user.attr"): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) out[`${prefix}.${i}`] = `value ${i}`;
  return out;
}

/** What every test checks: the backend took the span, core intact, count within the limit. */
function expectPreserved(span: ReceivedSpan, limit: number, sessionId: string) {
  expect(span.attributes["honeyhive.session_id"]).toBe(sessionId);
  expect(span.attributes["traceloop.association.properties.session_id"]).toBe(sessionId);
  expect(span.attributes["honeyhive.project"]).toBe("test-project");
  expect(span.attributes["honeyhive.source"]).toBe("dev");
  expect(span.attributes["honeyhive_event_type"]).toBeTruthy();
  expect(span.attributes["honeyhive_event_name"]).toBe(span.name);
  expect(span.attributes["honeyhive.session_auto_create"]).toBe(true);
  expect(span.attributeKeys.length).toBeLessThanOrEqual(limit);
}

async function exported(tracer: HoneyHiveTracer, n = 1): Promise<ReceivedSpan[]> {
  await tracer.flush();
  expect(ctx.receiver.rejected).toEqual([]);
  return ctx.receiver.waitForSpans(n);
}

describe("core attribute preservation through the exporter and receiver", () => {
  it("core set at start, then 5,000 attributes", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 1024 });
    tracer.trace("tool.search", (span) => {
      span.setAttributes(many(5000));
      return "done";
    }, { eventType: "tool" });
    const [span] = await exported(tracer);
    expectPreserved(span, 1024, tracer.sessionId);
    expect(span.attributeKeys.length).toBe(1024);
    // a root span: 6 core keys at start (no parent id, no session name) + event type + 5,000 user keys + one output key,
    // and one slot for the record of the list's dropped range
    expect(span.droppedAttributesCount).toBe(6 + 1 + 5000 + 1 - 1024 + 1);
    expect(span.attributes["honeyhive_event_type"]).toBe("tool");
    expect(span.attributes["honeyhive_outputs.result"]).toBe("done");
    // a list gives way from its middle: its first element and its newest stay, one attribute says which went
    const user = span.attributeKeys.filter((k) => k.startsWith("user.attr.")).map((k) => Number(k.slice(10)));
    expect(user[0]).toBe(0);
    expect(user).toContain(4999);
    const [lo, hi] = String(span.attributes["honeyhive.dropped.user.attr"]).split("-").map(Number);
    expect(user.filter((i) => i >= lo && i <= hi)).toEqual([]);
    expect(user.length + (hi - lo + 1)).toBe(5000);
  });

  it("5,000 attributes, then core attributes set last", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 1024 });
    const span = tracer.getTracer("manual").startSpan("chat.completion");
    span.setAttributes(many(5000));
    span.setAttribute("honeyhive_event_type", "model");
    span.setAttribute("honeyhive.session_id", "late-session");
    span.end();
    const [got] = await exported(tracer);
    expect(got.attributes["honeyhive_event_type"]).toBe("model");
    expectPreserved({ ...got, attributes: { ...got.attributes, "traceloop.association.properties.session_id": "late-session" } }, 1024, "late-session");
    expect(got.attributeKeys.length).toBe(1024);
    expect(got.droppedAttributesCount).toBe(6 + 5000 + 1 - 1024 + 1); // + the slot of honeyhive.dropped.user.attr
  });

  it("startSpan with 2,000 initial attributes", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 1024 });
    tracer.getTracer("manual").startSpan("retrieve", { attributes: many(2000) }).end();
    const [span] = await exported(tracer);
    expectPreserved(span, 1024, tracer.sessionId);
    expect(span.attributeKeys.length).toBe(1024);
    expect(span.droppedAttributesCount).toBe(2000 + 7 - 1024 + 1); // + the slot of honeyhive.dropped.user.attr
    expect(span.attributes["honeyhive.dropped.user.attr"]).toBe("1-8"); // 7 core keys and the record itself
  });

  it("setAttributes with one huge flattened object", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 500 });
    const response = { results: Array.from({ length: 1500 }, (_, i) => ({ id: i, title: `résultat ${i} 検索` })) };
    tracer.trace("tool.call", () => tracer.enrichSpan({ outputs: response }));
    const [span] = await exported(tracer);
    expectPreserved(span, 500, tracer.sessionId);
    expect(span.attributeKeys.length).toBe(500);
    expect(span.attributes["honeyhive_outputs.results.0.title"]).toBe("résultat 0 検索");
  });

  it("a third-party tracer from the global API", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 300 });
    const span = trace.getTracer("some-instrumentation", "1.2.3").startSpan("openai.chat");
    span.setAttributes(many(3000, "gen_ai.prompt"));
    span.setAttribute("gen_ai.operation.name", "chat"); // set late, on a full span: protected with the results
    span.end();
    const [got] = await exported(tracer);
    expect(got.scope.name).toBe("some-instrumentation");
    expectPreserved(got, 300, tracer.sessionId);
    // the key the event type is detected from survived the full span, so this model call is not a "tool"
    expect(got.attributes["gen_ai.operation.name"]).toBe("chat");
    expect(got.attributes["honeyhive_event_type"]).toBe("model");
  });

  it("detects the event type from gen_ai and openinference attributes", async () => {
    const tracer = HoneyHiveTracer.init(receiverOptions(ctx.receiver));
    const t = trace.getTracer("third-party");
    t.startSpan("a", { attributes: { "gen_ai.operation.name": "chat" } }).end();
    t.startSpan("b", { attributes: { "gen_ai.operation.name": "invoke_agent" } }).end();
    t.startSpan("c", { attributes: { "openinference.span.kind": "LLM" } }).end();
    t.startSpan("d", { attributes: { "openinference.span.kind": "RETRIEVER" } }).end();
    t.startSpan("e").end();
    const spans = await exported(tracer, 5);
    const type = (name: string) => spans.find((s) => s.name === name)?.attributes["honeyhive_event_type"];
    expect([type("a"), type("b"), type("c"), type("d"), type("e")]).toEqual(["model", "chain", "model", "tool", "tool"]);
  });

  it("a user's provider with the default limit of 128", async () => {
    const processor = new HoneyHiveSpanProcessor(receiverOptions(ctx.receiver));
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    const span = provider.getTracer("vercel-otel-like").startSpan("handler");
    span.setAttributes(many(400));
    span.setAttribute("honeyhive_event_type", "chain");
    span.end();
    await processor.forceFlush();
    const [got] = await ctx.receiver.waitForSpans(1);
    expect(ctx.receiver.rejected).toEqual([]);
    expectPreserved({ ...got, attributes: { ...got.attributes, "honeyhive.project": "test-project" } }, 128, processor.sessionId);
    expect(got.attributeKeys.length).toBe(128);
    expect(got.attributes["honeyhive_event_type"]).toBe("chain");
    expect(ctx.warnings.filter((w) => w.includes("at most 128 attributes"))).toHaveLength(1);
    expect(ctx.warnings.find((w) => w.includes("at most 128"))).toMatch(/OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT=1024/);
  });

  it("updates to a core value after the span is full", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 200 });
    const span = tracer.getTracer("manual").startSpan("step");
    span.setAttribute("honeyhive_event_type", "tool");
    span.setAttributes(many(1000));
    span.setAttribute("honeyhive_event_type", "model");
    span.setAttribute("honeyhive.session_id", "updated-session");
    span.end();
    const [got] = await exported(tracer);
    expect(got.attributes["honeyhive_event_type"]).toBe("model");
    expect(got.attributes["honeyhive.session_id"]).toBe("updated-session");
    expect(got.attributeKeys.length).toBe(200);
  });

  it("preserveCoreAttributes: false brings back plain OpenTelemetry behaviour", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 200, preserveCoreAttributes: false });
    tracer.getTracer("manual").startSpan("plain", { attributes: many(500) }).end();
    await tracer.flush();
    // session id was set after the span filled up: dropped, and the backend rejects the span
    expect(ctx.receiver.accepted).toHaveLength(0);
    expect(ctx.receiver.rejected).toHaveLength(1);
    expect(ctx.receiver.rejected[0].span.attributes["honeyhive.session_id"]).toBeUndefined();
    expect(ctx.receiver.rejected[0].span.attributeKeys.length).toBe(200);
  });

  it("1,000 concurrent async traces each keep their own session id", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 128, maxQueueSize: 5000 });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        tracer.trace(`session-root-${i}`, async () => {
          await sleep(i % 7);
          await tracer.trace(`child-${i}`, async (span) => {
            span.setAttributes(many(200));
            await sleep(i % 5);
          });
        }, { sessionId: `session-${i}`, eventType: "chain" }),
      ),
    );
    await tracer.flush();
    const spans = await ctx.receiver.waitForSpans(2000);
    expect(ctx.receiver.rejected).toHaveLength(0);
    for (const s of spans) {
      const i = s.name.split("-").at(-1);
      expect(s.attributes["honeyhive.session_id"]).toBe(`session-${i}`);
      expect(s.attributeKeys.length).toBeLessThanOrEqual(128);
    }
    const roots = new Map(spans.filter((s) => s.name.startsWith("session-root")).map((s) => [s.spanId, s]));
    for (const child of spans.filter((s) => s.name.startsWith("child-"))) {
      expect(roots.get(child.parentSpanId!)?.name).toBe(`session-root-${child.name.split("-")[1]}`);
    }
  });

  it("an LLM call of 1,500 messages (12 MB), third-party: the answer, the bill and the newest turns survive", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 1024 });
    const span = trace.getTracer("openinference-like").startSpan("ChatCompletion");
    // OpenInference's order: the input messages first, the result last
    span.setAttribute("openinference.span.kind", "LLM");
    span.setAttribute("llm.input_messages.0.message.role", "system");
    span.setAttribute("llm.input_messages.0.message.content", "You are a careful assistant.");
    const filler = "x".repeat(8000);
    for (let i = 1; i < 1500; i++) {
      span.setAttribute(`llm.input_messages.${i}.message.role`, i % 2 ? "user" : "assistant");
      span.setAttribute(`llm.input_messages.${i}.message.content`, i === 1499 ? "final question" : filler);
    }
    span.setAttribute("output.value", "final answer");
    span.setAttribute("llm.output_messages.0.message.content", "final answer");
    span.setAttribute("llm.token_count.prompt", 3_000_000);
    span.setAttribute("llm.token_count.completion", 2);
    span.setAttribute("llm.model_name", "gpt-4o");
    span.setAttribute("llm.finish_reason", "stop");
    span.end();
    const [got] = await exported(tracer);
    expectPreserved(got, 1024, tracer.sessionId);
    expect(got.attributes["honeyhive_event_type"]).toBe("model");
    expect(got.attributes["output.value"]).toBe("final answer");
    expect(got.attributes["llm.output_messages.0.message.content"]).toBe("final answer");
    expect(got.attributes["llm.token_count.prompt"]).toBe(3_000_000);
    expect(got.attributes["llm.token_count.completion"]).toBe(2);
    expect(got.attributes["llm.model_name"]).toBe("gpt-4o");
    expect(got.attributes["llm.finish_reason"]).toBe("stop");
    expect(got.attributes["llm.input_messages.0.message.content"]).toBe("You are a careful assistant.");
    expect(got.attributes["llm.input_messages.1499.message.content"]).toBe("final question");
    const [lo, hi] = String(got.attributes["honeyhive.dropped.llm.input_messages"]).split("-").map(Number);
    expect(lo).toBeGreaterThan(1);
    expect(hi).toBeLessThan(1499);
    for (const k of got.attributeKeys.filter((k) => k.startsWith("llm.input_messages."))) {
      const i = Number(k.split(".")[2]);
      expect(i > lo && i < hi, k).toBe(false);
    }
    // 6 core keys at start, the event type at the end, 2 + 7 + 2 × 1,499 offered; ours: the range record
    // and the original sizes of the values the span budget cut
    const ours = got.attributeKeys.filter((k) => k.startsWith("honeyhive.dropped.") || k.startsWith("honeyhive.truncated.")).length;
    expect(got.droppedAttributesCount).toBe(6 + 1 + 1 + 2 + 2998 + 6 - (got.attributeKeys.length - ours));
    expect(got.attributeKeys.length).toBe(1024);
  });

  it("trace(): outputs and the error survive inputs that fill the span", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 200 });
    const messages = Array.from({ length: 500 }, (_, i) => ({ role: i === 0 ? "system" : "user", content: `turn ${i}` }));
    tracer.trace("chat", () => ({ text: "the answer", usage: { total_tokens: 9 } }), { inputs: { messages } });
    expect(() => tracer.trace("fails", () => { throw new Error("boom"); }, { inputs: { messages } })).toThrow("boom");
    const spans = await exported(tracer, 2);
    const chat = spans.find((s) => s.name === "chat")!;
    const fails = spans.find((s) => s.name === "fails")!;
    expect(chat.attributes["honeyhive_outputs.text"]).toBe("the answer");
    expect(chat.attributes["honeyhive_outputs.usage.total_tokens"]).toBe(9);
    expect(chat.attributes["honeyhive_inputs.messages.0.content"]).toBe("turn 0");
    expect(String(fails.attributes["honeyhive_error"])).toContain("boom");
    for (const s of [chat, fails]) expectPreserved(s, 200, tracer.sessionId);
  });

  it("trace() with 100,000 input rows: the keys a span holds are built, the rest counted; first and newest rows kept", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 1024 });
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `row ${i}` }));
    tracer.trace("load", () => "ok", { inputs: { rows }, eventType: "tool" });
    const [span] = await exported(tracer);
    expectPreserved(span, 1024, tracer.sessionId);
    expect(span.attributeKeys.length).toBe(1024);
    expect(span.attributes["honeyhive_inputs.rows.0.name"]).toBe("row 0");
    expect(span.attributes["honeyhive_inputs.rows.99999.name"]).toBe("row 99999");
    expect(span.attributes["honeyhive_outputs.result"]).toBe("ok");
    expect(String(span.attributes["honeyhive.dropped.honeyhive_inputs.rows"])).toMatch(/^\d+-\d+$/);
    // offered: 6 core keys at start, the event type, 200,000 leaves, one output; ours: the range record
    expect(span.droppedAttributesCount).toBe(6 + 1 + 200_000 + 1 - (1024 - 1));
  });

  it("lists the core attributes once, as DESIGN.md fixes them", () => {
    expect([...CORE_ATTRIBUTES]).toEqual([
      "honeyhive.session_id", "honeyhive.project", "honeyhive.source", "honeyhive_event_type",
      "honeyhive_event_name", "honeyhive.parent_id", "honeyhive.session_auto_create", "honeyhive.session_name",
      "traceloop.association.properties.session_id",
    ]);
  });
});
