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

/** An own-property lookup: "toString" or "constructor" from a caller must not find Object.prototype's. */
const lookup = (table: Record<string, EventType>, key: unknown) =>
  typeof key === "string" && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;

/** DESIGN.md's order: explicit > gen_ai.operation.name > openinference.span.kind > "tool". */
export function detectEventType(attributes: Attributes): string {
  const explicit = attributes["honeyhive_event_type"];
  if (typeof explicit === "string" && explicit !== "") return explicit;
  const kind = attributes["openinference.span.kind"];
  return (
    lookup(GEN_AI_OPERATION, attributes["gen_ai.operation.name"]) ??
    lookup(OPENINFERENCE_KIND, typeof kind === "string" ? kind.toUpperCase() : kind) ??
    "tool"
  );
}
