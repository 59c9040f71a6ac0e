// gzip on and off, and OTLP protobuf decoding at the receiver to exactly what OTLP/JSON gives.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { HoneyHiveExporter } from "../../src/export/exporter.js";
import { Logger } from "../../src/log.js";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { API_KEY, captureConsole, options, produce, useTestReceiver } from "./helpers.js";

const ctx = useTestReceiver();

/** Ended spans with every kind of value OTLP carries, made by a plain SDK provider. */
function richSpans(): ReadableSpan[] {
  const ended: ReadableSpan[] = [];
  const collect: SpanProcessor = { onStart() {}, onEnd: (s) => void ended.push(s), forceFlush: async () => {}, shutdown: async () => {} };
  const provider = new BasicTracerProvider({ spanProcessors: [collect], resource: resourceFromAttributes({ "service.name": "enc", "deploy.n": 3 }) });
  const tracer = provider.getTracer("scope-a", "1.2.3");
  const core = { "honeyhive.session_id": "s-1", honeyhive_event_type: "model" };
  const parent = tracer.startSpan("parent", { attributes: core });
  const child = tracer.startSpan("child ✓ 検索", { kind: SpanKind.CLIENT, attributes: core, links: [{ context: parent.spanContext(), attributes: { why: "follows" } }] }, undefined);
  child.setAttributes({
    str: "héllo 👋", empty: "", lone: "a\uD800b", bool: false, int: -42, big: 2 ** 60, negbig: -(2 ** 62), dbl: 1.5,
    nan: NaN, inf: Infinity, ninf: -Infinity, negzero: -0, strs: ["a", "ü", ""], nums: [1, 2.5], bools: [true], holes: ["x", null as unknown as string], none: [],
  });
  child.addEvent("evt", { n: 1, s: "x" });
  child.setStatus({ code: SpanStatusCode.ERROR, message: "bad ✗" });
  child.end();
  parent.end();
  provider.getTracer("scope-b").startSpan("no-version", { attributes: core }).end();
  return ended;
}

async function sendWith(protocol: "http/json" | "http/protobuf", compression: "gzip" | "none", spans: ReadableSpan[]) {
  const exporter = new HoneyHiveExporter({
    serverUrl: ctx.receiver.url, apiKey: API_KEY, source: "dev", timeoutMillis: 5000, deadlineMillis: 10_000,
    maxRequestSize: 4 << 20, compression, protocol, log: new Logger([API_KEY]),
  });
  ctx.receiver.clear();
  expect(await exporter.send(spans)).toEqual({ sent: spans.length, failed: 0, retries: 0 });
  const [request] = ctx.receiver.requests;
  return { request, spans: ctx.receiver.accepted.map(({ requestId: _, ...rest }) => rest) };
}

describe("encodings", () => {
  it("protobuf decodes to exactly the records JSON gives, gzip or not", async () => {
    const spans = richSpans();
    const json = await sendWith("http/json", "none", spans);
    const proto = await sendWith("http/protobuf", "none", spans);
    const protoGz = await sendWith("http/protobuf", "gzip", spans);
    expect(json.request).toMatchObject({ contentType: "application/json", encoding: "", status: 200 });
    expect(proto.request).toMatchObject({ contentType: "application/x-protobuf", encoding: "", status: 200 });
    expect(protoGz.request).toMatchObject({ contentType: "application/x-protobuf", encoding: "gzip", status: 200 });
    expect(json.spans).toHaveLength(3);
    expect(proto.spans).toEqual(json.spans);
    expect(protoGz.spans).toEqual(json.spans);
    // and the values are what was set (JSON's own round trip)
    const child = json.spans.find((s) => s.name === "child ✓ 検索")!;
    expect(child.attributes).toMatchObject({
      str: "héllo 👋", lone: "a\uFFFDb", big: BigInt(2 ** 60).toString(), negbig: BigInt(-(2 ** 62)).toString(), inf: Infinity, ninf: -Infinity, holes: ["x", null], none: [],
    });
    expect(child.attributes.nan).toBeNaN();
    expect(child).toMatchObject({ kind: 3, status: { code: 2, message: "bad ✗" }, scope: { name: "scope-a", version: "1.2.3" } });
    expect(child.links[0].attributes).toEqual({ why: "follows" });
    expect(child.events[0]).toMatchObject({ name: "evt", attributes: { n: 1, s: "x" } });
  });

  it("the tracer sends protobuf when protocol is http/protobuf, gzip by default, and JSON otherwise", async () => {
    captureConsole(); // the second tracer warns that the first one's provider is global
    const proto = HoneyHiveTracer.init(options(ctx.receiver, { protocol: "http/protobuf" }));
    produce(proto, 20);
    await proto.flush();
    await proto.shutdown();
    const plain = HoneyHiveTracer.init(options(ctx.receiver, { compression: "none" }));
    produce(plain, 20, 20);
    await plain.flush();
    await plain.shutdown();
    const [a, b] = ctx.receiver.requests;
    expect(a).toMatchObject({ contentType: "application/x-protobuf", encoding: "gzip", spanCount: 20, status: 200 });
    expect(b).toMatchObject({ contentType: "application/json", encoding: "", spanCount: 20, status: 200 });
    expect(ctx.receiver.accepted).toHaveLength(40);
  });

  it("gzips with the runtime's own gzip when it has one, and sends uncompressed (one warning) with no gzip at all", async () => {
    const lines = captureConsole();
    const spans = richSpans();
    const calls: number[] = [];
    const exporter = (gzip?: (data: Uint8Array) => Promise<Uint8Array>) =>
      new HoneyHiveExporter({
        serverUrl: ctx.receiver.url, apiKey: API_KEY, source: "dev", timeoutMillis: 5000, deadlineMillis: 10_000,
        maxRequestSize: 4 << 20, compression: "gzip", gzip, log: new Logger([API_KEY]),
      });
    const own = exporter(async (data) => (calls.push(data.byteLength), new Uint8Array(gzipSync(data))));
    expect(await own.send(spans)).toMatchObject({ sent: 3, failed: 0 });
    expect(calls).toHaveLength(1);
    const saved = globalThis.CompressionStream;
    // @ts-expect-error a runtime without CompressionStream
    delete globalThis.CompressionStream;
    try {
      const none = exporter();
      expect(await none.send(spans)).toMatchObject({ sent: 3, failed: 0 });
      expect(await none.send(spans)).toMatchObject({ sent: 3, failed: 0 });
    } finally {
      globalThis.CompressionStream = saved;
    }
    expect(ctx.receiver.requests.map((r) => r.encoding)).toEqual(["gzip", "", ""]);
    expect(lines.filter((l) => l.includes("gzip failed"))).toHaveLength(1);
    expect(ctx.receiver.accepted).toHaveLength(3); // the same spans three times: the receiver dedups
    expect(ctx.receiver.duplicates).toBe(6);
  });

  it("the receiver refuses malformed protobuf with 400 and a reason", async () => {
    const bad = [new Uint8Array([0x0a, 0x05, 0x01]), new Uint8Array([0x0a, 0x02, 0x12, 0x00, 0xff])];
    for (const body of bad) {
      const res = await fetch(ctx.receiver.endpoint, { method: "POST", headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${API_KEY}` }, body });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/malformed OTLP\/protobuf: protobuf: /);
    }
  });
});
