// Sessions as HoneyHive makes them (Node tracer → the local receiver): the auto-create flag and the session name on
// every span, injectContext / withDistributedContext in W3C form, and incoming baggage treated as untrusted.
import { context, ROOT_CONTEXT, trace, TraceFlags } from "@opentelemetry/api";
import { W3CBaggagePropagator, W3CTraceContextPropagator, TraceState } from "@opentelemetry/core";
import { propagation, defaultTextMapGetter, defaultTextMapSetter } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { receiverOptions, useReceiver } from "../helpers/setup.js";

const ctx = useReceiver();
const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";

async function received(tracer: HoneyHiveTracer, n: number) {
  await tracer.flush();
  expect(ctx.receiver.rejected).toEqual([]);
  const spans = await ctx.receiver.waitForSpans(n);
  return Object.fromEntries(spans.map((s) => [s.name, s]));
}

describe("session creation on the wire", () => {
  it("every span carries honeyhive.session_auto_create = true, and the session name when configured; so does the resource", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), sessionName: "nightly-eval" });
    tracer.trace("outer", () => tracer.trace("inner", () => 1));
    tracer.getTracer("third-party").startSpan("foreign").end();
    const by = await received(tracer, 3);
    for (const s of Object.values(by)) {
      expect(s.attributes["honeyhive.session_auto_create"]).toBe(true);
      expect(s.attributes["honeyhive.session_name"]).toBe("nightly-eval");
      expect(s.resource).toMatchObject({ "honeyhive.session_auto_create": true, "honeyhive.session_name": "nightly-eval" });
    }
    // and the receiver, as HoneyHive, shows them in one session of that name instead of orphaning them
    const { sessions, orphaned } = ctx.receiver.sessions();
    expect(orphaned).toEqual([]);
    expect(sessions.map((s) => [s.sessionId, s.name, s.spans.length])).toEqual([[tracer.sessionId, "nightly-eval", 3]]);
  });

  it("HH_SESSION_NAME is sent; without a name none is sent (HoneyHive names it \"Session\")", async () => {
    const named = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), env: { HH_SESSION_NAME: "from-env" } });
    named.trace("a", () => 1);
    expect((await received(named, 1)).a.attributes["honeyhive.session_name"]).toBe("from-env");
  });

  it("withSession(id, fn, name) names that session; an outer session's name never leaks into another session", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), sessionName: "default-name" });
    tracer.withSession("s-chat", () => {
      expect(tracer.sessionId).toBe("s-chat");
      tracer.trace("named", () => tracer.withSession("s-other", () => tracer.trace("unnamed", () => 1)));
    }, "chat with Ada");
    expect(tracer.sessionId).not.toBe("s-chat");
    const by = await received(tracer, 2);
    expect(by.named.attributes).toMatchObject({ "honeyhive.session_id": "s-chat", "honeyhive.session_name": "chat with Ada" });
    expect(by.unnamed.attributes["honeyhive.session_id"]).toBe("s-other");
    expect(by.unnamed.attributes).not.toHaveProperty(["honeyhive.session_name"]);
    expect(by.unnamed.attributes["honeyhive.session_auto_create"]).toBe(true);
  });

  it("the flag and the name survive a full span (core attributes)", async () => {
    const tracer = HoneyHiveTracer.init({ ...receiverOptions(ctx.receiver), maxAttributes: 128, sessionName: "full" });
    tracer.trace("full", (span) => {
      for (let i = 0; i < 500; i++) span.setAttribute(`bulk.${i}`, i);
    });
    const { full } = await received(tracer, 1);
    expect(full.attributeKeys.length).toBe(128);
    expect(full.attributes).toMatchObject({ "honeyhive.session_auto_create": true, "honeyhive.session_name": "full" });
  });
});

describe("injectContext / withDistributedContext", () => {
  it("injectContext writes traceparent and baggage (session, project, source) into Headers and plain objects", () => {
    const tracer = HoneyHiveTracer.init(receiverOptions(ctx.receiver));
    tracer.withSession("s-1", () =>
      tracer.trace("client", (span) => {
        const headers = tracer.injectContext(new Headers({ baggage: "app.key=kept,honeyhive.session_id=stale" }));
        const { traceId, spanId } = span.spanContext();
        expect(headers.get("traceparent")).toBe(`00-${traceId}-${spanId}-01`);
        expect(headers.get("baggage")).toBe("honeyhive.session_id=s-1,honeyhive.project=test-project,honeyhive.source=dev,app.key=kept");
        const plain = tracer.injectContext({} as Record<string, string>);
        expect(plain).toEqual({ traceparent: `00-${traceId}-${spanId}-01`, baggage: "honeyhive.session_id=s-1,honeyhive.project=test-project,honeyhive.source=dev" });
        // OpenTelemetry's own propagators read what we wrote
        const otel = new W3CTraceContextPropagator().extract(ROOT_CONTEXT, plain, defaultTextMapGetter);
        expect(trace.getSpanContext(otel)).toMatchObject({ traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
        const bag = propagation.getBaggage(new W3CBaggagePropagator().extract(ROOT_CONTEXT, plain, defaultTextMapGetter));
        expect(bag?.getEntry("honeyhive.session_id")?.value).toBe("s-1");
      }),
    );
    // outside any span: no traceparent, still the tracer's session
    const bare = tracer.injectContext({} as Record<string, string>);
    expect(bare).toEqual({ baggage: `honeyhive.session_id=${tracer.sessionId},honeyhive.project=test-project,honeyhive.source=dev` });
  });

  it("withDistributedContext continues the caller's trace (child of its span, tracestate kept) and session", async () => {
    const tracer = HoneyHiveTracer.init(receiverOptions(ctx.receiver));
    // the caller's headers, written by OpenTelemetry's own propagators
    const carrier: Record<string, string> = {};
    const callerCtx = trace.setSpanContext(ROOT_CONTEXT, { traceId: CALLER_TRACE, spanId: CALLER_SPAN, traceFlags: 1, traceState: new TraceState("vendor=abc,other=1") });
    new W3CTraceContextPropagator().inject(callerCtx, carrier, defaultTextMapSetter);
    new W3CBaggagePropagator().inject(propagation.setBaggage(callerCtx, propagation.createBaggage({ "honeyhive.session_id": { value: "caller-session" } })), carrier, defaultTextMapSetter);
    const forwarded = tracer.withDistributedContext(carrier, () => {
      expect(tracer.sessionId).toBe("caller-session");
      return tracer.trace("server", () => tracer.injectContext({} as Record<string, string>));
    });
    expect(forwarded.tracestate).toBe("vendor=abc,other=1");
    const { server } = await received(tracer, 1);
    expect(server.traceId).toBe(CALLER_TRACE);
    expect(server.parentSpanId).toBe(CALLER_SPAN);
    expect(server.attributes).toMatchObject({ "honeyhive.session_id": "caller-session", "honeyhive.parent_id": CALLER_SPAN, "honeyhive.session_auto_create": true });
    // a continued session is named by whoever started it
    expect(server.attributes).not.toHaveProperty(["honeyhive.session_name"]);
  });

  it("Node's IncomingHttpHeaders shape (lower-case keys, arrays) and Headers both work; malformed traceparents are ignored", () => {
    const tracer = HoneyHiveTracer.init(receiverOptions(ctx.receiver));
    const parentOf = (carrier: Record<string, unknown> | Headers) => tracer.withDistributedContext(carrier, () => trace.getSpanContext(context.active()));
    const good = `00-${CALLER_TRACE}-${CALLER_SPAN}-01`;
    expect(parentOf(new Headers({ traceparent: good }))?.spanId).toBe(CALLER_SPAN);
    expect(parentOf({ Traceparent: good })?.spanId).toBe(CALLER_SPAN);
    for (const bad of [`00-${"0".repeat(32)}-${CALLER_SPAN}-01`, `ff-${CALLER_TRACE}-${CALLER_SPAN}-01`, `00-${CALLER_TRACE}-${CALLER_SPAN}-01-extra`, "garbage", `00-${CALLER_TRACE.toUpperCase()}-${CALLER_SPAN}-01`]) {
      expect(parentOf({ traceparent: bad }), bad).toBeUndefined();
    }
    // a future version may append fields
    expect(parentOf({ traceparent: `01-${CALLER_TRACE}-${CALLER_SPAN}-01-future` })?.traceId).toBe(CALLER_TRACE);
    expect(tracer.withDistributedContext({ baggage: ["a=1", "honeyhive.session_id=from-array"] }, () => tracer.sessionId)).toBe("from-array");
  });

  it("incoming baggage is untrusted: bounded, only our keys, never a change of project or source (warned once)", async () => {
    const tracer = HoneyHiveTracer.init(receiverOptions(ctx.receiver));
    const own = tracer.sessionId;
    const sessionOf = (baggage: string) => tracer.withDistributedContext({ baggage }, () => tracer.sessionId);
    expect(sessionOf("honeyhive.session_id=ok-1")).toBe("ok-1");
    expect(sessionOf(`honeyhive.session_id=${"x".repeat(257)}`)).toBe(own); // longer than a session id may be
    expect(sessionOf("honeyhive.session_id=has%20space")).toBe(own); // not printable ASCII once decoded
    expect(sessionOf("honeyhive.session_id=%E0%A4%A")).toBe(own); // bad percent-encoding
    expect(sessionOf(`${"k=v,".repeat(2100)}honeyhive.session_id=too-far`)).toBe(own); // past 8192 bytes
    // a hostile caller's project, source and other keys change nothing and are not forwarded
    const out = tracer.withDistributedContext({ baggage: "honeyhive.session_id=s-x,honeyhive.project=victim,honeyhive.source=prod,user.id=1234" }, () =>
      tracer.trace("server", () => tracer.injectContext({} as Record<string, string>)),
    );
    expect(out.baggage).toBe("honeyhive.session_id=s-x,honeyhive.project=test-project,honeyhive.source=dev");
    tracer.withDistributedContext({ baggage: "honeyhive.project=victim2" }, () => 1);
    const { server } = await received(tracer, 1);
    expect(server.attributes).toMatchObject({ "honeyhive.project": "test-project", "honeyhive.source": "dev", "honeyhive.session_id": "s-x" });
    expect(server.attributes).not.toHaveProperty(["user.id"]);
    const warned = ctx.warnings.filter((w) => w.includes("incoming baggage"));
    expect(warned).toEqual([
      '[honeyhive-edge] incoming baggage has honeyhive.project="victim"; ignored (it stays test-project)',
      '[honeyhive-edge] incoming baggage has honeyhive.source="prod"; ignored (it stays dev)',
    ]);
  });

  it("never throws into the caller: a hostile carrier is ignored, fn's own errors pass through", () => {
    const tracer = HoneyHiveTracer.init(receiverOptions(ctx.receiver));
    const hostile = { get traceparent(): string { throw new Error("boom"); } };
    expect(tracer.withDistributedContext(hostile, () => "ran")).toBe("ran");
    expect(tracer.injectContext(Object.freeze({}) as Record<string, string>)).toEqual({});
    expect(() => tracer.withDistributedContext({}, () => { throw new TypeError("mine"); })).toThrow(TypeError);
  });
});
