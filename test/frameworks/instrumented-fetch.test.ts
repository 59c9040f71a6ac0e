// Plain Node with fetch instrumented by the app (instrumentation-undici, @vercel/otel's fetch patch):
// the exporter's own POSTs must never be traced, or every export makes spans that are exported again.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { installPackedApp, type PackedApp } from "../helpers/packed-app.js";
import { API_KEY, exportSpans, INGEST_PATH, OTEL_2X_PEERS, run } from "./support.js";

// the newest instrumentation-undici for Node 20 and the 2.x SDK (0.34 needs Node >= 22.15 and instrumentation 0.3xx)
const UNDICI = "0.33.0";

const UNDICI_APP = `
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { HoneyHiveTracer } from "honeyhive-edge";

const tracer = HoneyHiveTracer.init({ project: "undici-app" });
registerInstrumentations({ tracerProvider: tracer.provider, instrumentations: [new UndiciInstrumentation()] });
await tracer.trace("user.work", async () => {
  // the app's own fetch, traced as a child of user.work; then a flush from inside the user's span
  await fetch(process.env.HH_API_URL + "/app-call").then((r) => r.text());
  await tracer.flush();
});
// no flush, no exit: the process must end on its own
`;

const VERCEL_OTEL_APP = `
import { trace } from "@opentelemetry/api";
import { registerOTel } from "@vercel/otel";
import { HoneyHiveSpanProcessor } from "honeyhive-edge";

const processor = new HoneyHiveSpanProcessor({ project: "vercel-otel-node" });
registerOTel({ serviceName: "vercel-otel-node", spanProcessors: [processor] });
await trace.getTracer("app").startActiveSpan("user.work", async (span) => {
  await fetch(process.env.HH_API_URL + "/app-call").then((r) => r.text());
  await processor.forceFlush();
  span.end();
});
await processor.forceFlush();
// what a loop would add, given time
await new Promise((r) => setTimeout(r, 1500));
await processor.forceFlush();
process.exit(0);
`;

let app: PackedApp;
let receiver: Receiver;

beforeAll(async () => {
  app = await installPackedApp({
    dependencies: {
      "@opentelemetry/api": "1.9.0",
      "@opentelemetry/instrumentation-undici": UNDICI,
      "@vercel/otel": "2.1.3",
      ...OTEL_2X_PEERS,
    },
    files: { "undici.mjs": UNDICI_APP, "vercel-otel.mjs": VERCEL_OTEL_APP },
  });
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
}, 240_000);
afterAll(async () => {
  await receiver?.close();
  app?.remove();
});
beforeEach(() => receiver.clear());

const env = () => ({ HH_API_URL: receiver.url, HH_API_KEY: API_KEY });

describe("instrumented fetch in plain Node", () => {
  it(`instrumentation-undici ${UNDICI} on tracer.provider: one user span, a few export requests, the process exits by itself`, async () => {
    const started = Date.now();
    const { code, stderr } = await run(process.execPath, ["undici.mjs"], env(), 20_000, app.dir);
    expect(stderr).not.toMatch(/Error/);
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    const spans = receiver.accepted;
    expect(receiver.rejected).toEqual([]);
    // the instrumentation works: the app's own fetch is a span, a child of user.work
    const user = spans.find((s) => s.name === "user.work")!;
    const call = spans.find((s) => s.name === "GET")!;
    expect(user).toBeDefined();
    expect(call?.parentSpanId).toBe(user.spanId);
    expect(exportSpans(spans, receiver.url)).toEqual([]);
    expect(spans).toHaveLength(2);
    expect(receiver.requests.filter((r) => r.path === INGEST_PATH).length).toBeLessThanOrEqual(3);
  }, 60_000);

  it("@vercel/otel 2.1.3's registerOTel in Node (its fetch patch on): spans accepted, no export spans", async () => {
    const { code, stderr } = await run(process.execPath, ["vercel-otel.mjs"], env(), 30_000, app.dir);
    expect(stderr).not.toMatch(/Error/);
    expect(code).toBe(0);
    expect(receiver.rejected).toEqual([]);
    const spans = receiver.accepted;
    const user = spans.find((s) => s.name === "user.work");
    expect(user?.attributes["honeyhive_event_type"]).toBe("tool");
    expect(user?.attributes["honeyhive.project"]).toBe("vercel-otel-node");
    expect(exportSpans(spans, receiver.url)).toEqual([]);
    expect(receiver.requests.filter((r) => r.path === INGEST_PATH).length).toBeLessThanOrEqual(4);
  }, 60_000);
});
