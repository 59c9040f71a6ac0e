// A Next.js app whose instrumentation file registers @vercel/otel with HoneyHive's processor, as the
// README shows: @vercel/otel's composite processor forwards only onStart/onEnd, and both Next.js and
// @vercel/otel instrument fetch. One nodejs and one edge route; the edge build resolves honeyhive-edge to
// its edge entry through export conditions.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { installPackedApp, type PackedApp } from "../helpers/packed-app.js";
import {
  API_KEY,
  NEXT_DEPS,
  OTEL_2X_PEERS,
  expectCoreAttributes,
  exportSpans,
  ingestRequests,
  nextBuild,
  nextStart,
  settled,
  type Started,
} from "./support.js";

const VERCEL_OTEL = "2.1.3";

const INSTRUMENTATION = `
import { registerOTel } from "@vercel/otel";
import { HoneyHiveSpanProcessor } from "honeyhive-edge";

export function register() {
  registerOTel({ serviceName: "next-vercel-otel", spanProcessors: [new HoneyHiveSpanProcessor({ project: "next-otel" })] });
}
`;

const route = (runtime: "nodejs" | "edge") => `
import { trace } from "@opentelemetry/api";

export const runtime = "${runtime}";
export const dynamic = "force-dynamic";

export async function GET() {
  const status = await trace.getTracer("app").startActiveSpan("${runtime}.work", async (span) => {
    const r = await fetch(process.env.HH_API_URL + "/app-call", { cache: "no-store" });
    await r.text();
    span.end();
    return r.status;
  });
  return Response.json({ status });
}
`;

let app: PackedApp;
let receiver: Receiver;
let server: Started | undefined;

beforeAll(async () => {
  app = await installPackedApp({
    dependencies: { ...NEXT_DEPS, "@opentelemetry/api": "1.9.0", "@vercel/otel": VERCEL_OTEL, ...OTEL_2X_PEERS },
    files: { "instrumentation.js": INSTRUMENTATION, "app/api/node/route.js": route("nodejs"), "app/api/edge/route.js": route("edge") },
  });
  expect(app.installLog).not.toMatch(/ERESOLVE|invalid/);
  await nextBuild(app.dir);
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
  server = await nextStart(app.dir, { HH_API_URL: receiver.url, HH_API_KEY: API_KEY });
}, 300_000);
afterAll(async () => {
  await server?.stop();
  await receiver?.close();
  app?.remove();
});

it(`@vercel/otel ${VERCEL_OTEL} registerOTel + HoneyHiveSpanProcessor, nodejs and edge routes: every span accepted, no export spans, the count settles`, async () => {
  for (const path of ["/api/node", "/api/edge", "/api/node", "/api/edge"]) {
    const response = await fetch(`${server!.url}${path}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 404 });
  }
  const work = () => receiver.accepted.filter((s) => s.name.endsWith(".work"));
  await receiver.waitFor(() => work().length === 4, 20_000);
  const count = await settled(receiver, 3000);
  const spans = receiver.accepted;
  expect(receiver.rejected).toEqual([]);
  expect(spans).toHaveLength(count);
  expectCoreAttributes(spans, "next-otel");
  for (const runtime of ["nodejs", "edge"]) {
    const mine = work().filter((s) => s.name === `${runtime}.work`);
    expect(mine).toHaveLength(2);
    for (const s of mine) {
      expect(s.attributes["honeyhive_event_type"]).toBe("tool");
      expect(s.resource["vercel.runtime"]).toBe(runtime);
    }
  }
  // @vercel/otel traces fetch in both runtimes: the app's own calls are spans, the exporter's are not
  expect(spans.filter((s) => s.name.startsWith("fetch GET ") && s.name.endsWith("/app-call")).length).toBeGreaterThanOrEqual(4);
  expect(exportSpans(spans, receiver.url)).toEqual([]);
  const exports = ingestRequests(receiver);
  expect(exports.length).toBeGreaterThan(0);
  // bounded (a loop makes thousands); how the 1 s batches fall depends on the machine's load
  expect(exports.length).toBeLessThanOrEqual(4 * 4);
  for (const r of exports) expect(r.headers.traceparent).toBeUndefined();
}, 60_000);
