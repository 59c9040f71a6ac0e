// Interop: what the stock OpenTelemetry JS OTLP/HTTP exporter sends, the receiver decodes faithfully.
import { afterEach, describe, expect, it } from "vitest";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { startReceiver, type Receiver } from "../../receiver/index.js";

let receiver: Receiver | undefined;
let provider: BasicTracerProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  await receiver?.close();
  provider = receiver = undefined;
});

describe.each([["none"], ["gzip"]] as const)("OTLPTraceExporter (compression %s) → receiver", (compression) => {
  it("delivers spans with ids, attribute types, events, links, status and resource intact", async () => {
    receiver = await startReceiver({ apiKey: "k-123" });
    // `compression` is typed as otlp-exporter-base's string enum, a package we do not depend on directly
    const exporter = new OTLPTraceExporter({ url: receiver.endpoint, headers: { Authorization: "Bearer k-123" }, compression: compression as never });
    provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": "interop" }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer("interop-scope", "1.2.3");

    const parent = tracer.startSpan("agent.run", { kind: SpanKind.SERVER });
    const parentId = parent.spanContext().spanId;
    parent.setAttributes({ "honeyhive.session_id": "sess-1", honeyhive_event_type: "chain" });
    parent.end();
    const child = tracer.startSpan("tool.search", { kind: SpanKind.CLIENT, links: [{ context: parent.spanContext(), attributes: { why: "caused-by" } }] }, trace.setSpan(context.active(), parent));
    child.setAttributes({
      "honeyhive.session_id": "sess-1",
      honeyhive_event_type: "tool",
      count: 3,
      ratio: 0.25,
      ok: true,
      tags: ["a", "b"],
      text: "naïve ☕ 🚀",
    });
    child.addEvent("retry", { attempt: 2 });
    child.setStatus({ code: SpanStatusCode.ERROR, message: "boom" });
    child.end();
    await provider.forceFlush();

    const spans = await receiver.waitForSpans(2);
    expect(receiver.rejected).toEqual([]);
    expect(receiver.requests.every((r) => r.status === 200)).toBe(true);
    if (compression === "gzip") expect(receiver.requests[0].encoding).toBe("gzip");
    const [p, c] = spans;
    expect(p).toMatchObject({ name: "agent.run", kind: 2, spanId: parentId, scope: { name: "interop-scope", version: "1.2.3" } });
    expect(p.parentSpanId).toBeUndefined();
    expect(p.resource["service.name"]).toBe("interop");
    expect(c).toMatchObject({
      name: "tool.search",
      kind: 3,
      traceId: p.traceId,
      parentSpanId: parentId,
      status: { code: 2, message: "boom" },
      attributes: { "honeyhive.session_id": "sess-1", honeyhive_event_type: "tool", count: 3, ratio: 0.25, ok: true, tags: ["a", "b"], text: "naïve ☕ 🚀" },
      links: [{ traceId: p.traceId, spanId: parentId, attributes: { why: "caused-by" } }],
    });
    expect(c.events).toMatchObject([{ name: "retry", attributes: { attempt: 2 } }]);
    expect(BigInt(c.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(c.startTimeUnixNano));
    expect(BigInt(c.startTimeUnixNano)).toBeGreaterThan(10n ** 18n);
  });
});
