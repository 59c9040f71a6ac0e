// Vercel Edge (bundled as a script for @edge-runtime/vm): route handlers wrapped by withHoneyHive.
// /conformance gets a route context without waitUntil (App Router style), so the platform's request context
// must provide it; /ping gets the FetchEvent (middleware style) and must use its waitUntil.
import * as lib from "honeyhive-edge";
import { runConformance } from "../../conformance/suite.mjs";

const conformance = lib.withHoneyHive(async (_request, _ctx, tracer) =>
  Response.json(await runConformance({ lib, runtime: "vercel-edge", tracer })),
);
const ping = lib.withHoneyHive((_request, _event, tracer) => new Response(tracer.trace("ping", () => tracer.sessionId)));

addEventListener("fetch", (event) => {
  const { pathname } = new URL(event.request.url);
  event.respondWith(pathname === "/ping" ? ping(event.request, event) : conformance(event.request, { params: {} }));
});
