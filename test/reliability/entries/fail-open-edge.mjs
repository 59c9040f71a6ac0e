// A Vercel Edge route handler with bad tracing settings (the test's process.env): it must still answer.
import { withHoneyHive } from "honeyhive-edge";

const handler = withHoneyHive((request, _ctx, tracer) => {
  const answer = tracer.trace("answer", () => ({ text: "hi", path: new URL(request.url).pathname }), { eventType: "tool" });
  tracer.enrichSpan({ metadata: { served: true } });
  // what an app with instrumentations does with the tracer: fine on the stand-in too
  tracer.provider.getTracer("app").startSpan("by hand").end();
  return Response.json({ ...answer, untraced: tracer.untraced ?? null });
});

addEventListener("fetch", (event) => event.respondWith(handler(event.request, event)));
