import { describe, expect, it } from "vitest";
import { withHoneyHive } from "../../runtimes/vercel-edge/index.js";
import { receiverOptions, useReceiver } from "../helpers/setup.js";

const ctx = useReceiver();

describe("Vercel Edge handler without any waitUntil", () => {
  it("warns once that spans may be lost, and still answers every request", async () => {
    // neither a context with waitUntil nor Vercel's request context: the flush has nothing to keep it alive
    const handler = withHoneyHive((_request, _ctx: undefined, tracer) => new Response(tracer.trace("work", () => "ok")), receiverOptions(ctx.receiver));
    for (let i = 0; i < 3; i++) {
      const res = await handler(new Request("http://edge.test/work"), undefined);
      expect(await res.text()).toBe("ok");
    }
    const warnings = ctx.warnings.filter((w) => w.includes("no waitUntil for this request"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/waitUntil\(tracer\.flush\(\)\)/);
  });
});
