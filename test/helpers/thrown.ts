import { expect } from "vitest";
import { ConfigError } from "../../src/config/index.js";

/** The ConfigError `fn` throws (the test fails when it throws something else, or nothing). */
export function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}
