// A Next.js app as users build and start it (`next build`, `next start`), with an Edge route wrapped in
// withHoneyHive. Next.js patches fetch and traces every call through the global provider (ours here):
// the exporter's own POSTs must not become spans, or each export makes more to export.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { installPackedApp, type PackedApp } from "../helpers/packed-app.js";
import { API_KEY, NEXT_DEPS, expectCoreAttributes, exportSpans, ingestRequests, nextBuild, nextStart, settled, type Started } from "./support.js";

const ROUTE = `
import { withHoneyHive } from "honeyhive-edge/vercel-edge";

export const runtime = "edge";
export const dynamic = "force-dynamic";

export const GET = withHoneyHive(async (request, context, tracer) => {
  const status = await tracer.trace("hello", async () => {
    // the app's own fetch, through Next.js's patched fetch
    const r = await fetch(process.env.HH_API_URL + "/app-call", { cache: "no-store" });
    await r.text();
    return r.status;
  }, { eventType: "tool" });
  return Response.json({ status });
});
`;

let app: PackedApp;
let receiver: Receiver;
let server: Started | undefined;

beforeAll(async () => {
  app = await installPackedApp({
    dependencies: { ...NEXT_DEPS, "@opentelemetry/api": "1.9.0" },
    files: { "app/api/hello/route.js": ROUTE },
  });
  await nextBuild(app.dir);
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
  server = await nextStart(app.dir, { HH_API_URL: receiver.url, HH_API_KEY: API_KEY, HH_PROJECT: "next-edge" });
}, 300_000);
afterAll(async () => {
  await server?.stop();
  await receiver?.close();
  app?.remove();
});

it(`Next.js ${NEXT_DEPS.next}, Edge route with withHoneyHive: every span accepted, no export spans, the count settles`, async () => {
  for (let i = 0; i < 2; i++) {
    const response = await fetch(`${server!.url}/api/hello`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 404 });
  }
  await receiver.waitFor(() => receiver.accepted.filter((s) => s.name === "hello").length === 2, 15_000);
  const count = await settled(receiver, 3000);
  const spans = receiver.accepted;
  expect(receiver.rejected).toEqual([]);
  expect(spans).toHaveLength(count);
  expectCoreAttributes(spans, "next-edge");
  expect(spans.filter((s) => s.name === "GET /api/hello")).toHaveLength(2);
  // Next.js traces fetch here: the app's own call is a span, the exporter's are not
  expect(spans.filter((s) => s.name.startsWith("fetch GET ") && s.name.endsWith("/app-call"))).toHaveLength(2);
  expect(exportSpans(spans, receiver.url)).toEqual([]);
  const exports = ingestRequests(receiver);
  expect(exports.length).toBeGreaterThan(0);
  // bounded (a loop makes thousands); how the 1 s batches fall depends on the machine's load
  expect(exports.length).toBeLessThanOrEqual(4 * 2);
  for (const r of exports) expect(r.headers.traceparent).toBeUndefined();
  // next start's Edge sandbox has Next.js's request context: the flush is kept alive by its waitUntil
  expect(server!.output()).not.toContain("no waitUntil");
}, 60_000);
