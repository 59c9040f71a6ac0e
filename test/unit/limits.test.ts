import { describe, expect, it } from "vitest";
import { computeSpanLimits, resolveConfig } from "../../src/index.js";

describe("computeSpanLimits", () => {
  it("maps the defaults to OpenTelemetry SpanLimits", () => {
    expect(computeSpanLimits(resolveConfig({}, {}))).toEqual({
      attributeCountLimit: 1024,
      attributeValueLengthLimit: 10485760,
      eventCountLimit: 128,
      linkCountLimit: 128,
      attributePerEventCountLimit: 128,
      attributePerLinkCountLimit: 128,
    });
  });

  it("carries every configured limit from options, env and presets", () => {
    expect(computeSpanLimits(resolveConfig({ maxAttributes: 2000, maxEvents: 256, maxLinks: 7 }, {}))).toMatchObject({
      attributeCountLimit: 2000,
      eventCountLimit: 256,
      linkCountLimit: 7,
    });
    expect(computeSpanLimits(resolveConfig({}, { HH_MAX_ATTRIBUTE_LENGTH: "1MiB" })).attributeValueLengthLimit).toBe(1048576);
    expect(computeSpanLimits(resolveConfig({ preset: "debug" }, {}))).toMatchObject({
      attributeCountLimit: 10000,
      attributeValueLengthLimit: 50 * 1024 * 1024,
    });
  });

  it("is pure and frozen", () => {
    const config = resolveConfig({ maxAttributes: 500 }, {});
    const a = computeSpanLimits(config);
    expect(computeSpanLimits(config)).toEqual(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
});
