// Deno.serve through withHoneyHive: a JSON route and a streamed one. Prints the port, then serves until killed.
import { withHoneyHive } from "honeyhive-edge";

const STREAM_CHUNKS = 3;
const CHUNK_DELAY_MS = 100;

function slowBody() {
  let sent = 0;
  return new ReadableStream({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, CHUNK_DELAY_MS));
      controller.enqueue(new TextEncoder().encode(`chunk ${sent}\n`));
      if (++sent === STREAM_CHUNKS) controller.close();
    },
  });
}

const handler = withHoneyHive((request, _info, tracer) => {
  const { pathname } = new URL(request.url);
  if (pathname === "/stream") return new Response(slowBody(), { headers: { "content-type": "text/plain" } });
  if (pathname === "/fail") return new Response("nope", { status: 503 });
  return Response.json(tracer.trace("answer", () => ({ sessionId: tracer.sessionId }), { eventType: "tool" }));
});

Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(JSON.stringify({ port })) }, handler);
