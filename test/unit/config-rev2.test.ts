// Review of the session's config compaction against hostile environments.
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";

describe("an env whose reads change (a Proxy, a getter binding)", () => {
  it.each([0, 1])("a variable is judged as read: one that answers now set, now unset, is never an error of value undefined (phase %i)", (phase) => {
    let reads = phase;
    const env = new Proxy({ HH_MAX_QUEUE_SIZE: "100" } as Record<string, unknown>, {
      get: (t, k) => (k === "HH_MAX_QUEUE_SIZE" ? (reads++ % 2 === 0 ? "100" : undefined) : t[k as string]),
    });
    // before: the variable was found set, then read again for its value (undefined: "…, not a boolean")
    expect([100, 2048]).toContain(resolveConfig({}, env).maxQueueSize);
  });
});

describe("a number too large to read", () => {
  it.each([
    ["HH_MAX_QUEUE_SIZE", "99999999999999999999", "maxQueueSize", "at most 1000000"],
    ["HH_MAX_SPAN_SIZE", "99999999999GiB", "maxSpanSize", "at most 104857600"],
  ])("%s=%s names the field, value, source and the largest value allowed", (name, raw, field, most) => {
    let error: unknown;
    try {
      resolveConfig({}, { [name]: raw });
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ field, value: raw, source: `env:${name}` });
    expect((error as Error).message).toContain(`${name} is too large (${most}).`);
  });
});
