// OpenInference's openai instrumentation on the real `openai` SDK, against the fake provider: a plain call and a
// streamed one (followed by trace()), both under the app's own span, all delivered with HoneyHive's attributes.
import { afterAll, describe, expect, it } from "vitest";
import { installPackedApp, type PackedApp } from "../helpers/packed-app.js";
import { ANSWER, OTEL_API, USAGE, eventType, expectCore, one, runFixture, useLoopback } from "./support.js";

const loop = useLoopback();
let app: PackedApp | undefined;
afterAll(() => app?.remove());

// CommonJS, as the instrumentation's docs show: the instrumentation (its require hook) before require("openai")
const MAIN = `
(async () => {
  const { HoneyHiveTracer } = await import("honeyhive-edge");
  const tracer = HoneyHiveTracer.init(); // HH_* from the environment
  const { OpenAIInstrumentation } = require("@arizeai/openinference-instrumentation-openai");
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(tracer.provider);
  const OpenAI = require("openai");
  const client = new OpenAI({ apiKey: "sk-fake", baseURL: process.env.FAKE_OPENAI_URL });
  const messages = [{ role: "system", content: "Answer briefly." }, { role: "user", content: "What is the capital of France?" }];
  const out = await tracer.trace("app.run", async () => {
    const r = await client.chat.completions.create({ model: "gpt-4o-mini", messages });
    const stream = await tracer.trace("app.stream", () =>
      client.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true, stream_options: { include_usage: true } }), { eventType: "chain" });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    return { answer: r.choices[0].message.content, streamed: text };
  }, { eventType: "chain" });
  await tracer.shutdown();
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe("OpenInference openai instrumentation", () => {
  it("LLM spans (plain and streamed) are model events under the app's spans, with the answer and the usage", async () => {
    app = await installPackedApp({
      dependencies: { ...OTEL_API, openai: "7.59.0", "@arizeai/openinference-instrumentation-openai": "4.2.7" },
      files: { "main.cjs": MAIN },
    });
    const { spans, stdout, sessionId } = await runFixture(app.dir, "main.cjs", loop);
    expect(JSON.parse(stdout)).toEqual({ answer: ANSWER, streamed: ANSWER });
    expect(spans.map((s) => s.name).sort()).toEqual(["OpenAI Chat Completions", "OpenAI Chat Completions", "app.run", "app.stream"]);
    expectCore(spans, sessionId);
    const run = one(spans, "app.run");
    const stream = one(spans, "app.stream");
    const [plain, streamed] = spans.filter((s) => s.name === "OpenAI Chat Completions").sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
    expect(stream.parentSpanId).toBe(run.spanId);
    expect(plain!.parentSpanId).toBe(run.spanId);
    expect(streamed!.parentSpanId).toBe(stream.spanId);
    expect([eventType(run), eventType(stream)]).toEqual(["chain", "chain"]);
    for (const llm of [plain!, streamed!]) {
      expect(llm.attributes["openinference.span.kind"]).toBe("LLM");
      expect(eventType(llm)).toBe("model");
      expect(llm.attributes["llm.model_name"]).toBe("gpt-4o-mini");
      expect(llm.attributes["llm.input_messages.1.message.content"]).toBe("What is the capital of France?");
      expect(llm.attributes["llm.output_messages.0.message.content"]).toBe(ANSWER);
      expect(llm.attributes["llm.finish_reason"]).toBe("stop");
    }
    // the usage, where the instrumentation records it (it does not for streamed calls)
    expect(plain!.attributes["llm.token_count.prompt"]).toBe(USAGE.prompt_tokens);
    expect(plain!.attributes["llm.token_count.completion"]).toBe(USAGE.completion_tokens);
    expect(plain!.attributes["llm.token_count.total"]).toBe(USAGE.total_tokens);
    // trace() followed the SDK's stream: the answer, and the span ended after its consumer did
    expect(stream.attributes["honeyhive_outputs.text"]).toBe(ANSWER);
    expect(stream.attributes["honeyhive_metrics.time_to_first_chunk_ms"]).toBeGreaterThanOrEqual(0);
    expect(BigInt(stream.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(streamed!.endTimeUnixNano) - 5_000_000n);
    expect(run.attributes["honeyhive_outputs.answer"]).toBe(ANSWER);
  }, 240_000);
});
