// Deno.serve traced by HoneyHive: a span per request, flushed as each one ends.
//   deno run --allow-net --allow-env examples/deno/main.mjs
// Env: HH_API_KEY (or HH_API_URL=http://127.0.0.1:4318 with `npx honeyhive-edge receive --port 4318`), HH_PROJECT.
// Without --allow-env it still runs: one warning, and the defaults.
import { withHoneyHive } from "npm:honeyhive-edge";

Deno.serve({ hostname: "127.0.0.1", port: 8000 }, withHoneyHive((request, info, tracer) => {
  const answer = tracer.trace("answer", () => ({ text: "hello from Deno" }), { eventType: "tool" });
  return Response.json(answer);
}));
