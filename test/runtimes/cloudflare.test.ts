// Cloudflare Workers: workerd through miniflare, WITHOUT nodejs_compat: once bare, once with nodejs_als.
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { expectConformance, waitForRun, type ConformanceReport } from "../conformance/receiver-checks.js";
import { API_KEY, CONDITIONS, bundle, conformanceEnv, expectConfigFromEnv, requireBuilt } from "./support.js";

let receiver: Receiver;
let script: string;
beforeAll(async () => {
  requireBuilt("cloudflare");
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
  script = await bundle("worker.mjs", CONDITIONS.workerd);
});
afterAll(() => receiver?.close());

/** The Fetcher's event methods (miniflare's typings do not show them). */
interface WorkerEvents {
  scheduled(options: { cron: string; scheduledTime: Date }): Promise<{ outcome: string }>;
  queue(queue: string, messages: { id: string; timestamp: Date; body: unknown; attempts: number }[]): Promise<{ outcome: string }>;
}
const workerOf = async (mf: Miniflare) => (await mf.getWorker()) as unknown as WorkerEvents;

const durationMs = (s: { startTimeUnixNano: string; endTimeUnixNano: string }) =>
  Number(BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1e6;

describe.each([
  { flags: [] as string[], asyncContext: false },
  { flags: ["nodejs_als"], asyncContext: true },
])("workerd, compatibility flags $flags", ({ flags, asyncContext }) => {
  let mf: Miniflare;
  let report: ConformanceReport;
  beforeAll(async () => {
    mf = new Miniflare({
      // modules listed by hand: the one form that loads without a flag (cloudflare-loading.test.ts: modules: true)
      modules: [{ type: "ESModule", path: "worker.mjs", contents: script }],
      compatibilityDate: "2025-01-01",
      compatibilityFlags: flags,
      bindings: {
        ...conformanceEnv("conformance-workers", receiver.url),
        HH_MAX_ATTRIBUTES: 200, // a JSON var: a number, not a string
      },
    });
    const res = await mf.dispatchFetch("http://worker.test/conformance");
    expect(res.status).toBe(200);
    report = (await res.json()) as ConformanceReport;
  });
  afterAll(() => mf?.dispose());

  test("the conformance suite, config from the bindings", async () => {
    expectConfigFromEnv(report.config, "conformance-workers");
    const spans = await waitForRun(receiver, report, 1);
    expectConformance(receiver, report, { asyncContext });
    const request = spans.find((s) => s.name === "GET /conformance")!;
    expect(request.kind).toBe(2);
    expect(request.attributes).toMatchObject({ "http.request.method": "GET", "url.path": "/conformance", "http.response.status_code": 200 });
    expect(spans.find((s) => s.name === "conformance.limits")!.parentSpanId).toBe(request.spanId);
  });

  /** Spans that arrive from now on (one receiver serves both flag sets), and the session a named one is in. */
  const fromNow = () => {
    const before = receiver.accepted.length;
    const spans = () => receiver.accepted.slice(before);
    const sessionOf = (name: string) => spans().find((s) => s.name === name)?.attributes["honeyhive.session_id"];
    return { spans, sessionOf };
  };

  test("a cron run is exported before the event is over (no waiting after it returns), in a session of its own", async () => {
    const worker = await workerOf(mf);
    const run = fromNow();
    const result = await worker.scheduled({ cron: "*/5 * * * *", scheduledTime: new Date() });
    expect(result.outcome).toBe("ok");
    // workerd ends a scheduled event only when its waitUntil work is done: the spans must be here already
    expect(run.spans().map((s) => s.name)).toEqual(expect.arrayContaining(["scheduled */5 * * * *", "cron.work", "cron.background"]));
    const session = run.sessionOf("scheduled */5 * * * *");
    expect(run.sessionOf("cron.work")).toBe(session);
    // with async context, the run is its own session (named after it); without, the isolate's one
    if (asyncContext) {
      expect(run.sessionOf("cron.background")).toBe(session);
      expect(session).not.toBe(report.sessionId);
      expect(receiver.sessions().sessions.find((s) => s.sessionId === session)!.name).toBe("scheduled */5 * * * *");
    } else {
      expect(session).toBe(report.sessionId);
    }
  });

  test("a queue batch is exported before the event is over, in a session of its own", async () => {
    const worker = await workerOf(mf);
    const run = fromNow();
    const now = new Date();
    const messages = [1, 2].map((n) => ({ id: `m${n}`, timestamp: now, body: { n }, attempts: 1 }));
    const result = await worker.queue("jobs", messages);
    expect(result.outcome).toBe("ok");
    const spans = run.spans();
    expect(spans.filter((s) => s.name === "queue.message")).toHaveLength(2);
    expect(spans.find((s) => s.name === "queue jobs")!.attributes["honeyhive_metadata.messages"]).toBe(2);
    const session = run.sessionOf("queue jobs");
    expect(spans.every((s) => s.attributes["honeyhive.session_id"] === session)).toBe(true);
    expect(session === report.sessionId).toBe(!asyncContext);
  });

  test("work handed to ctx.waitUntil is exported, in the request's session", async () => {
    const run = fromNow();
    const res = await mf.dispatchFetch("http://worker.test/background");
    const sessionId = await res.text();
    await receiver.waitFor(() => run.sessionOf("background.work") !== undefined);
    expect(run.sessionOf("background.work")).toBe(asyncContext ? sessionId : report.sessionId);
    expect(run.sessionOf("GET /background")).toBe(sessionId);
  });

  test("concurrent streamed responses end their spans when their bodies finish", async () => {
    const run = fromNow();
    const bodies = await Promise.all([1, 2, 3].map(async () => (await mf.dispatchFetch("http://worker.test/stream")).text()));
    expect(bodies).toEqual(Array(3).fill("chunk 0\nchunk 1\nchunk 2\n"));
    const streams = () => run.spans().filter((s) => s.name === "GET /stream");
    await receiver.waitFor(() => streams().length === 3);
    for (const span of streams()) expect(durationMs(span)).toBeGreaterThanOrEqual(250);
    // one session per request with async context; the isolate's one without
    expect(new Set(streams().map((s) => s.attributes["honeyhive.session_id"])).size).toBe(asyncContext ? 3 : 1);
  });
});
