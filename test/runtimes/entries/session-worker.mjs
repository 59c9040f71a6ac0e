// A Worker in the middle of a distributed trace (bundled for workerd): it serves the page (same origin, so the
// page's traceparent/baggage headers need no CORS preflight), and /chat calls the Node service with
// tracer.injectContext. The session policy derives the session from x-conversation-id when present.
import { withHoneyHive } from "honeyhive-edge";

const html = `<!doctype html><meta charset="utf-8"><title>sessions</title><script type="module" src="/page.js"></script>`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default withHoneyHive(
  {
    async fetch(request, env, ctx, tracer) {
      const { pathname } = new URL(request.url);
      if (pathname === "/") return new Response(html, { headers: { "content-type": "text/html" } });
      if (pathname === "/page.js") return new Response(env.PAGE_JS, { headers: { "content-type": "text/javascript" } });
      if (pathname === "/chat") {
        const node = await tracer.trace("worker.model", async () => {
          const headers = tracer.injectContext(new Headers({ "content-type": "application/json" }));
          const res = await fetch(`${env.NODE_URL}/answer`, { method: "POST", headers, body: "{}" });
          return res.json();
        }, { eventType: "model" });
        return Response.json({ worker: { sessionId: tracer.sessionId }, node });
      }
      if (pathname === "/work") {
        // an await first: the session must survive it (nodejs_als)
        await sleep(10 + Number(new URL(request.url).searchParams.get("delay") ?? 0));
        tracer.trace("worker.after-await", () => 1, { eventType: "tool" });
        return Response.json({ sessionId: tracer.sessionId });
      }
      return new Response("not found", { status: 404 });
    },
  },
  undefined,
  { session: (request) => request.headers.get("x-conversation-id") },
);
