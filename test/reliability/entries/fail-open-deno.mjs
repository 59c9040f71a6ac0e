// Deno.serve with bad tracing settings (the test's env): it must still answer every request. Prints the port.
import { withHoneyHive } from "honeyhive-edge";

const handler = withHoneyHive((request, _info, tracer) => {
  const answer = tracer.trace("answer", () => ({ text: "hi", path: new URL(request.url).pathname }), { eventType: "tool" });
  tracer.enrichSpan({ metadata: { served: true } });
  // what an app with instrumentations does with the tracer: fine on the stand-in too
  tracer.provider.getTracer("app").startSpan("by hand").end();
  return Response.json({ ...answer, untraced: tracer.untraced ?? null });
});

Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(JSON.stringify({ port })) }, handler);
