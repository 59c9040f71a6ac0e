// The handler wrappers' session policy (shared by Workers, Vercel Edge and Deno.serve), run by the Node tracer:
// "request" (default), "tracer", and a function of the request (sync, async, failing).
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { wrapFetchHandler } from "../../src/tracer/fetch-handler.js";
import type { HandlerOptions } from "../../src/tracer/work-session.js";
import { receiverOptions, useReceiver } from "../helpers/setup.js";

const ctx = useReceiver();

function serve(tracer: HoneyHiveTracer, options?: HandlerOptions) {
  const handler = wrapFetchHandler(() => tracer, async (_req, _ctx: undefined, t) => {
    await new Promise((r) => setTimeout(r, 1));
    return new Response(t.trace("inner", () => t.sessionId));
  }, () => {}, options);
  return async (path: string, headers: Record<string, string> = {}) => (await handler(new Request(`http://app.test${path}`, { headers }), undefined)).text();
}

async function sessionsOf(tracer: HoneyHiveTracer, n: number) {
  await tracer.flush();
  const spans = await ctx.receiver.waitForSpans(n);
  return spans.map((s) => [s.name, s.attributes["honeyhive.session_id"], s.attributes["honeyhive.session_name"]]);
}

describe("a session per unit of work", () => {
  it("by default each request is its own session, named after its entry span", async () => {
    const tracer = HoneyHiveTracer.init(receiverOptions(ctx.receiver));
    const call = serve(tracer);
    const [a, b] = await Promise.all([call("/api/chat"), call("/api/chat")]);
    expect(a).not.toBe(b);
    expect(a).not.toBe(tracer.sessionId);
    const got = await sessionsOf(tracer, 4);
    expect(got.filter(([, id]) => id === a)).toEqual([["inner", a, "GET /api/chat"], ["GET /api/chat", a, "GET /api/chat"]]);
  });

  it('"tracer" keeps the tracer\'s one session (and its configured name)', async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), sessionId: "one-session", sessionName: "worker" });
    const call = serve(tracer, { session: "tracer" });
    expect(await Promise.all([call("/a"), call("/b")])).toEqual(["one-session", "one-session"]);
    expect((await sessionsOf(tracer, 4)).every(([, id, name]) => id === "one-session" && name === "worker")).toBe(true);
  });

  it("a function derives the session from the request (sync or async); nullish or a throw gives a new one", async () => {
    const tracer = HoneyHiveTracer.init(receiverOptions(ctx.receiver));
    const fromHeader = serve(tracer, { session: (req) => req.headers.get("x-session") });
    const fromCookie = serve(tracer, { session: async (req) => /sid=([^;]+)/.exec(req.headers.get("cookie") ?? "")?.[1] });
    const failing = serve(tracer, { session: () => { throw new Error("app bug"); } });
    expect(await fromHeader("/x", { "x-session": "conv-1" })).toBe("conv-1");
    expect(await fromCookie("/x", { cookie: "a=b; sid=conv-2" })).toBe("conv-2");
    const fresh = await fromHeader("/x");
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    expect(await failing("/x")).toMatch(/^[0-9a-f-]{36}$/);
    // the app's id wins over a caller's baggage
    expect(await fromHeader("/x", { "x-session": "conv-1", baggage: "honeyhive.session_id=caller" })).toBe("conv-1");
    expect(await fromHeader("/x", { baggage: "honeyhive.session_id=caller" })).toBe("caller");
  });
});
