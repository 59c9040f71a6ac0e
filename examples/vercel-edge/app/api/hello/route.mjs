// A Next.js App Router route on the Edge runtime. HH_API_KEY and HH_PROJECT come from the project's env;
// the flush is handed to Vercel's waitUntil after the response.
import { withHoneyHive } from "honeyhive-edge";

export const runtime = "edge";

export const GET = withHoneyHive((request, context, tracer) =>
  Response.json(tracer.trace("hello", () => ({ text: "hello from the edge" }), { eventType: "tool" })),
);
