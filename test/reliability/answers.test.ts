// What a server answers is judged, never trusted (issue 14, items 2, 3, 6): a redirect is a failed export that
// names the new location (fetch would re-send a 301/302/303 as a GET without the spans); a 2xx must be an OTLP
// answer, not a captive portal's page; partial success counts in protobuf and both JSON spellings; and an
// answer is read up to a small cap, however large the server makes it.
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { captureConsole, options, produce, useTestReceiver } from "./helpers.js";
import { startScripted, type Answer } from "./scripted-server.js";
import { startHugeAnswer } from "../helpers/huge-answer.mjs";

const ctx = useTestReceiver();

/** Five spans through a tracer at a scripted server; what the server saw and the tracer counted. */
async function exportTo(answer: (i: number, url: string) => Answer, extra: Record<string, unknown> = {}, batches = 1) {
  const server = await startScripted((_req, i) => answer(i, server.url));
  const tracer = HoneyHiveTracer.init({ ...options(ctx.receiver), serverUrl: server.url, exportDeadlineMillis: 3000, ...extra });
  try {
    for (let b = 0; b < batches; b++) {
      produce(tracer, 5, b * 5);
      await tracer.flush();
    }
    return { seen: server.seen, stats: tracer.stats() };
  } finally {
    await tracer.shutdown();
    await server.close();
  }
}

describe("redirects", () => {
  it.each([301, 302, 303, 307, 308])("%i is a failed export naming the new location, not followed, not retried", async (status) => {
    const lines = captureConsole();
    const { seen, stats } = await exportTo((i, url) => (i === 0 ? { status, headers: { location: `${url}/moved/v1/traces` } } : { status: 200 }));
    expect(seen.map((s) => s.url)).toEqual(["/opentelemetry/v1/traces"]); // one POST, nothing sent to the new place
    expect(stats).toMatchObject({ exported: 0, failed: 5, retries: 0 });
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`HTTP ${status}: redirected to http://127\\.0\\.0\\.1:\\d+/moved/v1/traces; set serverUrl`)));
  });
});

describe("a 2xx must be an OTLP answer", () => {
  it("a captive portal's 200 HTML page is a failed export", async () => {
    const lines = captureConsole();
    const page = "<!doctype html><html><body>Sign in to the hotel Wi-Fi</body></html>";
    const { stats } = await exportTo(() => ({ status: 200, headers: { "content-type": "text/html" }, body: page }));
    expect(stats).toMatchObject({ exported: 0, failed: 5 });
    expect(lines).toContainEqual(expect.stringMatching(/HTTP 200 with text\/html that is no OTLP answer \("<!doctype html>.*captive portal/));
  });

  it.each([
    ["an empty body", { status: 200, body: "" }],
    ["204 No Content", { status: 204, body: "" }],
    ["{} as JSON", { status: 200, body: "{}" }],
    ["an empty protobuf ExportTraceServiceResponse", { status: 200, headers: { "content-type": "application/x-protobuf" }, body: "" }],
  ] as [string, Answer][])("%s counts as delivered", async (_what, answer) => {
    const { stats } = await exportTo(() => answer);
    expect(stats).toMatchObject({ exported: 5, failed: 0 });
  });
});

// ExportTraceServiceResponse { partial_success (1) { rejected_spans (1) = 2, error_message (2) = "two bad" } }
const PROTOBUF_PARTIAL = String.fromCharCode(0x0a, 11, 0x08, 2, 0x12, 7) + "two bad";

describe("partial success", () => {
  it.each([
    ["protobuf", { "content-type": "application/x-protobuf" }, PROTOBUF_PARTIAL, "http/protobuf"],
    ["JSON partialSuccess", {}, JSON.stringify({ partialSuccess: { rejectedSpans: 2, errorMessage: "two bad" } }), "http/json"],
    ["JSON partial_success", {}, JSON.stringify({ partial_success: { rejected_spans: "2", error_message: "two bad" } }), "http/json"],
  ])("%s: rejected spans count as failed, the message is logged once", async (_what, headers, body, protocol) => {
    const lines = captureConsole();
    const { stats } = await exportTo(() => ({ status: 200, headers, body }), { protocol }, 2);
    expect(stats).toMatchObject({ exported: 6, failed: 4 });
    expect(lines.filter((l) => l.includes("two bad"))).toEqual([expect.stringMatching(/the server rejected 2 of 5 spans: two bad/)]);
  });
});

describe("a huge answer", () => {
  it("is read up to a small cap: a 300 MiB answer is cut off early, and is no OTLP answer", async () => {
    const lines = captureConsole();
    const server = await startHugeAnswer(300 * 1024 * 1024);
    const tracer = HoneyHiveTracer.init({ ...options(ctx.receiver), serverUrl: server.url });
    try {
      produce(tracer, 5);
      await tracer.flush();
      expect(tracer.stats()).toMatchObject({ exported: 0, failed: 5 });
      expect(server.written(), `${server.written()} bytes of the answer were written before the client hung up`).toBeLessThan(32 * 1024 * 1024);
      expect(lines).toContainEqual(expect.stringMatching(/HTTP 200 with application\/json that is no OTLP answer \(more than 65536 bytes\)/));
    } finally {
      await tracer.shutdown();
      await server.close();
    }
  });
});
