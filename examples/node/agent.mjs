// A small agent traced with honeyhive-edge: a model call, a tool whose response flattens into
// 1,500 attributes (the seed's bug), and a nested chain. Config comes from HH_* env variables.
import { HoneyHiveTracer } from "honeyhive-edge";

const tracer = HoneyHiveTracer.init({ project: "demo-agent", source: "demo" });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function callModel(messages) {
  return tracer.trace("llm.chat", async () => {
    await sleep(5);
    tracer.enrichSpan({ metrics: { prompt_tokens: 42, completion_tokens: 17 }, metadata: { model: "demo-model-1" } });
    return { role: "assistant", content: "Je cherche les résultats… 🔎" };
  }, { eventType: "model", inputs: { messages } });
}

async function webSearch(query) {
  return tracer.trace("tool.web_search", async () => {
    await sleep(5);
    // 300 results × 5 fields = 1,500 flattened attributes, with CJK and emoji text
    return {
      results: Array.from({ length: 300 }, (_, i) => ({
        title: `結果 ${i}: 東京の天気 ☀️`,
        url: `https://example.invalid/r/${i}`,
        snippet: `Résumé ${i} — ça marche très bien 👍`,
        score: 1 - i / 300,
        lang: i % 2 ? "ja" : "fr",
      })),
    };
  }, { eventType: "tool", inputs: { query } });
}

await tracer.trace("agent.run", async () => {
  const plan = await callModel([{ role: "user", content: "Quel temps fait-il à Tokyo ?" }]);
  const found = await webSearch("weather tokyo");
  await tracer.trace("chain.summarize", async () => {
    await callModel([plan, { role: "tool", content: `${found.results.length} results` }]);
  }, { eventType: "chain" });
  return { answer: "Sunny in Tokyo ☀️" };
}, { eventType: "chain", inputs: { question: "Weather in Tokyo?" } });

await tracer.shutdown();
const stats = tracer.stats();
console.log(`exported ${stats.exported} spans (failed ${stats.failed}, dropped ${stats.dropped})`);
