import { describe, expect, it } from "vitest";
import { detectEventType } from "../../src/index.js";

describe("detectEventType", () => {
  it("follows DESIGN.md's order: explicit > gen_ai.operation.name > openinference.span.kind > tool", () => {
    expect(detectEventType({ honeyhive_event_type: "session", "gen_ai.operation.name": "chat" })).toBe("session");
    expect(detectEventType({ "gen_ai.operation.name": "execute_tool", "openinference.span.kind": "LLM" })).toBe("tool");
    expect(detectEventType({ "gen_ai.operation.name": "generate_content" })).toBe("model");
    expect(detectEventType({ "gen_ai.operation.name": "create_agent" })).toBe("chain");
    expect(detectEventType({ "openinference.span.kind": "agent" })).toBe("chain");
    expect(detectEventType({ "openinference.span.kind": "GUARDRAIL" })).toBe("tool");
    expect(detectEventType({})).toBe("tool");
  });

  it("never returns Object.prototype's members for hostile values", () => {
    for (const v of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      expect(detectEventType({ "gen_ai.operation.name": v, "openinference.span.kind": v })).toBe("tool");
    }
  });
});
