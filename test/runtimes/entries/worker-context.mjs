// A module Worker for the loading forms: a span around an await, then a child span made through the app's own
// @opentelemetry/api; the child keeps its parent only where AsyncLocalStorage exists (nodejs_als / nodejs_compat).
import { trace } from "@opentelemetry/api";
import { withHoneyHive } from "honeyhive-edge";

export default withHoneyHive({
  async fetch(request, env, ctx, tracer) {
    return tracer.trace("outer", async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      trace.getTracer("app").startSpan("inner").end();
      return new Response(tracer.sessionId);
    });
  },
});
