import { describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { receiverOptions, useReceiver } from "../helpers/setup.js";

const ctx = useReceiver();

describe("a core attribute blanked by the app", () => {
  it("gets the tracer's session back, so the backend still accepts the span", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), sessionId: "the-session" });
    tracer.trace("blanked", (span) => {
      span.setAttribute("honeyhive.session_id", "");
      span.setAttribute("honeyhive_event_type", "");
    });
    await tracer.flush();
    const [span] = await ctx.receiver.waitForSpans(1);
    expect(ctx.receiver.rejected).toEqual([]);
    expect(span.attributes["honeyhive.session_id"]).toBe("the-session");
    expect(span.attributes["honeyhive_event_type"]).toBe("tool");
  });
});
