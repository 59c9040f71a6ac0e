// The stand-in a handler wrapper hands the app when its tracer cannot be created has the tracer's whole
// surface (bar `config`, which is what failed), so no app code that uses the tracer throws because of it.
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../src/index.js";
import { untracedTracer } from "../../src/tracer/untraced.js";

const surface = (o: object) => {
  const names = new Set<string>();
  for (let p: object | null = o; p && p !== Object.prototype; p = Object.getPrototypeOf(p))
    for (const k of Object.getOwnPropertyNames(p)) if (k !== "constructor") names.add(k);
  return names;
};

describe("untracedTracer", () => {
  it("has every public member of a HoneyHiveTracer but config", async () => {
    const real = HoneyHiveTracer.init({ project: "untraced-surface", serverUrl: "http://127.0.0.1:9" });
    const missing = [...surface(real)].filter((k) => k !== "config" && !surface(untracedTracer("why")).has(k));
    await real.shutdown();
    expect(missing).toEqual([]);
  });

  it("its provider, processor and limits work where the real ones would", async () => {
    const t = untracedTracer("why");
    const span = t.provider.getTracer("app").startSpan("x");
    span.setAttribute("a", 1);
    span.end();
    expect(span.isRecording()).toBe(false);
    const provider = new BasicTracerProvider({ spanLimits: { ...t.limits }, spanProcessors: [t.processor] });
    provider.getTracer("app").startSpan("y").end();
    await provider.forceFlush();
    await expect(t.provider.forceFlush()).resolves.toBeUndefined();
    expect(t.withSession("s", () => 7)).toBe(7);
    expect(t.withDistributedContext({}, () => 8)).toBe(8);
    expect(t.injectContext({ a: "1" })).toEqual({ a: "1" });
    expect(t.trace("n", (s) => s.isRecording())).toBe(false);
    expect(t.stats()).toEqual(t.processor.stats());
    expect(t.strategy).toBe("untraced");
  });
});
