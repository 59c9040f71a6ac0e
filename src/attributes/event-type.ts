import type { Attributes } from "@opentelemetry/api";

export type EventType = "model" | "chain" | "tool" | "session";

type Table = Record<string, EventType | undefined>;

/** "type:key,key;type:key" → a null-prototype table (no Object.prototype member can match); compact for the Workers bundle. */
function table(spec: string): Table {
  const t: Table = Object.create(null);
  for (const group of spec.split(";")) {
    const [type, keys] = group.split(":");
    for (const key of keys!.split(",")) t[key] = type as EventType;
  }
  return t;
}

// The README's "Event types" table says where each value comes from; in precedence order.
const SIGNALS = Object.entries({
  "gen_ai.operation.name":
    "model:chat,text_completion,generate_content;tool:embeddings,retrieval,execute_tool,rerank;" +
    "chain:create_agent,invoke_agent,invoke_workflow,plan,agent_step",
  // matched in lower case: shares its words with the other tables (smaller gzip)
  "openinference.span.kind": "model:llm,decision;chain:chain,agent,prompt,evaluator;tool:tool,retriever,embedding,reranker,guardrail",
  "traceloop.span.kind": "chain:workflow,agent,session;tool:task,tool",
  "llm.request.type": "model:chat,completion;tool:rerank",
}).map(([key, spec]) => [key, table(spec)] as const);

/** The AI SDK's legacy spans, by `ai.operationId`: its tool, embed and rerank spans, provider calls, and wrappers. */
function aiOperation(id: unknown): EventType | undefined {
  if (typeof id !== "string" || !id.startsWith("ai.")) return undefined;
  return /^ai\.(toolCall|embed|rerank)/.test(id) ? "tool" : /\.do[A-Z]\w*$/.test(id) ? "model" : "chain";
}

/**
 * explicit > gen_ai.operation.name > openinference.span.kind > traceloop.span.kind > llm.request.type
 * > ai.operationId > "tool" (DESIGN.md's order, extended); a value a table lacks is no signal.
 */
export function detectEventType(attributes: Attributes): string {
  const explicit = attributes["honeyhive_event_type"];
  if (typeof explicit === "string" && explicit !== "") return explicit;
  for (const [key, t] of SIGNALS) {
    const v = attributes[key];
    const type = typeof v === "string" ? t[key === "openinference.span.kind" ? v.toLowerCase() : v] : undefined;
    if (type) return type;
  }
  return aiOperation(attributes["ai.operationId"]) ?? "tool";
}
