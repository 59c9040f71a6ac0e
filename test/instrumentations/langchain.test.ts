// LangChain.js with OpenInference's LangChain instrumentation: a prompt | ChatOpenAI chain against the fake
// provider, invoked and streamed (the stream followed by trace()), all nested under the app's span.
import { afterAll, describe, expect, it } from "vitest";
import { installPackedApp, type PackedApp } from "../helpers/packed-app.js";
import { ANSWER, OTEL_API, USAGE, byName, eventType, expectCore, one, runFixture, useLoopback } from "./support.js";

const loop = useLoopback();
let app: PackedApp | undefined;
afterAll(() => app?.remove());

// ESM, as the instrumentation documents it: manuallyInstrument(the callbacks manager module) before LangChain runs
const MAIN = `
import { HoneyHiveTracer } from "honeyhive-edge";
import { LangChainInstrumentation } from "@arizeai/openinference-instrumentation-langchain";
import * as CallbackManagerModule from "@langchain/core/callbacks/manager";

const tracer = HoneyHiveTracer.init();
const instrumentation = new LangChainInstrumentation();
instrumentation.setTracerProvider(tracer.provider);
instrumentation.manuallyInstrument(CallbackManagerModule);
const { ChatOpenAI } = await import("@langchain/openai");
const { ChatPromptTemplate } = await import("@langchain/core/prompts");

const model = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "sk-fake", configuration: { baseURL: process.env.FAKE_OPENAI_URL } });
const prompt = ChatPromptTemplate.fromMessages([["system", "Answer briefly."], ["human", "What is the capital of {country}?"]]);
const chain = prompt.pipe(model);
const out = await tracer.trace("app.run", async () => {
  const r = await chain.invoke({ country: "France" });
  const stream = await tracer.trace("app.stream", () => chain.stream({ country: "France" }), { eventType: "chain" });
  let streamed = "";
  for await (const chunk of stream) streamed += chunk.content;
  return { answer: r.content, streamed };
}, { eventType: "chain" });
await tracer.shutdown();
console.log(JSON.stringify(out));
`;

describe("LangChain.js with OpenInference", () => {
  it("the chain is a chain, its prompt template a chain, ChatOpenAI a model event; answer, usage and tree arrive", async () => {
    app = await installPackedApp({
      dependencies: { ...OTEL_API, "@langchain/openai": "1.6.0", "@langchain/core": "1.4.0", "@arizeai/openinference-instrumentation-langchain": "4.1.1" },
      files: { "main.mjs": MAIN },
    });
    // LangChain's own setting for serverless: callbacks run inline, not on a background queue that keeps the
    // async context of the first call (there, the streamed chain would nest under app.run, not app.stream)
    const { spans, stdout, sessionId } = await runFixture(app.dir, "main.mjs", loop, { LANGCHAIN_CALLBACKS_BACKGROUND: "false" });
    expect(JSON.parse(stdout)).toEqual({ answer: ANSWER, streamed: ANSWER });
    expectCore(spans, sessionId);
    const run = one(spans, "app.run");
    const stream = one(spans, "app.stream");
    const sequences = byName(spans, "RunnableSequence");
    const prompts = byName(spans, "ChatPromptTemplate");
    const llms = byName(spans, "ChatOpenAI");
    expect([sequences.length, prompts.length, llms.length]).toEqual([2, 2, 2]);
    for (const s of sequences) expect([s.attributes["openinference.span.kind"], eventType(s)]).toEqual(["CHAIN", "chain"]);
    for (const p of prompts) {
      expect([p.attributes["openinference.span.kind"], eventType(p)]).toEqual(["PROMPT", "chain"]);
      expect(sequences.map((s) => s.spanId)).toContain(p.parentSpanId);
    }
    for (const l of llms) {
      expect([l.attributes["openinference.span.kind"], eventType(l)]).toEqual(["LLM", "model"]);
      expect(sequences.map((s) => s.spanId)).toContain(l.parentSpanId);
      expect(l.attributes["llm.output_messages.0.message.content"]).toBe(ANSWER);
    }
    expect(sequences.map((s) => s.parentSpanId).sort()).toEqual([run.spanId, stream.spanId].sort());
    const invoked = llms.find((l) => l.attributes["llm.token_count.prompt"] !== undefined)!;
    expect(invoked.attributes["llm.token_count.prompt"]).toBe(USAGE.prompt_tokens);
    expect(invoked.attributes["llm.token_count.completion"]).toBe(USAGE.completion_tokens);
    expect(stream.attributes["honeyhive_outputs.text"]).toBe(ANSWER);
  }, 240_000);
});
