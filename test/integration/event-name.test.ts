import { describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { receiverOptions, useReceiver } from "../helpers/setup.js";

const ctx = useReceiver();

describe("honeyhive_event_name through the receiver", () => {
  it("an app's explicit honeyhive_event_name wins over the span name; a renamed span follows its new name", async () => {
    const tracer = HoneyHiveTracer.init(receiverOptions(ctx.receiver));
    const otel = tracer.getTracer("app");
    tracer.trace("POST /api/chat", (span) => span.setAttribute("honeyhive_event_name", "answer-question"), { eventType: "chain" });
    const renamed = otel.startSpan("GET");
    renamed.updateName("GET /users/:id");
    renamed.end();
    const both = otel.startSpan("step");
    both.setAttribute("honeyhive_event_name", "planner");
    both.updateName("step 2");
    both.end();
    const blanked = otel.startSpan("blanked");
    blanked.setAttribute("honeyhive_event_name", "");
    blanked.end();
    // given at start, with the span's initial attributes
    otel.startSpan("start", { attributes: { honeyhive_event_name: "custom" } }).end();
    await tracer.flush();
    const spans = await ctx.receiver.waitForSpans(5);
    expect(ctx.receiver.rejected).toEqual([]);
    const nameOf = (n: string) => spans.find((s) => s.name === n)?.attributes["honeyhive_event_name"];
    expect(nameOf("POST /api/chat")).toBe("answer-question");
    expect(nameOf("GET /users/:id")).toBe("GET /users/:id");
    expect(nameOf("step 2")).toBe("planner");
    expect(nameOf("blanked")).toBe("blanked");
    expect(nameOf("start")).toBe("custom");
    await tracer.shutdown();
  });
});
