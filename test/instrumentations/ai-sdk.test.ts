// The Vercel AI SDK 7 with @ai-sdk/otel, in both telemetry modes (`OpenTelemetry`: GenAI semconv spans;
// `LegacyOpenTelemetry`: the ai.* spans), through an OpenAI-compatible provider against the fake provider:
// a tool-calling generateText and a streamText whose textStream trace() follows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installPackedApp, type PackedApp } from "../helpers/packed-app.js";
import { ANSWER, OTEL_API, USAGE, byName, eventType, expectCore, one, runFixture, useLoopback } from "./support.js";

const loop = useLoopback();
let app: PackedApp;
beforeAll(async () => {
  app = await installPackedApp({
    dependencies: { ...OTEL_API, ai: "7.0.173", "@ai-sdk/otel": "1.0.173", "@ai-sdk/openai-compatible": "3.0.92", zod: "4.1.12" },
    files: { "current.mjs": main("OpenTelemetry", "telemetry"), "legacy.mjs": main("LegacyOpenTelemetry", "experimental_telemetry") },
  });
}, 240_000);
afterAll(() => app?.remove());

/** The app: the integration registered with a tracer from HoneyHive's provider, then one agent run and one stream. */
function main(integration: string, option: string): string {
  return `
import { HoneyHiveTracer } from "honeyhive-edge";
import { generateText, registerTelemetry, stepCountIs, streamText, tool } from "ai";
import { ${integration} } from "@ai-sdk/otel";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { z } from "zod";

const tracer = HoneyHiveTracer.init();
registerTelemetry(new ${integration}({ tracer: tracer.provider.getTracer("ai") }));
const provider = createOpenAICompatible({ name: "fake", baseURL: process.env.FAKE_OPENAI_URL, apiKey: "sk-fake", includeUsage: true });
const model = provider.chatModel("gpt-4o-mini");
const weather = tool({
  description: "The weather in a city",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, sky: "sunny" }),
});

const out = await tracer.trace("app.run", async () => {
  const r = await generateText({ model, prompt: "What is the capital of France?", tools: { weather }, stopWhen: stepCountIs(3), ${option}: { functionId: "weather-agent" } });
  const result = streamText({ model, prompt: "What is the capital of France?", ${option}: { functionId: "streamer" } });
  const textStream = tracer.trace("app.stream", () => result.textStream, { eventType: "chain" });
  let streamed = "";
  for await (const t of textStream) streamed += t;
  await result.finishReason;
  return { answer: r.text, streamed, steps: r.steps.length };
}, { eventType: "chain" });
await new Promise((r) => setTimeout(r, 50)); // the SDK's own end-of-stream callbacks
await tracer.shutdown();
console.log(JSON.stringify(out));
`;
}

describe("Vercel AI SDK 7", () => {
  it("current telemetry (OpenTelemetry): invoke_agent and step N are chains, chat is model, execute_tool is tool", async () => {
    const { spans, stdout, sessionId } = await runFixture(app.dir, "current.mjs", loop);
    expect(JSON.parse(stdout)).toEqual({ answer: ANSWER, streamed: ANSWER, steps: 2 });
    expectCore(spans, sessionId);
    const run = one(spans, "app.run");
    const stream = one(spans, "app.stream");
    const agents = byName(spans, /^invoke_agent /);
    const steps = byName(spans, /^step \d+$/);
    const chats = byName(spans, /^chat /);
    const tool = one(spans, "execute_tool weather");
    expect(agents).toHaveLength(2);
    expect(steps.length).toBe(3); // two for the agent run, one for the stream
    expect(chats.length).toBe(3);
    for (const a of agents) expect([eventType(a), a.attributes["gen_ai.operation.name"]]).toEqual(["chain", "invoke_agent"]);
    for (const s of steps) expect([eventType(s), s.attributes["gen_ai.operation.name"]]).toEqual(["chain", "agent_step"]);
    for (const c of chats) expect([eventType(c), c.attributes["gen_ai.operation.name"]]).toEqual(["model", "chat"]);
    expect([eventType(tool), tool.attributes["gen_ai.operation.name"]]).toEqual(["tool", "execute_tool"]);
    // the tree: app.run > invoke_agent > step > chat / execute_tool; the streamed agent under app.stream's parent run
    const agentRun = agents.find((a) => a.attributes["gen_ai.agent.name"] === "weather-agent")!;
    expect(agentRun.parentSpanId).toBe(run.spanId);
    expect(stream.parentSpanId).toBe(run.spanId);
    for (const s of steps) expect(agents.map((a) => a.spanId)).toContain(s.parentSpanId);
    for (const c of chats) expect(steps.map((s) => s.spanId)).toContain(c.parentSpanId);
    expect(steps.map((s) => s.spanId)).toContain(tool.parentSpanId);
    // the answer and the bill
    const final = chats.filter((c) => String(c.attributes["gen_ai.output.messages"] ?? "").includes(ANSWER));
    expect(final.length).toBe(2);
    for (const c of chats) {
      expect(c.attributes["gen_ai.usage.input_tokens"]).toBe(USAGE.prompt_tokens);
      expect(c.attributes["gen_ai.usage.output_tokens"]).toBe(USAGE.completion_tokens);
    }
    expect(String(agentRun.attributes["gen_ai.output.messages"])).toContain(ANSWER);
    expect(stream.attributes["honeyhive_outputs.text"]).toBe(ANSWER);
    expect(run.attributes["honeyhive_outputs.answer"]).toBe(ANSWER);
  }, 120_000);

  it("legacy telemetry (LegacyOpenTelemetry, experimental_telemetry): ai.generateText/ai.streamText are chains, doGenerate/doStream model, ai.toolCall tool", async () => {
    const { spans, stdout, sessionId } = await runFixture(app.dir, "legacy.mjs", loop);
    expect(JSON.parse(stdout)).toEqual({ answer: ANSWER, streamed: ANSWER, steps: 2 });
    expectCore(spans, sessionId);
    const run = one(spans, "app.run");
    const stream = one(spans, "app.stream");
    const generate = one(spans, "ai.generateText");
    const streamText = one(spans, "ai.streamText");
    const doGenerate = byName(spans, "ai.generateText.doGenerate");
    const doStream = one(spans, "ai.streamText.doStream");
    const toolCall = one(spans, "ai.toolCall");
    expect(doGenerate).toHaveLength(2);
    expect([eventType(generate), eventType(streamText)]).toEqual(["chain", "chain"]);
    for (const d of [...doGenerate, doStream]) expect(eventType(d), d.name).toBe("model");
    expect(eventType(toolCall)).toBe("tool");
    expect(generate.parentSpanId).toBe(run.spanId);
    for (const d of doGenerate) expect(d.parentSpanId).toBe(generate.spanId);
    expect(doStream.parentSpanId).toBe(streamText.spanId);
    expect(toolCall.attributes["ai.toolCall.name"]).toBe("weather");
    expect(generate.attributes["ai.telemetry.functionId"]).toBe("weather-agent");
    expect(generate.attributes["ai.response.text"]).toBe(ANSWER);
    expect(doStream.attributes["ai.response.text"]).toBe(ANSWER);
    for (const d of [...doGenerate, doStream]) {
      expect(d.attributes["gen_ai.usage.input_tokens"], d.name).toBe(USAGE.prompt_tokens);
      expect(d.attributes["gen_ai.usage.output_tokens"], d.name).toBe(USAGE.completion_tokens);
    }
    expect(stream.attributes["honeyhive_outputs.text"]).toBe(ANSWER);
  }, 120_000);
});
