// traceloop's (OpenLLMetry's) openai instrumentation on the real `openai` SDK, against the fake provider: a plain
// and a streamed call under the app's span, delivered with HoneyHive's attributes and the GenAI answer and usage.
import { afterAll, describe, expect, it } from "vitest";
import { installPackedApp, type PackedApp } from "../helpers/packed-app.js";
import { ANSWER, OTEL_API, USAGE, eventType, expectCore, one, runFixture, useLoopback } from "./support.js";

const loop = useLoopback();
let app: PackedApp | undefined;
afterAll(() => app?.remove());

// CommonJS, as traceloop documents it: the instrumentation (its require hook) before require("openai")
const MAIN = `
(async () => {
  const { HoneyHiveTracer } = await import("honeyhive-edge");
  const tracer = HoneyHiveTracer.init();
  const { OpenAIInstrumentation } = require("@traceloop/instrumentation-openai");
  const instrumentation = new OpenAIInstrumentation({ enrichTokens: false });
  instrumentation.setTracerProvider(tracer.provider);
  const OpenAI = require("openai");
  const client = new OpenAI({ apiKey: "sk-fake", baseURL: process.env.FAKE_OPENAI_URL });
  const messages = [{ role: "user", content: "What is the capital of France?" }];
  const out = await tracer.trace("app.run", async () => {
    const r = await client.chat.completions.create({ model: "gpt-4o-mini", messages });
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true, stream_options: { include_usage: true } });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    // what traceloop's SDK decorators (withWorkflow / withTask) emit: named spans with traceloop.span.kind
    const { SpanAttributes, TraceloopSpanKindValues } = require("@traceloop/ai-semantic-conventions");
    const otel = tracer.getTracer("traceloop-like");
    const kind = (k) => ({ attributes: { [SpanAttributes.TRACELOOP_SPAN_KIND]: k } });
    await otel.startActiveSpan("plan_trip.workflow", kind(TraceloopSpanKindValues.WORKFLOW), async (workflow) => {
      await otel.startActiveSpan("lookup.task", kind(TraceloopSpanKindValues.TASK), async (task) => {
        await client.chat.completions.create({ model: "gpt-4o-mini", messages });
        task.end();
      });
      workflow.end();
    });
    return { answer: r.choices[0].message.content, streamed: text };
  }, { eventType: "chain" });
  await tracer.shutdown();
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe("traceloop openai instrumentation", () => {
  it("chat spans (plain and streamed) are model events under the app's span, with the answer and the usage; workflow/task kinds", async () => {
    // traceloop 0.27 patches openai ">=4 <7": the newest 6.x
    app = await installPackedApp({
      dependencies: { ...OTEL_API, openai: "6.49.0", "@traceloop/instrumentation-openai": "0.27.0", "@traceloop/ai-semantic-conventions": "0.27.0" },
      files: { "main.cjs": MAIN },
    });
    const { spans, stdout, sessionId } = await runFixture(app.dir, "main.cjs", loop);
    expect(JSON.parse(stdout)).toEqual({ answer: ANSWER, streamed: ANSWER });
    expectCore(spans, sessionId);
    const run = one(spans, "app.run");
    const workflow = one(spans, "plan_trip.workflow");
    const task = one(spans, "lookup.task");
    expect([eventType(workflow), eventType(task)]).toEqual(["chain", "tool"]);
    expect(workflow.parentSpanId).toBe(run.spanId);
    expect(task.parentSpanId).toBe(workflow.spanId);
    const chats = spans.filter((s) => s.name.startsWith("chat "));
    expect(chats.map((s) => s.name)).toEqual(["chat gpt-4o-mini", "chat gpt-4o-mini", "chat gpt-4o-mini"]);
    expect(chats.filter((s) => s.parentSpanId === task.spanId)).toHaveLength(1);
    expect(eventType(run)).toBe("chain");
    for (const chat of chats) {
      expect([run.spanId, task.spanId]).toContain(chat.parentSpanId);
      expect(chat.attributes["gen_ai.operation.name"]).toBe("chat");
      expect(eventType(chat)).toBe("model");
      expect(chat.attributes["gen_ai.request.model"]).toBe("gpt-4o-mini");
      expect(String(chat.attributes["gen_ai.input.messages"])).toContain("What is the capital of France?");
      expect(String(chat.attributes["gen_ai.output.messages"])).toContain(ANSWER);
      expect(chat.attributes["gen_ai.response.finish_reasons"]).toEqual(["stop"]);
    }
    // the usage, where the instrumentation records it (the plain call; it does not for streamed ones)
    const plain = chats.find((s) => s.attributes["gen_ai.response.id"] === "chatcmpl-fake1") ?? chats[0]!;
    expect(plain.attributes["gen_ai.usage.input_tokens"]).toBe(USAGE.prompt_tokens);
    expect(plain.attributes["gen_ai.usage.output_tokens"]).toBe(USAGE.completion_tokens);
  }, 240_000);
});
