import { describe, expect, it } from "vitest";
import { ConfigError, HoneyHiveTracer } from "../../runtimes/node/index.js";
import { API_KEY, receiverOptions, useReceiver } from "../helpers/setup.js";

const ctx = useReceiver();

describe("tracer.trace / enrichSpan", () => {
  it("flattens inputs and outputs like the Python SDK, sync and async, nested across await", async () => {
    const tracer = HoneyHiveTracer.init(receiverOptions(ctx.receiver));
    const result = await tracer.trace("agent", async () => {
      await new Promise((r) => setTimeout(r, 5));
      const sum = tracer.trace("add", () => 1 + 2, { eventType: "tool", inputs: { a: 1, b: 2 } });
      await tracer.trace("model", async () => {
        await new Promise((r) => setTimeout(r, 1));
        tracer.enrichSpan({ metadata: { model: "gpt-x" }, metrics: { tokens: 12 }, feedback: { ok: true }, config: { t: 0.2 } });
        return { text: "hi" };
      }, { eventType: "model", inputs: { messages: [{ role: "user", content: "héllo 👋" }] } });
      return sum;
    }, { eventType: "chain" });
    expect(result).toBe(3);
    await tracer.flush();
    const spans = await ctx.receiver.waitForSpans(3);
    const by = Object.fromEntries(spans.map((s) => [s.name, s]));
    expect(by.add.attributes).toMatchObject({ "honeyhive_inputs.a": 1, "honeyhive_inputs.b": 2, "honeyhive_outputs.result": 3, honeyhive_event_type: "tool" });
    expect(by.model.attributes).toMatchObject({
      "honeyhive_inputs.messages.0.role": "user",
      "honeyhive_inputs.messages.0.content": "héllo 👋",
      "honeyhive_outputs.text": "hi",
      "honeyhive_metadata.model": "gpt-x",
      "honeyhive_metrics.tokens": 12,
      "honeyhive_feedback.ok": true,
      "honeyhive_config.t": 0.2,
    });
    expect(by.add.parentSpanId).toBe(by.agent.spanId);
    expect(by.model.parentSpanId).toBe(by.agent.spanId);
    expect(by.model.attributes["honeyhive.parent_id"]).toBe(by.agent.spanId);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
  });

  it("records errors and rethrows them unchanged (sync and async)", async () => {
    const tracer = HoneyHiveTracer.init(receiverOptions(ctx.receiver));
    const boom = new TypeError("boom");
    expect(() => tracer.trace("sync-fail", () => { throw boom; })).toThrow(boom);
    await expect(tracer.trace("async-fail", async () => { throw boom; })).rejects.toBe(boom);
    await tracer.flush();
    const spans = await ctx.receiver.waitForSpans(2);
    for (const s of spans) {
      expect(s.status.code).toBe(2);
      expect(s.events[0].name).toBe("exception");
      expect(s.attributes["honeyhive_error"]).toBe("TypeError: boom");
    }
  });

  it("never throws into user code on hostile input at trace time", async () => {
    const tracer = HoneyHiveTracer.init(receiverOptions(ctx.receiver));
    const circular: Record<string, unknown> = { name: "loop" };
    circular.self = circular;
    const hostile = {
      get boom() { throw new Error("getter"); },
      big: 10n, sym: Symbol("s"), fn: () => 1, nan: NaN, inf: -Infinity, nul: null, "": "empty key",
      date: new Date(0), bad: new Date(NaN),
    };
    const out = tracer.trace("hostile", (span) => {
      span.setAttribute("", "empty key");
      span.setAttribute("null", null as never);
      span.setAttribute("obj", { nested: true } as never);
      tracer.enrichSpan({ metadata: hostile, outputs: circular });
      tracer.enrichSpan(null as never);
      return "fine";
    }, { inputs: circular });
    expect(out).toBe("fine");
    await tracer.flush();
    const [span] = await ctx.receiver.waitForSpans(1);
    expect(span.attributes["honeyhive_inputs.self"]).toBe("[Circular]");
    expect(span.attributes["honeyhive_metadata.boom"]).toBe("[Unreadable]");
    expect(span.attributes["honeyhive_metadata.big"]).toBe("10");
    expect(span.attributes["honeyhive_metadata.nan"]).toBe("NaN");
    expect(span.attributes["honeyhive_metadata.date"]).toBe("1970-01-01T00:00:00.000Z");
    expect(span.attributes).not.toHaveProperty("honeyhive_metadata.fn");
    expect(span.attributes).not.toHaveProperty("null");
  });

  it("uses the given session id, or a UUID, on every span", async () => {
    const a = HoneyHiveTracer.init(receiverOptions(ctx.receiver));
    expect(a.sessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await a.shutdown();
    const b = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), sessionId: "my-session" });
    expect(b.sessionId).toBe("my-session");
  });

  it("fails init with ConfigError naming field, value and source; never at trace time", () => {
    expect(() => HoneyHiveTracer.init({ env: { HH_MAX_ATTRIBUTES: "12abc" } })).toThrow(ConfigError);
    const error = (() => {
      try {
        HoneyHiveTracer.init({ env: { HH_MAX_ATTRIBUTES: "100" } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field: "maxAttributes", value: "100", source: "env:HH_MAX_ATTRIBUTES" });
    expect((error as Error).message).toMatch(/>= 128/);
  });

  it("never prints the API key, and warns once when there is none", () => {
    const t = HoneyHiveTracer.init({ env: { HH_API_KEY: API_KEY }, serverUrl: ctx.receiver.url, verbose: true });
    expect(JSON.stringify(t.config)).not.toContain(API_KEY);
    expect(String(Object.values(t.config))).not.toContain(API_KEY);
    expect(t.config.apiKey).toBe(API_KEY);
    HoneyHiveTracer.init({ env: {} });
    expect(ctx.warnings.filter((w) => w.includes("no API key"))).toHaveLength(1);
    expect(ctx.warnings.join("\n")).not.toContain(API_KEY);
  });
});
