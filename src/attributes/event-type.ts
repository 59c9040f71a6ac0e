import type { Attributes } from "@opentelemetry/api";

export type EventType = "model" | "chain" | "tool" | "session";

const GEN_AI_OPERATION: Record<string, EventType> = {
  chat: "model",
  text_completion: "model",
  generate_content: "model",
  invoke_agent: "chain",
  create_agent: "chain",
  execute_tool: "tool",
};

const OPENINFERENCE_KIND: Record<string, EventType> = {
  LLM: "model",
  CHAIN: "chain",
  AGENT: "chain",
  TOOL: "tool",
  RETRIEVER: "tool",
  EMBEDDING: "tool",
  RERANKER: "tool",
  GUARDRAIL: "tool",
};

/** DESIGN.md's order: explicit > gen_ai.operation.name > openinference.span.kind > "tool". */
export function detectEventType(attributes: Attributes): string {
  const explicit = attributes["honeyhive_event_type"];
  if (typeof explicit === "string" && explicit !== "") return explicit;
  const op = attributes["gen_ai.operation.name"];
  if (typeof op === "string" && op in GEN_AI_OPERATION) return GEN_AI_OPERATION[op];
  const kind = attributes["openinference.span.kind"];
  if (typeof kind === "string" && kind.toUpperCase() in OPENINFERENCE_KIND) {
    return OPENINFERENCE_KIND[kind.toUpperCase()];
  }
  return "tool";
}
