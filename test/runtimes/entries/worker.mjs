// A module Worker (bundled for workerd): the conformance suite per request, plus the cases only Workers have:
// work handed to ctx.waitUntil, a streamed body, a cron trigger and a queue batch.
import * as lib from "honeyhive-edge";
import { runConformance } from "../../conformance/suite.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function slowBody(chunks, delayMs) {
  let sent = 0;
  return new ReadableStream({
    async pull(controller) {
      await sleep(delayMs);
      controller.enqueue(new TextEncoder().encode(`chunk ${sent}\n`));
      if (++sent === chunks) controller.close();
    },
  });
}

export default lib.withHoneyHive({
  async fetch(request, env, ctx, tracer) {
    const { pathname } = new URL(request.url);
    if (pathname === "/conformance") return Response.json(await runConformance({ lib, runtime: "cloudflare", tracer }));
    if (pathname === "/stream") return new Response(slowBody(3, 100));
    if (pathname === "/background") {
      // ends 200 ms after the response: only exported if the flush waits for it
      ctx.waitUntil(sleep(200).then(() => tracer.trace("background.work", () => "done")));
      return new Response(tracer.sessionId);
    }
    return new Response("not found", { status: 404 });
  },
  async scheduled(event, env, ctx, tracer) {
    tracer.trace("cron.work", () => event.cron);
    ctx.waitUntil(sleep(100).then(() => tracer.trace("cron.background", () => "done")));
  },
  async queue(batch, env, ctx, tracer) {
    for (const message of batch.messages) tracer.trace("queue.message", () => message.body);
  },
});
