// trace() follows streams: the span ends when the returned stream is consumed, cancelled or errors, with the
// streamed text and the time to the first chunk, checked on what the receiver accepted.
import { describe, expect, it } from "vitest";
import type { ReceivedSpan } from "../../receiver/index.js";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { receiverOptions, useReceiver } from "../helpers/setup.js";

const ctx = useReceiver();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function init(extra: Record<string, unknown> = {}) {
  return HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), ...extra });
}

async function exported(tracer: HoneyHiveTracer, n: number): Promise<ReceivedSpan[]> {
  await tracer.flush();
  const spans = await ctx.receiver.waitForSpans(n);
  expect(ctx.receiver.rejected).toEqual([]);
  return spans;
}

function chunks(parts: string[], delayMs = 0): ReadableStream<string> {
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      if (delayMs) await sleep(delayMs);
      if (i < parts.length) controller.enqueue(parts[i++]!);
      else controller.close();
    },
  });
}

/** The child ended before its parent (each span's clock has its own ms anchor: 5 ms of slack; the children sleep 20 ms). */
const endsWithin = (child: ReceivedSpan, parent: ReceivedSpan) => BigInt(child.endTimeUnixNano) <= BigInt(parent.endTimeUnixNano) + 5_000_000n;

async function readAll<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value);
  return out;
}

describe("trace() follows a returned stream", () => {
  it("a ReadableStream: the span stays open until it is consumed, then holds the text and the time to the first chunk", async () => {
    const tracer = init();
    const stream = tracer.trace("llm.stream", () => chunks(["Hel", "lo ", "wörld 👋"], 20), { eventType: "model" });
    await tracer.flush();
    expect(ctx.receiver.accepted.map((s) => s.name)).not.toContain("llm.stream"); // not ended yet
    expect(await readAll(stream)).toEqual(["Hel", "lo ", "wörld 👋"]);
    const [span] = await exported(tracer, 1);
    expect(span!.name).toBe("llm.stream");
    expect(span!.attributes["honeyhive_outputs.text"]).toBe("Hello wörld 👋");
    expect(span!.attributes["honeyhive_metrics.time_to_first_chunk_ms"]).toBeGreaterThanOrEqual(15);
    expect(span!.attributes["honeyhive_metrics.chunks"]).toBe(3);
    expect(span!.status.code).not.toBe(2);
    // the span's duration covers the stream's
    expect(BigInt(span!.endTimeUnixNano) - BigInt(span!.startTimeUnixNano)).toBeGreaterThanOrEqual(60_000_000n);
    await tracer.shutdown();
  });

  it("a promise of a Response with a body: the same bytes reach the caller, the UTF-8 text split across chunks is whole", async () => {
    const tracer = init();
    const bytes = new TextEncoder().encode("data: 日本語 ✓\n\n");
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 4) c.enqueue(bytes.slice(i, i + 4)); // splits code points
        c.close();
      },
    });
    const response = await tracer.trace("handler", async () => new Response(body, { status: 201, headers: { "content-type": "text/event-stream" } }));
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(await response.text()).toBe("data: 日本語 ✓\n\n");
    const [span] = await exported(tracer, 1);
    expect(span!.attributes["honeyhive_outputs.text"]).toBe("data: 日本語 ✓\n\n");
    await tracer.shutdown();
  });

  it("a fetch's Response keeps its url, redirected and type when followed", async () => {
    const tracer = init();
    const url = `${ctx.receiver.url}/healthz`;
    const response = await tracer.trace("call", () => fetch(url));
    expect(response.url).toBe(url);
    expect(response.redirected).toBe(false);
    expect(response.type).toBe("basic");
    await response.text();
    await exported(tracer, 1);
    await tracer.shutdown();
  });

  it("an async generator: spans started while the consumer pulls nest inside the stream's span", async () => {
    const tracer = init();
    async function* answer() {
      yield { type: "text-delta", text: "It is " };
      const weather = await tracer.trace("tool.weather", async () => (await sleep(20), "sunny"), { eventType: "tool" });
      yield { type: "text-delta", text: weather };
    }
    const gen = tracer.trace("agent", () => answer(), { eventType: "chain" });
    const parts: string[] = [];
    for await (const part of gen) parts.push(part.text);
    expect(parts).toEqual(["It is ", "sunny"]);
    const spans = await exported(tracer, 2);
    const agent = spans.find((s) => s.name === "agent")!;
    const tool = spans.find((s) => s.name === "tool.weather")!;
    expect(tool.parentSpanId).toBe(agent.spanId);
    expect(endsWithin(tool, agent)).toBe(true);
    expect(agent.attributes["honeyhive_outputs.text"]).toBe("It is sunny");
    await tracer.shutdown();
  });

  it("a ReadableStream whose source makes spans in pull(): they nest inside the stream's span", async () => {
    const tracer = init();
    let n = 0;
    const stream = tracer.trace("chain.stream", () =>
      new ReadableStream<string>({
        async pull(c) {
          if (n++ >= 2) return c.close();
          c.enqueue(await tracer.trace(`model.call.${n}`, async () => (await sleep(20), `part${n} `)));
        },
      }),
    );
    expect(await readAll(stream)).toEqual(["part1 ", "part2 "]);
    const spans = await exported(tracer, 3);
    const parent = spans.find((s) => s.name === "chain.stream")!;
    const children = spans.filter((s) => s.name.startsWith("model.call."));
    expect(children.map((s) => s.parentSpanId)).toEqual([parent.spanId, parent.spanId]);
    // inside it in time too: the parent was still open
    for (const c of children) expect(endsWithin(c, parent)).toBe(true);
    await tracer.shutdown();
  });

  it("an SDK stream object (async iterable with methods) comes back as the same object, followed", async () => {
    const tracer = init();
    class SdkStream {
      controller = new AbortController();
      async *[Symbol.asyncIterator]() {
        yield { choices: [{ delta: { content: "Hi" } }] };
        yield { choices: [{ delta: { content: " there" } }] };
      }
    }
    const original = new SdkStream();
    const stream = await tracer.trace("openai.chat", async () => original);
    expect(stream).toBe(original);
    expect(stream.controller).toBeInstanceOf(AbortController);
    const got: unknown[] = [];
    for await (const c of stream) got.push(c);
    expect(got).toHaveLength(2);
    const [span] = await exported(tracer, 1);
    expect(span!.attributes["honeyhive_outputs.text"]).toBe("Hi there");
    await tracer.shutdown();
  });

  it("cancelled (reader.cancel, or a break out of for await): the span ends with what was streamed so far", async () => {
    const tracer = init();
    const stream = tracer.trace("cancelled.stream", () => chunks(["a", "b", "c", "d"]));
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel("enough");
    async function* forever() {
      for (let i = 0; ; i++) yield `t${i}`;
    }
    for await (const t of tracer.trace("cancelled.iterable", () => forever())) if (t === "t2") break;
    const spans = await exported(tracer, 2);
    const s1 = spans.find((s) => s.name === "cancelled.stream")!;
    const s2 = spans.find((s) => s.name === "cancelled.iterable")!;
    expect(s1.attributes["honeyhive_outputs.text"]).toBe("a");
    expect(s1.attributes["honeyhive_metadata.stream_cancelled"]).toBe(true);
    expect(s2.attributes["honeyhive_outputs.text"]).toBe("t0t1t2");
    expect(s2.attributes["honeyhive_metadata.stream_cancelled"]).toBe(true);
    await tracer.shutdown();
  });

  it("a stream's own error reaches the consumer unchanged; the span records it and ends", async () => {
    const tracer = init();
    const boom = new Error("provider hung up");
    const stream = tracer.trace("failing.stream", () =>
      new ReadableStream<string>({
        start(c) {
          c.enqueue("partial");
        },
        pull(c) {
          if (c.desiredSize !== null) c.error(boom);
        },
      }),
    );
    const reader = stream.getReader();
    expect((await reader.read()).value).toBe("partial");
    await expect(reader.read()).rejects.toBe(boom);
    async function* failing() {
      yield "x";
      throw boom;
    }
    const seen: unknown[] = [];
    await expect((async () => { for await (const x of tracer.trace("failing.iterable", () => failing())) seen.push(x); })()).rejects.toBe(boom);
    expect(seen).toEqual(["x"]);
    const spans = await exported(tracer, 2);
    for (const name of ["failing.stream", "failing.iterable"]) {
      const s = spans.find((x) => x.name === name)!;
      expect(s.status.code, name).toBe(2);
      expect(s.attributes["honeyhive_error"], name).toContain("provider hung up");
      expect(s.events.map((e) => e.name), name).toContain("exception");
    }
    await tracer.shutdown();
  });

  it("the streamed text is kept within maxAttributeLength: a marker, the original size, every chunk still delivered", async () => {
    const tracer = init({ maxAttributeLength: 1024 });
    const parts = Array.from({ length: 200 }, (_, i) => `${i}:日本語テキスト😀 `); // ~8 KB of UTF-8
    const total = new TextEncoder().encode(parts.join("")).length;
    const stream = tracer.trace("long.stream", () => chunks(parts));
    expect((await readAll(stream)).join("")).toBe(parts.join(""));
    const [span] = await exported(tracer, 1);
    const text = span!.attributes["honeyhive_outputs.text"] as string;
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(1024);
    expect(text.endsWith("…[truncated]")).toBe(true);
    expect(parts.join("").startsWith(text.slice(0, -"…[truncated]".length))).toBe(true);
    expect(span!.attributes["honeyhive.truncated.honeyhive_outputs.text.original_bytes"]).toBe(total);
    expect(span!.attributes["honeyhive_metrics.chunks"]).toBe(200);
    await tracer.shutdown();
  });

  it("never throws into user code: a hostile or frozen return value comes back untouched and the span ends at once", async () => {
    const tracer = init();
    const hostile = { get getReader(): never { throw new Error("no"); } };
    expect(tracer.trace("hostile", () => hostile)).toBe(hostile);
    const frozen = Object.freeze({ async *[Symbol.asyncIterator]() { yield 1; } });
    expect(tracer.trace("frozen", () => frozen)).toBe(frozen);
    expect(tracer.trace("plain", () => ({ answer: 42 }))).toEqual({ answer: 42 });
    // a Node stream is consumed by events we would not see: recorded like any value, not followed
    const { Readable } = await import("node:stream");
    const node = Readable.from(["a", "b"]);
    expect(tracer.trace("node.stream", () => node)).toBe(node);
    const spans = await exported(tracer, 4);
    expect(spans.map((s) => s.name).sort()).toEqual(["frozen", "hostile", "node.stream", "plain"]);
    expect(spans.find((s) => s.name === "plain")!.attributes["honeyhive_outputs.answer"]).toBe(42);
    await tracer.shutdown();
  });
});
