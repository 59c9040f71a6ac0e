// source (X-Source) and project travel in HTTP headers: a value fetch cannot put in a header must fail init,
// not every export afterwards.
import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "../../src/config/index.js";

const MESSAGE = (field: string) =>
  `${field} must be printable ASCII, without line breaks: it is sent in HTTP headers.`;

function configError(options: Record<string, unknown>, env: Record<string, unknown> = {}): ConfigError {
  try {
    resolveConfig(options, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe.each(["source", "project"] as const)("%s", (field) => {
  const envVar = field === "source" ? "HH_SOURCE" : "HH_PROJECT";

  it.each([
    ["CJK text", "本番"],
    ["an emoji", "prod 🚀"],
    ["a line break inside", "prod\r\nX-Injected: 1"],
    ["a NUL", "prod\u0000"],
    ["a tab", "a\tb"],
    ["Latin-1 beyond ASCII", "café"],
  ])("rejects %s at init, from an option and from env", (_, value) => {
    const fromOption = configError({ [field]: value });
    expect({ field: fromOption.field, value: fromOption.value, source: fromOption.source }).toEqual({ field, value, source: "option" });
    expect(fromOption.message).toContain(MESSAGE(field));
    const fromEnv = configError({}, { [envVar]: value });
    expect({ field: fromEnv.field, source: fromEnv.source }).toEqual({ field, source: `env:${envVar}` });
    expect(fromEnv.message).toContain(MESSAGE(field));
  });

  it.each(["prod", "my-project_2 (staging)", "a.b/c:d@e", "~!#$%^&*+=[]{}|;'\",<>?`"])("accepts %j", (value) => {
    expect(resolveConfig({ [field]: value })[field]).toBe(value);
  });

  it("still trims surrounding spaces and line breaks (a value from a file) before checking", () => {
    expect(resolveConfig({}, { [envVar]: "  prod\n" })[field]).toBe("prod");
  });
});
