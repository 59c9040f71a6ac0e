import { describe, expect, it } from "vitest";
import { thrown } from "../helpers/thrown.js";
import {
  findEnvTypos,
  parseByteSize,
  parseEnvBoolean,
  parseEnvInteger,
  parseEnvString,
  readEnv,
} from "../../src/config/index.js";

describe("readEnv", () => {
  it("returns strings, numbers and booleans", () => {
    const env = { A: "x", B: 5, C: true };
    expect(readEnv(env, "A")).toBe("x");
    expect(readEnv(env, "B")).toBe(5);
    expect(readEnv(env, "C")).toBe(true);
  });

  it("treats absent, null, objects and functions (Workers bindings) as unset", () => {
    const env = { KV: { get() {} }, N: null, F: () => 1, U: undefined };
    for (const name of ["KV", "N", "F", "U", "MISSING"]) expect(readEnv(env, name)).toBeUndefined();
  });
});

describe("parseEnvInteger", () => {
  it.each([
    ["1024", 1024],
    [" 2048 ", 2048],
    ["\t128\n", 128],
    ["010", 10],
    ["0", 0],
  ])("accepts %j", (raw, expected) => {
    expect(parseEnvInteger(raw, "HH_MAX_ATTRIBUTES", "maxAttributes")).toBe(expected);
  });

  it.each(["12abc", "1e3", "0x10", "1.5", "-5", "+5", "", "   ", "1 000", "1_000", "Infinity", "NaN", "١٢"])(
    "rejects %j naming the variable",
    (raw) => {
      const error = thrown(() => parseEnvInteger(raw, "HH_MAX_ATTRIBUTES", "maxAttributes"));
      expect(error.source).toBe("env:HH_MAX_ATTRIBUTES");
      expect(error.field).toBe("maxAttributes");
      expect(error.value).toBe(raw);
      expect(error.message).toContain("HH_MAX_ATTRIBUTES");
      expect(error.message).toMatch(/^Invalid maxAttributes ".*" \(from env:HH_MAX_ATTRIBUTES\): /s);
    },
  );

  it("says when the variable is empty", () => {
    expect(thrown(() => parseEnvInteger("", "HH_MAX_EVENTS", "maxEvents")).message).toContain("set but empty");
  });

  it("rejects digit strings beyond safe integers", () => {
    expect(thrown(() => parseEnvInteger("99999999999999999999", "HH_MAX_EVENTS", "maxEvents")).message).toContain("too large");
  });

  it("accepts JSON numbers (Workers vars) only when they are safe integers", () => {
    expect(parseEnvInteger(2000, "HH_MAX_ATTRIBUTES", "maxAttributes")).toBe(2000);
    for (const raw of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      const error = thrown(() => parseEnvInteger(raw, "HH_MAX_ATTRIBUTES", "maxAttributes"));
      expect(error.source).toBe("env:HH_MAX_ATTRIBUTES");
    }
  });

  it("rejects booleans", () => {
    expect(thrown(() => parseEnvInteger(true, "HH_MAX_LINKS", "maxLinks")).source).toBe("env:HH_MAX_LINKS");
  });
});

describe("parseByteSize", () => {
  const parse = (raw: string | number) => parseByteSize(raw, "HH_MAX_ATTRIBUTE_LENGTH", "maxAttributeLength");

  it.each([
    ["10485760", 10485760],
    [" 2048 ", 2048],
    ["10MB", 10485760],
    ["1MiB", 1048576],
    ["512KB", 524288],
    ["512KiB", 524288],
    ["1 mb", 1048576],
    ["1 MB", 1048576],
    ["3 kib", 3072],
    ["2048B", 2048],
    ["2048 b", 2048],
    ["1GB", 1073741824],
    ["1gib", 1073741824],
    [" 20 MiB ", 20971520],
    [4096, 4096],
  ])("parses %j as %d bytes", (raw, expected) => {
    expect(parse(raw)).toBe(expected);
  });

  it.each(["1.5MB", "10M", "10 TB", "MB", "-1MB", "+1MB", "10MB extra", "0x10", "1e3", "", "10 M B"])(
    "rejects %j naming the variable",
    (raw) => {
      const error = thrown(() => parse(raw));
      expect(error.source).toBe("env:HH_MAX_ATTRIBUTE_LENGTH");
      expect(error.field).toBe("maxAttributeLength");
      expect(error.message).toContain("HH_MAX_ATTRIBUTE_LENGTH");
    },
  );

  it("lists the accepted units for an unknown unit", () => {
    expect(thrown(() => parse("10 TB")).message).toMatch(/unknown unit "TB".*KiB.*MiB.*GiB/);
  });

  it("rejects sizes beyond safe integers", () => {
    expect(thrown(() => parse("99999999999GiB")).message).toContain("too large");
  });
});

describe("parseEnvBoolean", () => {
  it.each([
    ["true", true],
    ["TRUE", true],
    [" True ", true],
    ["1", true],
    ["yes", true],
    ["YES", true],
    ["on", true],
    ["On", true],
    ["false", false],
    ["False", false],
    ["0", false],
    ["no", false],
    ["NO", false],
    ["off", false],
    ["OFF", false],
    [true, true],
    [false, false],
    [1, true],
    [0, false],
  ])("parses %j", (raw, expected) => {
    expect(parseEnvBoolean(raw, "HH_VERBOSE", "verbose")).toBe(expected);
  });

  it.each(["", "y", "n", "2", "enabled", "truee", 2, -1])("rejects %j naming the variable", (raw) => {
    const error = thrown(() => parseEnvBoolean(raw, "HH_VERBOSE", "verbose"));
    expect(error.source).toBe("env:HH_VERBOSE");
    expect(error.message).toContain("HH_VERBOSE must be one of true/false, 1/0, yes/no, on/off");
  });
});

describe("parseEnvString", () => {
  it("keeps strings and turns JSON numbers into text", () => {
    expect(parseEnvString("my-project", "HH_PROJECT", "project")).toBe("my-project");
    expect(parseEnvString(123, "HH_PROJECT", "project")).toBe("123");
  });

  it("rejects booleans and non-finite numbers", () => {
    expect(thrown(() => parseEnvString(true, "HH_PROJECT", "project")).source).toBe("env:HH_PROJECT");
    expect(thrown(() => parseEnvString(Number.NaN, "HH_PROJECT", "project")).source).toBe("env:HH_PROJECT");
  });
});

describe("findEnvTypos", () => {
  it("flags the HONEYHIVE_ prefix", () => {
    expect(findEnvTypos({ HONEYHIVE_MAX_ATTRIBUTES: "2000" })).toEqual([
      "HONEYHIVE_MAX_ATTRIBUTES is set but honeyhive-edge reads HH_MAX_ATTRIBUTES; rename it (the value is ignored).",
    ]);
    expect(findEnvTypos({ HONEYHIVE_API_KEY: "hh_secret" })).toEqual([
      "HONEYHIVE_API_KEY is set but honeyhive-edge reads HH_API_KEY; rename it (the value is ignored).",
    ]);
  });

  it("flags singular/plural differences", () => {
    expect(findEnvTypos({ HH_MAX_ATTRIBUTE: "2000" })).toEqual([
      "HH_MAX_ATTRIBUTE is set but honeyhive-edge reads HH_MAX_ATTRIBUTES; rename it (the value is ignored).",
    ]);
    expect(findEnvTypos({ HH_MAX_EVENT: "5" })[0]).toContain("reads HH_MAX_EVENTS");
    expect(findEnvTypos({ HH_MAX_ATTRIBUTES_LENGTH: "5" })[0]).toContain("reads HH_MAX_ATTRIBUTE_LENGTH");
  });

  it("flags lower case", () => {
    expect(findEnvTypos({ hh_max_attributes: "2000" })).toEqual([
      "hh_max_attributes is set but honeyhive-edge reads HH_MAX_ATTRIBUTES; rename it (the value is ignored).",
    ]);
    expect(findEnvTypos({ otel_span_attribute_count_limit: "500" })[0]).toContain("reads OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT");
  });

  it("combines prefix, case and plural", () => {
    expect(findEnvTypos({ honeyhive_max_attribute: "1" })[0]).toContain("reads HH_MAX_ATTRIBUTES");
  });

  it("knows HH_SERVER_URL means HH_API_URL", () => {
    expect(findEnvTypos({ HH_SERVER_URL: "http://127.0.0.1:4318" })[0]).toBe(
      "HH_SERVER_URL is set but honeyhive-edge reads HH_API_URL; rename it (the value is ignored).",
    );
  });

  it("says nothing when the right name is set", () => {
    expect(findEnvTypos({ HH_MAX_ATTRIBUTES: "2000", HONEYHIVE_MAX_ATTRIBUTES: "3000" })).toEqual([]);
    expect(findEnvTypos({ HH_MAX_ATTRIBUTES: "2000", HH_MAX_ATTRIBUTE: "3000", hh_max_attributes: "1" })).toEqual([]);
  });

  it("gives one warning per right name, naming every look-alike", () => {
    const warnings = findEnvTypos({ HONEYHIVE_MAX_ATTRIBUTES: "1", hh_max_attributes: "2", HH_MAX_ATTRIBUTE: "3" });
    expect(warnings).toEqual([
      "HONEYHIVE_MAX_ATTRIBUTES and hh_max_attributes and HH_MAX_ATTRIBUTE are set but honeyhive-edge reads HH_MAX_ATTRIBUTES; rename one of them (the values are ignored).",
    ]);
  });

  it("gives separate warnings for separate right names", () => {
    expect(findEnvTypos({ HONEYHIVE_PROJECT: "p", hh_source: "s" })).toHaveLength(2);
  });

  it("ignores correct names, unrelated variables and object bindings", () => {
    expect(
      findEnvTypos({
        HH_MAX_ATTRIBUTES: "2000",
        PATH: "/usr/bin",
        HOME: "/root",
        HH_UNRELATED_THING: "x",
        OTEL_SERVICE_NAME: "svc",
        HONEYHIVE_MAX_ATTRIBUTES_KV: {},
      }),
    ).toEqual([]);
    expect(findEnvTypos({ HONEYHIVE_MAX_ATTRIBUTES: { binding: true } })).toEqual([]);
  });

  it("never includes the values", () => {
    const warnings = findEnvTypos({ HONEYHIVE_API_KEY: "hh_super_secret_value" });
    expect(warnings.join("\n")).not.toContain("hh_super_secret_value");
  });
});
