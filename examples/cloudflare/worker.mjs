// A module Worker traced by HoneyHive. wrangler.toml sets compatibility_flags = ["nodejs_als"], which keeps the
// parent span across await. Config comes from the bindings: HH_API_KEY (a secret), HH_PROJECT, HH_API_URL.
import { withHoneyHive } from "honeyhive-edge";

export default withHoneyHive({
  async fetch(request, env, ctx, tracer) {
    const answer = tracer.trace("answer", () => ({ text: "hello from the edge" }), { eventType: "tool" });
    return Response.json(answer);
  },
});
