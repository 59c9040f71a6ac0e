import { trace, type Attributes } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { followStream } from "../../src/tracer/stream.js";

const span = trace.wrapSpanContext({ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: 1 });

/** Follows `value` and drains it; resolves with what settle got (once) and how often it was called. */
async function drain(value: unknown, max = 1 << 20): Promise<{ attributes: Attributes; error?: unknown; calls: number }> {
  const got: { attributes: Attributes; error?: unknown; calls: number } = { attributes: {}, calls: 0 };
  const followed = followStream(value, span, Date.now(), max, (attributes, failed) => {
    got.calls++;
    got.attributes = attributes;
    if (failed) got.error = failed.error;
  });
  expect(followed).toBeDefined();
  for await (const _ of followed as AsyncIterable<unknown>) void _;
  return got;
}

async function* of(...items: unknown[]) {
  yield* items;
}

describe("followStream", () => {
  it("takes the text of each LLM SDK's chunk shape", async () => {
    const { attributes } = await drain(
      of(
        "a", // plain strings
        { type: "text-delta", text: "b" }, // AI SDK stream parts
        { textDelta: "c" }, // older AI SDK
        { content: "d" }, // LangChain message chunks
        { type: "response.output_text.delta", delta: "e" }, // OpenAI Responses events
        { type: "content_block_delta", delta: { type: "text_delta", text: "f" } }, // Anthropic
        { choices: [{ delta: { content: "g" } }] }, // OpenAI chat chunks
        { choices: [{ text: "h" }] }, // OpenAI completions
        { choices: [] }, // a usage-only chunk: no text
        { type: "finish" },
        new TextEncoder().encode("i"),
      ),
    );
    expect(attributes["honeyhive_outputs.text"]).toBe("abcdefghi");
    expect(attributes["honeyhive_metrics.chunks"]).toBe(11);
  });

  it("keeps at most max bytes, an exact UTF-8 prefix plus the marker, and the full size", async () => {
    const parts = Array.from({ length: 50 }, () => "😀日本"); // 10 bytes each
    const { attributes } = await drain(of(...parts), 1024);
    const text = attributes["honeyhive_outputs.text"] as string;
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(1024);
    expect(attributes["honeyhive.truncated.honeyhive_outputs.text.original_bytes"]).toBe(undefined); // 500 bytes fit
    const big = await drain(of(...Array.from({ length: 300 }, () => "😀日本")), 1024);
    const cut = big.attributes["honeyhive_outputs.text"] as string;
    expect(new TextEncoder().encode(cut).length).toBeLessThanOrEqual(1024);
    expect(cut.endsWith("…[truncated]")).toBe(true);
    expect("😀日本".repeat(300).startsWith(cut.slice(0, -"…[truncated]".length))).toBe(true);
    expect(big.attributes["honeyhive.truncated.honeyhive_outputs.text.original_bytes"]).toBe(3000);
  });

  it("settles once, with the error when the stream fails", async () => {
    const boom = new Error("x");
    async function* fails() {
      yield "a";
      throw boom;
    }
    let calls = 0;
    let error: unknown;
    const it = followStream(fails(), span, Date.now(), 1024, (_, failed) => {
      calls++;
      error = failed?.error;
    }) as AsyncGenerator<unknown>;
    await expect((async () => { for await (const _ of it) void _; })()).rejects.toBe(boom);
    await it.return(undefined);
    expect([calls, error]).toEqual([1, boom]);
  });

  it("leaves everything else alone", () => {
    const never = () => {
      throw new Error("settled");
    };
    for (const v of [undefined, null, 1, "text", { a: 1 }, [1, 2], Promise.resolve(1), new Map(), (async () => {})])
      expect(followStream(v, span, 0, 1024, never)).toBeUndefined();
  });
});
