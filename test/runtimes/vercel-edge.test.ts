// Vercel Edge: the bundle ("edge-light" condition) runs in @edge-runtime/vm. The test plays the platform's part:
// process.env, the global AsyncLocalStorage, and the request context whose waitUntil Vercel provides.
import { AsyncLocalStorage } from "node:async_hooks";
import { EdgeVM } from "@edge-runtime/vm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { expectConformance, sessionSpans, type ConformanceReport } from "../conformance/receiver-checks.js";
import { API_KEY, CONDITIONS, bundle, conformanceEnv, expectConfigFromEnv, requireBuilt } from "./support.js";

let receiver: Receiver;
let vm: EdgeVM;
/** What handlers handed to the platform's waitUntil (the request-context path). */
const platformWaitUntil: Promise<unknown>[] = [];

beforeAll(async () => {
  requireBuilt("vercel-edge");
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
  const script = await bundle("edge.mjs", CONDITIONS.edge, { format: "iife" });
  const env = conformanceEnv("conformance-edge", receiver.url);
  const requestContext = { get: () => ({ waitUntil: (p: Promise<unknown>) => void platformWaitUntil.push(p) }) };
  vm = new EdgeVM({
    extend: (context) =>
      Object.assign(context, {
        process: { env },
        AsyncLocalStorage,
        [Symbol.for("@vercel/request-context")]: requestContext,
      }),
  });
  vm.evaluate(script);
});
afterAll(() => receiver?.close());

test("edge runtime: the conformance suite, flushed through the request context's waitUntil", async () => {
  const res = await vm.dispatchFetch("http://edge.test/conformance");
  const report = (await res.json()) as ConformanceReport;
  expectConfigFromEnv(report.config, "conformance-edge");
  expect(platformWaitUntil).toHaveLength(1);
  await Promise.all(platformWaitUntil);
  // once what waitUntil was given has settled, the function may be frozen: everything must be out
  expect(sessionSpans(receiver, report.sessionId)).toHaveLength(report.spanCount + 1);
  expectConformance(receiver, report, { asyncContext: true });
  const request = sessionSpans(receiver, report.sessionId).find((s) => s.name === "GET /conformance")!;
  expect(request.attributes).toMatchObject({ "http.request.method": "GET", "http.response.status_code": 200 });
});

test("edge runtime: middleware style, the FetchEvent's waitUntil keeps the flush alive", async () => {
  const res = await vm.dispatchFetch("http://edge.test/ping");
  const sessionId = await res.text();
  await res.waitUntil();
  expect(platformWaitUntil).toHaveLength(1); // the event's waitUntil was used, not the platform's
  expect(sessionSpans(receiver, sessionId).map((s) => s.name)).toEqual(expect.arrayContaining(["ping", "GET /ping"]));
});

test("edge runtime: each request is its own session, named after its route, and continues a caller's from its headers", async () => {
  const ping = async (headers: Record<string, string> = {}) => {
    const res = await vm.dispatchFetch("http://edge.test/ping", { headers });
    const sessionId = await res.text();
    await res.waitUntil();
    return sessionId;
  };
  const [a, b] = await Promise.all([ping(), ping()]);
  expect(a).not.toBe(b);
  await receiver.waitFor(() => sessionSpans(receiver, a).length === 2 && sessionSpans(receiver, b).length === 2);
  expect(receiver.sessions().sessions.find((s) => s.sessionId === a)).toMatchObject({ name: "GET /ping", counts: { chain: 1, tool: 1 } });
  const traceId = "0af7651916cd43dd8448eb211c80319c";
  const continued = await ping({ traceparent: `00-${traceId}-b7ad6b7169203331-01`, baggage: "honeyhive.session_id=edge-caller" });
  expect(continued).toBe("edge-caller");
  await receiver.waitFor(() => sessionSpans(receiver, "edge-caller").length === 2);
  const request = sessionSpans(receiver, "edge-caller").find((s) => s.name === "GET /ping")!;
  expect([request.traceId, request.parentSpanId]).toEqual([traceId, "b7ad6b7169203331"]);
});
