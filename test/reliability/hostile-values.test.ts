// The app never pays for tracing: whatever the app throws or hands to a span, its own code runs on, its own
// error comes out unchanged, and the span still ends and is exported.
import { trace as otelTrace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { traceRequest } from "../../src/tracer/fetch-handler.js";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { captureConsole, options, useTestReceiver } from "./helpers.js";

const ctx = useTestReceiver();

/** A value every property access, key listing or conversion of which throws. */
const hostile = () =>
  new Proxy(
    {},
    {
      get: () => {
        throw new Error("hostile get");
      },
      ownKeys: () => {
        throw new Error("hostile keys");
      },
      getPrototypeOf: () => {
        throw new Error("hostile prototype");
      },
    },
  );

/** What String() cannot convert: no toString, no valueOf, no Symbol.toPrimitive. */
const unprintable = () => Object.create(null) as object;

describe("a thrown value String() cannot convert", () => {
  it("tracer.trace rethrows the app's own value, and the span ends with status ERROR", async () => {
    captureConsole();
    const tracer = HoneyHiveTracer.init(options(ctx.receiver));
    const thrown = unprintable();
    let caught: unknown;
    try {
      tracer.trace("fails", () => {
        throw thrown;
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBe(thrown);
    await expect(tracer.trace("fails-async", async () => Promise.reject(thrown))).rejects.toBe(thrown);
    await tracer.flush();
    const spans = ctx.receiver.accepted;
    expect(spans.map((s) => s.name).sort()).toEqual(["fails", "fails-async"]);
    for (const s of spans) {
      expect(s.status.code).toBe(2);
      expect(s.attributes.honeyhive_error).toBe("unprintable error");
      expect(s.events.map((e) => e.name)).toEqual(["exception"]);
    }
    await tracer.shutdown();
  });

  it("the request wrapper (Deno.serve, Workers, Vercel Edge) rejects with the app's own value, ends the span, resolves done", async () => {
    captureConsole();
    const tracer = HoneyHiveTracer.init(options(ctx.receiver));
    const thrown = unprintable();
    const { response, done } = traceRequest(tracer.getTracer(), new Request("http://127.0.0.1/x"), () => {
      throw thrown;
    });
    await expect(response).rejects.toBe(thrown);
    await done;
    await tracer.flush();
    const [span] = ctx.receiver.accepted;
    expect(span.name).toBe("GET /x");
    expect(span.status.code).toBe(2);
    await tracer.shutdown();
  });
});

describe("trace options", () => {
  it("null options count as none: fn runs and its span is exported", async () => {
    const tracer = HoneyHiveTracer.init(options(ctx.receiver));
    expect(tracer.trace("with-null", () => 42, null)).toBe(42);
    await tracer.flush();
    expect(ctx.receiver.accepted.map((s) => s.name)).toEqual(["with-null"]);
    await tracer.shutdown();
  });
});

describe("the span handed to user code", () => {
  it("never throws on hostile input, logs each kind once, and the span is still exported with what was valid", async () => {
    const lines = captureConsole();
    const tracer = HoneyHiveTracer.init(options(ctx.receiver));
    const calls = (span: import("@opentelemetry/api").Span) => {
      span.recordException(unprintable() as never);
      span.recordException(hostile() as never);
      span.setAttributes(hostile() as never);
      span.setStatus(hostile() as never);
      span.addEvent("evt", hostile() as never);
      span.addLink(hostile() as never);
      span.addLinks(hostile() as never);
      span.setAttribute("after", "still recorded");
    };
    const result = tracer.trace("hostile", (span) => {
      calls(span);
      calls(span);
      return "done";
    });
    expect(result).toBe("done");
    // spans from getTracer() and the active span through the plain API are the same kind of span
    const manual = tracer.getTracer().startSpan("manual");
    calls(manual);
    manual.end(hostile() as never);
    tracer.trace("active", () => calls(otelTrace.getActiveSpan()!));
    // a name that is no string (OpenTelemetry takes it) does not stop the span either
    tracer.trace("renamed", (span) => span.updateName(hostile() as never));
    await tracer.flush();
    expect(ctx.receiver.accepted).toHaveLength(4);
    const names = ctx.receiver.accepted.map((s) => s.name).filter((n) => n !== "").sort();
    expect(names).toEqual(["active", "hostile", "manual"]);
    for (const s of ctx.receiver.accepted.filter((x) => x.name !== "")) expect(s.attributes.after).toBe("still recorded");
    const logged = lines.filter((l) => /span\.\w+\(\) failed \(ignored\)/.test(l));
    // one line per method that threw, however many calls and spans
    expect(logged.length).toBeGreaterThanOrEqual(4);
    expect(new Set(logged).size).toBe(logged.length);
    await tracer.shutdown();
  });
});
