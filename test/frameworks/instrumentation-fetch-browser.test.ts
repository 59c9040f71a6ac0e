// A browser app with @opentelemetry/instrumentation-fetch on HoneyHive's provider, bundled by esbuild and loaded in
// Chromium from a loopback page: the exporter's own POSTs must never become spans (each would be exported again)
// and never carry the page's trace context.
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from "node:http";
import { join } from "node:path";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { launchChromium, servePage } from "../runtimes/chromium.js";
import { CONDITIONS } from "../runtimes/support.js";
import { installPackedApp, type PackedApp } from "../helpers/packed-app.js";
import { API_KEY, INGEST_PATH, expectCoreAttributes, exportSpans, ingestRequests, settled } from "./support.js";

// the newest instrumentation-fetch on the 2.x SDK line (0.300 is on the 3.x line: its core 3.x needs api 1.10)
const FETCH = "0.223.0";

const PAGE = `
import { propagation } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { FetchInstrumentation } from "@opentelemetry/instrumentation-fetch";
import { HoneyHiveTracer } from "honeyhive-edge";

const query = new URLSearchParams(location.search);
// ?cors=all: trace context on every origin's requests (by default only the page's own origin gets it)
const cors = query.get("cors") === "all" ? { propagateTraceHeaderCorsUrls: [/.*/] } : {};
const instrument = (options) => registerInstrumentations({ instrumentations: [new FetchInstrumentation(cors)], ...options });
// ?order=global: fetch instrumented first, through the global provider (the order OpenTelemetry's docs show;
// red until runtimes/browser/preflight.ts sends its warm-up POST untraced: that POST becomes a span)
if (query.get("order") === "global") instrument({});
const tracer = HoneyHiveTracer.init({ apiKey: "${API_KEY}", serverUrl: query.get("server"), project: "fetch-browser" });
if (query.get("order") !== "global") instrument({ tracerProvider: tracer.provider });
// what WebTracerProvider.register() would add: W3C trace context on the fetches the instrumentation traces
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
await tracer.trace("user.work", async () => {
  const response = await fetch("/app-call");
  await response.text();
});
window.__report = { sessionId: tracer.sessionId };
await tracer.flush();
`;

let app: PackedApp;
let receiver: Receiver;
let pages: Server;
let pageUrl: string;
let browser: Browser;
const appCalls: IncomingHttpHeaders[] = [];

/** The page's server passes HoneyHive's paths on to the receiver, headers as sent (an app proxying its own ingest). */
async function proxy(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "host" && k !== "connection") as [string, string][]);
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
  const answer = await fetch(receiver.url + req.url, { method: req.method, headers, body });
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  res.end(Buffer.from(await answer.arrayBuffer()));
}

beforeAll(async () => {
  app = await installPackedApp({
    dependencies: {
      "@opentelemetry/api": "1.9.0",
      "@opentelemetry/core": "2.12.0",
      "@opentelemetry/instrumentation": FETCH,
      "@opentelemetry/instrumentation-fetch": FETCH,
    },
    files: { "page.mjs": PAGE },
  });
  const result = await build({
    entryPoints: [join(app.dir, "page.mjs")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: [...CONDITIONS.browser],
    absWorkingDir: app.dir,
    logLevel: "silent",
  });
  const script = result.outputFiles[0].text;
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
  const html = `<!doctype html><meta charset="utf-8"><title>fetch instrumentation</title><script type="module" src="/bundle.js"></script>`;
  ({ server: pages, url: pageUrl } = await servePage(script, html, (req, res) => {
    if (req.url!.startsWith("/opentelemetry/") || req.url!.startsWith("/session/")) {
      void proxy(req, res);
      return true;
    }
    if (req.url !== "/app-call") return false;
    appCalls.push(req.headers);
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end("app answer");
    return true;
  }));
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  pages?.close();
  await receiver?.close();
  app?.remove();
});

beforeEach(() => {
  receiver.clear();
  appCalls.length = 0;
});

describe.each([
  { where: "a cross-origin endpoint (the receiver), trace context allowed to every origin", cors: "all", server: () => receiver.url },
  { where: "a same-origin endpoint (the page's server proxies it to the receiver)", cors: "", server: () => pageUrl.slice(0, -1) },
  // the order OpenTelemetry's docs show: the preflight warm-up POST was a span in the user's session before
  { where: "a cross-origin endpoint, fetch instrumented before init through the global provider", cors: "", order: "global", server: () => receiver.url },
] as { where: string; cors: string; order?: string; server: () => string }[])(`instrumentation-fetch ${FETCH} on tracer.provider in Chromium, exporting to $where`, ({ cors, order, server }) => {
  it("the app's fetch is a span; the exporter's requests are not, carry no traceparent, and the count settles", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${pageUrl}?${new URLSearchParams({ server: server(), cors, order: order ?? "" })}`);
    const report = (await (await page.waitForFunction(() => (window as { __report?: unknown }).__report)).jsonValue()) as { sessionId: string };
    // the instrumentation is live: the app's own fetch ends (after its resource timing) as a span under user.work
    await receiver.waitFor(() => receiver.accepted.some((s) => s.name === "user.work") && receiver.accepted.some((s) => s.name === "GET"), 15_000);
    const count = await settled(receiver, 2000);
    expect(errors).toEqual([]);
    expect(receiver.rejected).toEqual([]);
    const spans = receiver.accepted;
    expect(spans).toHaveLength(count);
    const user = spans.find((s) => s.name === "user.work")!;
    const call = spans.find((s) => s.name === "GET")!;
    expect(user.attributes["honeyhive.session_id"]).toBe(report.sessionId);
    expect(call.parentSpanId).toBe(user.spanId);
    expect(call.attributes["url.full"] ?? call.attributes["http.url"]).toBe(`${pageUrl}app-call`);
    expectCoreAttributes(spans, "fetch-browser");
    // ...and so is its propagator: the app's request carried user.work's trace context
    expect(appCalls.at(-1)?.traceparent).toMatch(new RegExp(`^00-${user.traceId}-`));
    // not one span about an export request: the app's two spans and nothing else
    const endpoint = server() + INGEST_PATH;
    expect(spans.filter((s) => [s.attributes["url.full"], s.attributes["http.url"]].some((u) => String(u ?? "").startsWith(endpoint)))).toEqual([]);
    expect(exportSpans(spans, receiver.url)).toEqual([]);
    expect(spans.map((s) => s.name).sort()).toEqual(["GET", "user.work"]);
    // no export request carried a traceparent (nor asked its CORS preflight to allow one)
    const exports = ingestRequests(receiver);
    expect(exports.filter((r) => r.method === "POST" && r.spanCount > 0).length).toBeGreaterThan(0);
    for (const r of exports) {
      expect(r.headers.traceparent).toBeUndefined();
      expect(r.headers["access-control-request-headers"] ?? "").not.toContain("traceparent");
    }
    await context.close();
  }, 60_000);
});
