// A Worker whose tracing settings are bad (the test's bindings): it must still answer every request.
import { withHoneyHive } from "honeyhive-edge";

export default withHoneyHive({
  async fetch(request, _env, _ctx, tracer) {
    const answer = tracer.trace("answer", () => ({ text: "hi", path: new URL(request.url).pathname }), { eventType: "tool" });
    tracer.enrichSpan({ metadata: { served: true } });
    return Response.json({ ...answer, untraced: tracer.untraced ?? null });
  },
});
