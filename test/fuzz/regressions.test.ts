// Defects the fuzz suite found outside src/export, now fixed: each input that once escaped as the wrong
// error, or as an error at all, stays pinned here.
import { describe, expect, it } from "vitest";
import { ConfigError, HoneyHiveTracer, resolveConfig, type HoneyHiveOptions } from "../../runtimes/node/index.js";
import { captureConsole, options, useTestReceiver } from "../reliability/helpers.js";

const ctx = useTestReceiver();

describe("regressions found by fuzzing", () => {
  it("src/config: a null-prototype object as an option value throws ConfigError", () => {
    expect(() => resolveConfig({ sessionId: Object.create(null) } as HoneyHiveOptions)).toThrow(ConfigError);
  });

  it("src/tracer: HoneyHiveTracer.init(null) throws ConfigError", () => {
    expect(() => HoneyHiveTracer.init(null as unknown as HoneyHiveOptions)).toThrow(ConfigError);
  });

  it("src/tracer: trace() returns a value whose `.then` getter throws, untouched", async () => {
    captureConsole();
    const tracer = HoneyHiveTracer.init(options(ctx.receiver));
    const hostile = new Proxy({}, { get() { throw new Error("get trap"); } });
    try {
      expect(tracer.trace("t", () => hostile)).toBe(hostile);
    } finally {
      await tracer.shutdown();
    }
  });
});
