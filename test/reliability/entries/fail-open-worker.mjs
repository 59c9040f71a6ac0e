// A Worker whose tracing settings are bad (the test's bindings): it must still answer every request.
import { withHoneyHive } from "honeyhive-edge";

export default withHoneyHive({
  async fetch(request, _env, _ctx, tracer) {
    const answer = tracer.trace("answer", () => ({ text: "hi", path: new URL(request.url).pathname }), { eventType: "tool" });
    tracer.enrichSpan({ metadata: { served: true } });
    // what an app with instrumentations does with the tracer: fine on the stand-in too
    tracer.provider.getTracer("app").startSpan("by hand").end();
    return Response.json({ ...answer, untraced: tracer.untraced ?? null });
  },
});
