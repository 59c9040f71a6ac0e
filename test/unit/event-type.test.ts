import { describe, expect, it } from "vitest";
import { detectEventType } from "../../src/index.js";

// Each row of the README's "Event types" table, by the attribute that carries it.
const ROWS: [string, string, string][] = [
  // OpenTelemetry GenAI semconv, gen_ai.operation.name (well-known values), then the custom ones seen in the wild
  ["gen_ai.operation.name", "chat", "model"],
  ["gen_ai.operation.name", "text_completion", "model"],
  ["gen_ai.operation.name", "generate_content", "model"],
  ["gen_ai.operation.name", "embeddings", "tool"],
  ["gen_ai.operation.name", "retrieval", "tool"],
  ["gen_ai.operation.name", "execute_tool", "tool"],
  ["gen_ai.operation.name", "create_agent", "chain"],
  ["gen_ai.operation.name", "invoke_agent", "chain"],
  ["gen_ai.operation.name", "invoke_workflow", "chain"],
  ["gen_ai.operation.name", "plan", "chain"],
  ["gen_ai.operation.name", "agent_step", "chain"],
  ["gen_ai.operation.name", "rerank", "tool"],
  // OpenInference span kinds
  ["openinference.span.kind", "LLM", "model"],
  ["openinference.span.kind", "DECISION", "model"],
  ["openinference.span.kind", "CHAIN", "chain"],
  ["openinference.span.kind", "AGENT", "chain"],
  ["openinference.span.kind", "PROMPT", "chain"],
  ["openinference.span.kind", "EVALUATOR", "chain"],
  ["openinference.span.kind", "TOOL", "tool"],
  ["openinference.span.kind", "RETRIEVER", "tool"],
  ["openinference.span.kind", "EMBEDDING", "tool"],
  ["openinference.span.kind", "RERANKER", "tool"],
  ["openinference.span.kind", "GUARDRAIL", "tool"],
  // traceloop
  ["traceloop.span.kind", "workflow", "chain"],
  ["traceloop.span.kind", "agent", "chain"],
  ["traceloop.span.kind", "session", "chain"],
  ["traceloop.span.kind", "task", "tool"],
  ["traceloop.span.kind", "tool", "tool"],
  ["llm.request.type", "chat", "model"],
  ["llm.request.type", "completion", "model"],
  ["llm.request.type", "rerank", "tool"],
  // the AI SDK's legacy spans
  ["ai.operationId", "ai.generateText", "chain"],
  ["ai.operationId", "ai.streamText", "chain"],
  ["ai.operationId", "ai.generateObject", "chain"],
  ["ai.operationId", "ai.streamObject", "chain"],
  ["ai.operationId", "ai.workflowAgent.stream", "chain"],
  ["ai.operationId", "ai.generateText.doGenerate", "model"],
  ["ai.operationId", "ai.streamText.doStream", "model"],
  ["ai.operationId", "ai.generateObject.doGenerate", "model"],
  ["ai.operationId", "ai.streamObject.doStream", "model"],
  ["ai.operationId", "ai.generateSpeech.doGenerate", "model"],
  ["ai.operationId", "ai.toolCall", "tool"],
  ["ai.operationId", "ai.embed", "tool"],
  ["ai.operationId", "ai.embedMany", "tool"],
  ["ai.operationId", "ai.embed.doEmbed", "tool"],
  ["ai.operationId", "ai.embedMany.doEmbed", "tool"],
  ["ai.operationId", "ai.rerank", "tool"],
  ["ai.operationId", "ai.rerank.doRerank", "tool"],
];

describe("detectEventType", () => {
  it.each(ROWS)("%s = %s → %s", (key, value, type) => {
    expect(detectEventType({ [key]: value })).toBe(type);
  });

  it("follows the order: explicit > gen_ai.operation.name > openinference > traceloop.span.kind > llm.request.type > ai.operationId > tool", () => {
    expect(detectEventType({ honeyhive_event_type: "session", "gen_ai.operation.name": "chat" })).toBe("session");
    expect(detectEventType({ "gen_ai.operation.name": "execute_tool", "openinference.span.kind": "LLM" })).toBe("tool");
    expect(detectEventType({ "openinference.span.kind": "agent", "traceloop.span.kind": "task" })).toBe("chain");
    expect(detectEventType({ "traceloop.span.kind": "workflow", "llm.request.type": "chat" })).toBe("chain");
    expect(detectEventType({ "llm.request.type": "chat", "ai.operationId": "ai.toolCall" })).toBe("model");
    expect(detectEventType({})).toBe("tool");
  });

  it("treats each convention's unknown as no signal: the next rule decides", () => {
    expect(detectEventType({ "openinference.span.kind": "UNKNOWN", "llm.request.type": "chat" })).toBe("model");
    expect(detectEventType({ "traceloop.span.kind": "unknown", "ai.operationId": "ai.streamText" })).toBe("chain");
    expect(detectEventType({ "gen_ai.operation.name": "something_custom", "openinference.span.kind": "LLM" })).toBe("model");
    expect(detectEventType({ "llm.request.type": "unknown" })).toBe("tool");
    expect(detectEventType({ "ai.operationId": "ai.somethingNew" })).toBe("chain"); // an AI SDK wrapper
    expect(detectEventType({ "ai.operationId": "other.doGenerate" })).toBe("tool");
  });

  it("never returns Object.prototype's members for hostile values", () => {
    for (const v of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      expect(
        detectEventType({ "gen_ai.operation.name": v, "openinference.span.kind": v, "traceloop.span.kind": v, "llm.request.type": v, "ai.operationId": v }),
      ).toBe("tool");
    }
    expect(detectEventType({ "ai.operationId": 42, "traceloop.span.kind": ["tool"] })).toBe("tool");
  });
});
