// Defects the fuzz suite found in code outside src/export, pinned with it.fails until their owners fix them.
// When one of these starts failing, the defect is fixed: turn `it.fails` into `it`, and drop the matching
// input filter (knownDefect in config.test.ts, returnValue in arbitraries.ts).
import { describe, expect, it } from "vitest";
import { ConfigError, HoneyHiveTracer, resolveConfig, type HoneyHiveOptions } from "../../runtimes/node/index.js";
import { captureConsole, options, useTestReceiver } from "../reliability/helpers.js";

const ctx = useTestReceiver();

describe("known defects (owners: src/config, src/tracer)", () => {
  it("src/config: a null-prototype object as an option value throws ConfigError (today: superstruct's TypeError)", () => {
    expect(() => resolveConfig({ sessionId: Object.create(null) } as HoneyHiveOptions)).toThrow(ConfigError);
  });

  it("src/tracer: HoneyHiveTracer.init(null) throws ConfigError (today: TypeError reading options.env)", () => {
    expect(() => HoneyHiveTracer.init(null as unknown as HoneyHiveOptions)).toThrow(ConfigError);
  });

  it("src/tracer: trace() returns a value whose `.then` getter throws, untouched (today: isPromiseLike rethrows)", async () => {
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
