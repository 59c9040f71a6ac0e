// Batches larger than maxRequestSize (or than the server accepts: 413) are split, never dropped whole.
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { decodeTraceRequestJson } from "../../receiver/decode.js";
import { decodeTraceRequestProtobuf } from "../../receiver/protobuf.js";
import { jsonEncoding, type TraceEncoding } from "../../src/export/encoding.js";
import { HoneyHiveExporter } from "../../src/export/exporter.js";
import { loadProtobufEncoding } from "../../src/export/protobuf.js";
import { splitBatch } from "../../src/export/split.js";
import { Logger } from "../../src/log.js";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { captureConsole, options, produce, useTestReceiver } from "./helpers.js";
import { spanCount, startScripted } from "./scripted-server.js";

const ctx = useTestReceiver();
const LIMIT = 65_536; // the smallest maxRequestSize (a browser keepalive budget)

describe("request size", () => {
  it("splits a 300 KB batch into requests of at most maxRequestSize, delivering every span", async () => {
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxRequestSize: LIMIT, compression: "none" }));
    produce(tracer, 100, 0, "x".repeat(3000));
    await tracer.flush();
    const requests = ctx.receiver.requests;
    expect(ctx.receiver.accepted).toHaveLength(100);
    expect(requests.length).toBeGreaterThanOrEqual(5);
    for (const r of requests) expect(r.bytes).toBeLessThanOrEqual(LIMIT);
    expect(requests.reduce((n, r) => n + r.spanCount, 0)).toBe(100);
    expect(tracer.stats()).toMatchObject({ exported: 100, failed: 0 });
    await tracer.shutdown();
  });

  it("sends a single span larger than the limit alone (the server decides), with its neighbours in other requests", async () => {
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxRequestSize: LIMIT, compression: "none" }));
    produce(tracer, 3, 0, "small");
    produce(tracer, 1, 3, "y".repeat(100_000));
    produce(tracer, 3, 4, "small");
    await tracer.flush();
    expect(ctx.receiver.accepted).toHaveLength(7);
    const big = ctx.receiver.requests.find((r) => r.bytes > LIMIT);
    expect(big?.spanCount).toBe(1);
    expect(tracer.stats()).toMatchObject({ exported: 7, failed: 0 });
    await tracer.shutdown();
  });

  it("halves a request the server answers 413, until it fits; a lone span over the server's limit fails alone", async () => {
    const lines = captureConsole();
    const SERVER_LIMIT = 20_000;
    const server = await startScripted((req) => (req.body.length > SERVER_LIMIT ? { status: 413, body: '{"error":"too large"}' } : { status: 200 }));
    const tracer = HoneyHiveTracer.init({ ...options(ctx.receiver), serverUrl: server.url });
    try {
      produce(tracer, 40, 0, "z".repeat(2000));
      produce(tracer, 1, 40, "w".repeat(30_000));
      await tracer.flush();
      const delivered = server.seen.filter((s) => s.body.length <= SERVER_LIMIT).reduce((n, s) => n + spanCount(s.body), 0);
      expect(delivered).toBe(40);
      expect(tracer.stats()).toMatchObject({ exported: 40, failed: 1, retries: 0 });
      expect(lines.filter((l) => l.includes("413"))).toEqual([expect.stringMatching(/export of 1 spans .*HTTP 413.*not retried.*larger than the server accepts/)]);
    } finally {
      await tracer.shutdown();
      await server.close();
    }
  });

  it.each(["http/json", "http/protobuf"] as const)("halves a 413'd %s request of several resources and scopes: every span arrives once, under its own resource and scope", async (protocol) => {
    const ended: ReadableSpan[] = [];
    const collect: SpanProcessor = { onStart() {}, onEnd: (s) => void ended.push(s), forceFlush: async () => {}, shutdown: async () => {} };
    for (const service of ["svc-a", "svc-b"]) {
      const provider = new BasicTracerProvider({ spanProcessors: [collect], resource: resourceFromAttributes({ "service.name": service }) });
      for (const scope of ["scope-1", "scope-2"]) {
        const tracer = provider.getTracer(scope, "1.0");
        for (let i = 0; i < 7; i++) tracer.startSpan(`${service}/${scope}/${i}`, { attributes: { pad: "p".repeat(900) } }).end();
      }
    }
    const server = await startScripted((req) => (req.body.length > 6_000 ? { status: 413 } : { status: 200 }));
    const exporter = new HoneyHiveExporter({
      serverUrl: server.url, source: "dev", timeoutMillis: 5000, deadlineMillis: 10_000, maxRequestSize: 1 << 20, compression: "none", protocol, log: new Logger([]),
    });
    try {
      expect(await exporter.send(ended)).toEqual({ sent: 28, failed: 0, retries: 0 });
      const decode = (body: Buffer, i: number) => (protocol === "http/json" ? decodeTraceRequestJson(body.toString("utf8"), i) : decodeTraceRequestProtobuf(body, i));
      const accepted = server.seen.filter((s) => s.body.length <= 6_000).flatMap((s, i) => decode(s.body, i));
      expect(accepted.map((s) => s.name).sort()).toEqual(ended.map((s) => s.name).sort());
      for (const span of accepted) {
        const [service, scope] = span.name.split("/");
        expect(span.resource["service.name"]).toBe(service);
        expect(span.scope).toEqual({ name: scope, version: "1.0" });
        expect(span.attributes.pad).toBe("p".repeat(900));
      }
      expect(server.seen.length).toBeGreaterThan(8); // it took several rounds of halving
    } finally {
      await server.close();
    }
  });

  it.each(["http/json", "http/protobuf"] as const)("%s: never builds a body far beyond the limit, even from spans with large events (a batch is not encoded whole)", async (protocol) => {
    const ended: ReadableSpan[] = [];
    const collect: SpanProcessor = { onStart() {}, onEnd: (s) => void ended.push(s), forceFlush: async () => {}, shutdown: async () => {} };
    const tracer = new BasicTracerProvider({ spanProcessors: [collect] }).getTracer("events");
    for (let i = 0; i < 30; i++) {
      const span = tracer.startSpan(`span ${i}`, { attributes: { small: "s" } });
      span.addEvent("llm.output", { content: `${i}`.padEnd(100_000, "e") }); // 100 KB in an event, none in attributes
      span.end();
    }
    const huge = tracer.startSpan("huge");
    huge.addEvent("llm.output", { content: "h".repeat(1_500_000) });
    huge.end();
    ended.splice(15, 0, ended.pop()!); // and one huge span among them
    const LIMIT_BYTES = 256 * 1024;
    const real: TraceEncoding = protocol === "http/json" ? jsonEncoding : await loadProtobufEncoding();
    const built: { spans: number; bytes: number }[] = [];
    const recording: TraceEncoding = { ...real, encode: (spans) => { const body = real.encode(spans); built.push({ spans: spans.length, bytes: body.byteLength }); return body; } };
    const parts = [...splitBatch(ended, LIMIT_BYTES, recording)];
    expect(parts.reduce((n, p) => n + p.count, 0)).toBe(31);
    for (const p of parts) if (p.count > 1) expect(p.body!.byteLength).toBeLessThanOrEqual(LIMIT_BYTES);
    const combined = built.filter((b) => b.spans > 1);
    expect(combined.length).toBeGreaterThan(0);
    expect(Math.max(...combined.map((b) => b.bytes)), JSON.stringify(built)).toBeLessThanOrEqual(2 * LIMIT_BYTES);
    expect(built.find((b) => b.bytes > 1_500_000)?.spans).toBe(1); // the huge span alone
  });
});
