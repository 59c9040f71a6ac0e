// source travels as the X-Source header: a value fetch cannot put in a header must fail init, not every export
// afterwards. project travels only percent-encoded (baggage) and in attributes: any text but control characters.
import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "../../src/config/index.js";

const SOURCE = "source must be printable ASCII, without line breaks: it is sent as the X-Source header.";
const PROJECT = "project must not contain control characters";

function configError(options: Record<string, unknown>, env: Record<string, unknown> = {}): ConfigError {
  try {
    resolveConfig(options, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

const CONTROL = [
  ["a line break inside", "prod\r\nX-Injected: 1"],
  ["a NUL", "prod\u0000"],
  ["a tab", "a\tb"],
];
const BEYOND_ASCII = [
  ["CJK text", "本番"],
  ["an emoji", "prod 🚀"],
  ["Latin-1 beyond ASCII", "café"],
];

describe.each([
  ["source", "HH_SOURCE", SOURCE, [...CONTROL, ...BEYOND_ASCII], []],
  ["project", "HH_PROJECT", PROJECT, CONTROL, BEYOND_ASCII.map(([, v]) => v)],
] as const)("%s", (field, envVar, message, rejected, alsoAccepted) => {
  it.each(rejected)("rejects %s at init, from an option and from env", (_, value) => {
    const fromOption = configError({ [field]: value });
    expect({ field: fromOption.field, value: fromOption.value, source: fromOption.source }).toEqual({ field, value, source: "option" });
    expect(fromOption.message).toContain(message);
    const fromEnv = configError({}, { [envVar]: value });
    expect({ field: fromEnv.field, source: fromEnv.source }).toEqual({ field, source: `env:${envVar}` });
    expect(fromEnv.message).toContain(message);
  });

  it.each(["prod", "my-project_2 (staging)", "a.b/c:d@e", "~!#$%^&*+=[]{}|;'\",<>?`", ...alsoAccepted])("accepts %j", (value) => {
    expect(resolveConfig({ [field]: value })[field]).toBe(value);
  });

  it("still trims surrounding spaces and line breaks (a value from a file) before checking", () => {
    expect(resolveConfig({}, { [envVar]: "  prod\n" })[field]).toBe("prod");
  });
});
