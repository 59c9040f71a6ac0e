// Review of the session's exporter refactor, as a hostile server would attack it: 413s on any request of any
// encoding, partial successes in every spelling, broken answers and Retry-After values. The invariant checked
// everywhere: every span comes back counted once (sent + failed = given), and sent is what the server kept.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { decodeTraceRequestJson } from "../../receiver/decode.js";
import { decodeTraceRequestProtobuf } from "../../receiver/protobuf.js";
import { HoneyHiveExporter } from "../../src/export/exporter.js";
import { useOtlpProtobuf } from "../../src/export/protobuf.js";
import { Logger } from "../../src/log.js";
import { startScripted, type Answer, type Seen } from "./scripted-server.js";

useOtlpProtobuf(ProtobufTraceSerializer);

type Protocol = "http/json" | "http/protobuf";
const MODES: { protocol: Protocol; compression: "gzip" | "none" }[] = [
  { protocol: "http/json", compression: "none" },
  { protocol: "http/json", compression: "gzip" },
  { protocol: "http/protobuf", compression: "none" },
  { protocol: "http/protobuf", compression: "gzip" },
];

function spans(n: number, pad = 500): ReadableSpan[] {
  const ended: ReadableSpan[] = [];
  const collect: SpanProcessor = { onStart() {}, onEnd: (s) => void ended.push(s), forceFlush: async () => {}, shutdown: async () => {} };
  const tracer = new BasicTracerProvider({ spanProcessors: [collect] }).getTracer("rev2");
  for (let i = 0; i < n; i++) tracer.startSpan(`s${i}`, { attributes: { pad: "p".repeat(pad) } }).end();
  return ended;
}

const names = (s: Seen, protocol: Protocol, i: number) =>
  (protocol === "http/json" ? decodeTraceRequestJson(s.body.toString("utf8"), i) : decodeTraceRequestProtobuf(s.body, i)).map((x) => x.name);

function exporter(url: string, protocol: Protocol, compression: "gzip" | "none", extra: Partial<ConstructorParameters<typeof HoneyHiveExporter>[0]> = {}) {
  return new HoneyHiveExporter({ serverUrl: url, source: "dev", timeoutMillis: 2000, deadlineMillis: 4000, maxRequestSize: 1 << 20, compression, protocol, log: new Logger([]), ...extra });
}

/** protobuf ExportTraceServiceResponse { partial_success { rejected_spans: n, error_message: m } } */
function protobufPartial(n: number, m: string): Buffer {
  const msg = Buffer.from(m);
  const inner = Buffer.concat([Buffer.from([0x08, n]), Buffer.from([0x12, msg.length]), msg]);
  return Buffer.concat([Buffer.from([0x0a, inner.length]), inner]);
}

describe.each(MODES)("413s from a hostile server ($protocol, $compression)", ({ protocol, compression }) => {
  const run = async (n: number, answer: (s: Seen, i: number, names: string[]) => Answer) => {
    const kept: string[] = [];
    const server = await startScripted((s, i) => {
      const a = answer(s, i, names(s, protocol, i));
      if (a.status === 200) kept.push(...names(s, protocol, i));
      return a;
    });
    try {
      const given = spans(n);
      const result = await exporter(server.url, protocol, compression).send(given);
      expect(result.sent + result.failed).toBe(n);
      expect(result.sent).toBe(kept.length);
      expect(new Set(kept).size).toBe(kept.length); // never delivered twice
      return { result, kept, seen: server.seen };
    } finally {
      await server.close();
    }
  };

  it("413 on the first request only: halved, every span delivered once", async () => {
    const { result } = await run(20, (_, i) => ({ status: i === 0 ? 413 : 200 }));
    expect(result).toEqual({ sent: 20, failed: 0, retries: 0 });
  });

  it("413 on the second request: the halves' first half lands, the second is halved again", async () => {
    const { result, seen } = await run(20, (_, i) => ({ status: i === 1 || i === 0 ? 413 : 200 }));
    expect(result).toEqual({ sent: 20, failed: 0, retries: 0 });
    expect(seen.length).toBeGreaterThan(3);
  });

  it("413 on every request: each span ends failed alone, counted once", async () => {
    const { result, seen } = await run(8, () => ({ status: 413 }));
    expect(result).toEqual({ sent: 0, failed: 8, retries: 0 });
    // halving down to single spans: at least the 8 lone ones and the first, at most a binary tree of 15
    expect(seen.length).toBeGreaterThanOrEqual(9);
    expect(seen.length).toBeLessThanOrEqual(15);
  });

  it("413 for a single span: that one fails, its neighbours arrive", async () => {
    const { result } = await run(9, (_, _i, n) => ({ status: n.includes("s4") ? 413 : 200 }));
    expect(result).toEqual({ sent: 8, failed: 1, retries: 0 });
  });

  it("a 413 then a 503 for a half: the half is retried, not halved again", async () => {
    const { result } = await run(10, (_, i) => ({ status: i === 0 ? 413 : i === 1 ? 503 : 200 }));
    expect(result).toMatchObject({ sent: 10, failed: 0, retries: 1 });
  });

  it("partial success on a half of a 413'd body is counted on that half only", async () => {
    const body = protocol === "http/json" ? '{"partialSuccess":{"rejectedSpans":2,"errorMessage":"no"}}' : undefined;
    const kept: string[] = [];
    const server = await startScripted((s, i) => {
      if (i === 0) return { status: 413 };
      if (i === 1) {
        return protocol === "http/json"
          ? { status: 200, body }
          : { status: 200, headers: { "content-type": "application/x-protobuf" }, body: protobufPartial(2, "no").toString("latin1") };
      }
      kept.push(...names(s, protocol, i));
      return { status: 200 };
    });
    try {
      const result = await exporter(server.url, protocol, compression).send(spans(10));
      const first = names(server.seen[1]!, protocol, 1).length;
      const rejected = Math.min(2, first);
      expect(result).toEqual({ sent: 10 - rejected, failed: rejected, retries: 0 });
      expect(kept.length).toBe(10 - first);
    } finally {
      await server.close();
    }
  });
});

describe("answers in every spelling", () => {
  const answerOf = async (a: Answer, protocol: Protocol = "http/json", n = 5) => {
    const server = await startScripted(() => a);
    const lines: string[] = [];
    try {
      const log = new Logger(["hh-secret-key-123456"]);
      const result = await exporter(server.url, protocol, "none", { log, apiKey: "hh-secret-key-123456", deadlineMillis: 1500 }).send(spans(n, 10));
      expect(result.sent + result.failed).toBe(n);
      return { result, seen: server.seen.length, lines };
    } finally {
      await server.close();
    }
  };

  it.each([
    ['{"partialSuccess":{"rejectedSpans":2}}', 3, 2],
    ['{"partial_success":{"rejected_spans":"2","error_message":"x"}}', 3, 2],
    ['{"partialSuccess":{"rejectedSpans":99}}', 0, 5],
    ['{"partialSuccess":{"rejectedSpans":-3}}', 5, 0],
    ['{"partialSuccess":{"rejectedSpans":1e400}}', 5, 0],
    ['{"partialSuccess":{"rejectedSpans":2.5}}', 5, 0],
    ['{"partialSuccess":null}', 5, 0],
    ['{"partialSuccess":{"rejectedSpans":0,"errorMessage":"warn"}}', 5, 0],
    ["  \n ", 5, 0],
    ["[]", 0, 5],
    ["null", 0, 5],
    ["<html>portal</html>", 0, 5],
  ])("a 200 with %s: sent %i, failed %i", async (body, sent, failed) => {
    const { result, seen } = await answerOf({ status: 200, body });
    expect(result).toMatchObject({ sent, failed });
    expect(seen).toBe(1);
  });

  it("a protobuf partial success counts its rejected spans; a 200 page under a protobuf content type fails", async () => {
    const partial = await answerOf({ status: 200, headers: { "content-type": "application/x-protobuf" }, body: protobufPartial(3, "bad").toString("latin1") }, "http/protobuf");
    expect(partial.result).toMatchObject({ sent: 2, failed: 3 });
    const page = await answerOf({ status: 200, headers: { "content-type": "application/x-protobuf" }, body: "<html>portal</html>" }, "http/protobuf");
    expect(page.result).toMatchObject({ sent: 0, failed: 5 });
  });

  it("a 200 answer over 64 KiB fails the export (not read whole)", async () => {
    const { result } = await answerOf({ status: 200, body: `{"x":"${"a".repeat(100_000)}"}` });
    expect(result).toMatchObject({ sent: 0, failed: 5 });
  });

  it.each([
    ["99999999999999", 0],
    ["-5", 1],
    ["garbage", 1],
    ["Wed, 21 Oct 2015 07:28:00 GMT", 1],
    ["1", 1],
  ])("a 503 with Retry-After %s, then a 200: retried %i times within the deadline", async (retryAfter, retries) => {
    const server = await startScripted((_, i) => (i === 0 ? { status: 503, headers: { "retry-after": retryAfter } } : { status: 200 }));
    try {
      const e = exporter(server.url, "http/json", "none", { deadlineMillis: 2500 });
      const started = Date.now();
      const result = await e.send(spans(3, 10), { deadline: Date.now() + 2500 });
      expect(Date.now() - started).toBeLessThan(3500);
      expect(result).toMatchObject({ sent: 3 * retries, failed: 3 - 3 * retries, retries });
    } finally {
      await server.close();
    }
  });
});

describe("resets and slow bodies", () => {
  it("a connection reset mid-way through a 200's answer: the status stands (an unreadable body reads as empty), sent once", async () => {
    let n = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        if (n++ === 0) {
          res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
          res.write('{"partialSu');
          setTimeout(() => res.socket?.destroy(), 20);
        } else res.end("{}");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const result = await exporter(url, "http/json", "none").send(spans(4, 10));
      expect(result).toEqual({ sent: 4, failed: 0, retries: 0 });
      expect(n).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("a slow-drip 200 answer is cut by the request timeout (its status stands): the send ends in time", async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        const t = setInterval(() => res.write(" "), 50);
        res.on("close", () => clearInterval(t));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const started = Date.now();
      const result = await exporter(url, "http/json", "none", { timeoutMillis: 300, deadlineMillis: 1200 }).send(spans(4, 10));
      expect(Date.now() - started).toBeLessThan(1000);
      expect(result).toEqual({ sent: 4, failed: 0, retries: 0 });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("a tracer under concurrent flushes while the server halves", () => {
  it.each(["http/json", "http/protobuf"] as const)("%s: ten flush() calls at once, spans made meanwhile, shutdown mid-export: every span counted once, as the server kept it", async (protocol) => {
    const { HoneyHiveTracer } = await import("../../runtimes/node/index.js");
    const { captureConsole, produce } = await import("./helpers.js");
    const lines = captureConsole();
    const KEY = "hh-concurrency-secret-98765";
    const kept: string[] = [];
    // 413 above 6 KB (echoing the Authorization header back), slow answers, a 503 now and then
    const server = await startScripted((s, i) => {
      if (s.body.length > 6000) return { status: 413, body: `too large for ${s.headers.authorization}`, delayMs: 20 };
      if (i % 7 === 3) return { status: 503, body: `busy ${s.headers.authorization}`, delayMs: 10 };
      kept.push(...names(s, protocol, i));
      return { status: 200, delayMs: 30 };
    });
    const tracer = HoneyHiveTracer.init({ apiKey: KEY, serverUrl: server.url, project: "rev2", protocol, env: {}, maxQueueSize: 400 });
    try {
      produce(tracer, 60, 0, "q".repeat(400));
      const flushes = Array.from({ length: 10 }, () => tracer.flush());
      produce(tracer, 40, 60, "r".repeat(400));
      produce(tracer, 1, 100, "z".repeat(7000)); // one span alone over the server's limit
      flushes.push(tracer.flush());
      await Promise.all([...flushes, tracer.shutdown()]);
      const stats = tracer.stats();
      expect(stats.exported + stats.failed + stats.dropped).toBe(101);
      expect(stats.queued).toBe(0);
      expect(new Set(kept).size).toBe(kept.length);
      expect(stats.exported).toBe(kept.length);
      expect(stats).toMatchObject({ exported: 100, failed: 1, dropped: 0 });
      // the server echoed the key in its 413 page, which the log quotes: redacted
      expect(lines).toContainEqual(expect.stringMatching(/export of 1 spans .*HTTP 413.*too large for Bearer \[redacted\]/));
      for (const l of lines) expect(l).not.toContain(KEY);
    } finally {
      await server.close();
    }
  });
});

describe("deadlines while halving", () => {
  it.each(["http/json", "http/protobuf"] as const)("%s: a server that answers every request 413 slowly: the send ends by its deadline, every span failed once", async (protocol) => {
    const server = await startScripted(() => ({ status: 413, delayMs: 150 }));
    try {
      const started = Date.now();
      const result = await exporter(server.url, protocol, "gzip", { deadlineMillis: 1000 }).send(spans(64, 200), { deadline: Date.now() + 1000 });
      expect(Date.now() - started).toBeLessThan(1600);
      expect(result).toEqual({ sent: 0, failed: 64, retries: 0 });
      expect(server.seen.length).toBeLessThan(12);
    } finally {
      await server.close();
    }
  });
});

describe("a flush cut short by a deadline of its own", () => {
  it("names that deadline, not exportDeadlineMillis (an ending program's 1 s budget read as 'the export deadline (30000 ms)')", async () => {
    const { HoneyHiveTracer } = await import("../../runtimes/node/index.js");
    const { captureConsole, produce } = await import("./helpers.js");
    const lines = captureConsole();
    const server = await startScripted(() => ({ status: 200, delayMs: 3000 }));
    const tracer = HoneyHiveTracer.init({ apiKey: "hh-key-123456", serverUrl: server.url, project: "rev2", env: {}, maxExportBatchSize: 10 });
    try {
      produce(tracer, 100); // 4 requests in flight, 60 spans still queued when the deadline comes
      await tracer.processor.forceFlush({ deadline: Date.now() + 400 });
      const line = lines.find((l) => l.includes("flush did not finish"));
      const ms = Number(/within its deadline \((\d+) ms\); 60 queued spans were not sent/.exec(line ?? "")?.[1]);
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThanOrEqual(400);
      expect(tracer.stats()).toMatchObject({ exported: 0, failed: 100 });
    } finally {
      await tracer.shutdown();
      await server.close();
    }
  });

  it("a send cut short names its own deadline when it gives up, not the export deadline it never reached", async () => {
    const { captureConsole } = await import("./helpers.js");
    const lines = captureConsole();
    const server = await startScripted(() => ({ status: 200, delayMs: 3000 }));
    try {
      const log = new Logger([]);
      const result = await exporter(server.url, "http/json", "none", { log, timeoutMillis: 5000, deadlineMillis: 30_000 }).send(spans(3, 10), { deadline: Date.now() + 400 });
      expect(result).toEqual({ sent: 0, failed: 3, retries: 0 });
      const line = lines.find((l) => l.includes("giving up"));
      expect(line).toMatch(/timed out after \d+ ms; giving up \(its deadline \d+ ms\)/);
      expect(line).not.toContain("30000");
    } finally {
      await server.close();
    }
  });
});
