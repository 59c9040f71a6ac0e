import { describe, expect, it } from "vitest";
import { is } from "superstruct";
import {
  CONFIG_RANGES,
  ConfigError,
  HoneyHiveOptionsSchema,
  checkField,
  checkServerUrl,
  resolveConfig,
  type HoneyHiveOptions,
} from "../../src/config/index.js";

function optionError(options: Record<string, unknown>): ConfigError {
  try {
    resolveConfig(options as HoneyHiveOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

const MAX_ATTRS_LOW = "maxAttributes must be >= 128 (OpenTelemetry default). Lowering below 128 is not recommended.";
const MAX_ATTRS_HIGH =
  "maxAttributes must be <= 10000 (sanity check for memory safety). Contact HoneyHive support if you need higher limits.";
const LENGTH_LOW = "maxAttributeLength must be >= 1KB (1024 bytes). Smaller values may truncate important data.";
const LENGTH_HIGH = "maxAttributeLength must be <= 100MB (104857600 bytes). Larger values may cause memory issues.";

describe("maxAttributes", () => {
  it.each([128, 129, 1024, 9999, 10000])("accepts %d", (value) => {
    expect(resolveConfig({ maxAttributes: value }).maxAttributes).toBe(value);
  });

  it.each([
    [127, MAX_ATTRS_LOW],
    [0, MAX_ATTRS_LOW],
    [-1, MAX_ATTRS_LOW],
    [10001, MAX_ATTRS_HIGH],
  ])("rejects %d with the seed's message", (value, message) => {
    const error = optionError({ maxAttributes: value });
    expect(error.field).toBe("maxAttributes");
    expect(error.value).toBe(value);
    expect(error.source).toBe("option");
    expect(error.message).toBe(`Invalid maxAttributes ${value} (from option): ${message}`);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "1024", true, null, {}, [1024]])(
    "rejects non-integer %j",
    (value) => {
      const error = optionError({ maxAttributes: value });
      expect(error.field).toBe("maxAttributes");
      expect(error.source).toBe("option");
      expect(error.message).toContain("maxAttributes must be an integer from 128 to 10000");
    },
  );

  it("tells a string option to drop the quotes", () => {
    const error = optionError({ maxAttributes: "1024" });
    expect(error.message).toBe(
      'Invalid maxAttributes "1024" (from option): maxAttributes must be an integer from 128 to 10000, not a string: pass it without quotes.',
    );
  });
});

describe("maxAttributeLength", () => {
  it.each([1024, 1025, 10485760, 104857599, 104857600])("accepts %d", (value) => {
    expect(resolveConfig({ maxAttributeLength: value }).maxAttributeLength).toBe(value);
  });

  it.each([
    [1023, LENGTH_LOW],
    [0, LENGTH_LOW],
    [-1, LENGTH_LOW],
    [104857601, LENGTH_HIGH],
  ])("rejects %d with the seed's message", (value, message) => {
    expect(optionError({ maxAttributeLength: value }).message).toBe(
      `Invalid maxAttributeLength ${value} (from option): ${message}`,
    );
  });

  it.each([1024.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects non-integer %d", (value) => {
    expect(optionError({ maxAttributeLength: value }).message).toContain("maxAttributeLength must be an integer number of bytes");
  });

  it("points a units string option at the env variable", () => {
    expect(optionError({ maxAttributeLength: "10MB" }).message).toContain(
      'Units such as "10MB" are accepted only from the HH_MAX_ATTRIBUTE_LENGTH environment variable.',
    );
  });

  it.each([
    ["10MB", 10485760],
    ["1MiB", 1048576],
    ["512KB", 524288],
    ["1 mb", 1048576],
    [" 2048 ", 2048],
    ["1KB", 1024],
    ["100MB", 104857600],
  ])("env HH_MAX_ATTRIBUTE_LENGTH=%j gives %d", (raw, expected) => {
    const config = resolveConfig({}, { HH_MAX_ATTRIBUTE_LENGTH: raw });
    expect(config.maxAttributeLength).toBe(expected);
    expect(config.sources.maxAttributeLength).toBe("env:HH_MAX_ATTRIBUTE_LENGTH");
  });

  it.each([
    ["1023", LENGTH_LOW],
    ["1023B", LENGTH_LOW],
    ["104857601", LENGTH_HIGH],
    ["101MB", LENGTH_HIGH],
    ["1GB", LENGTH_HIGH],
  ])("env HH_MAX_ATTRIBUTE_LENGTH=%j is out of range", (raw, message) => {
    let error: unknown;
    try {
      resolveConfig({}, { HH_MAX_ATTRIBUTE_LENGTH: raw });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.value).toBe(raw);
    expect(configError.source).toBe("env:HH_MAX_ATTRIBUTE_LENGTH");
    expect(configError.message).toBe(
      `Invalid maxAttributeLength ${JSON.stringify(raw)} (from env:HH_MAX_ATTRIBUTE_LENGTH): ${message}`,
    );
  });
});

describe("maxEvents and maxLinks", () => {
  for (const field of ["maxEvents", "maxLinks"] as const) {
    it.each([1, 128, 100000])(`${field} accepts %d`, (value) => {
      expect(resolveConfig({ [field]: value })[field]).toBe(value);
    });

    it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "128", 2 ** 60])(`${field} rejects %j`, (value) => {
      const error = optionError({ [field]: value });
      expect(error.field).toBe(field);
      expect(error.message).toContain(`${field} must be a positive integer`);
    });
  }
});

describe("other numeric ranges", () => {
  const cases = [
    ["maxSpanSize", 1048576, 104857600],
    ["maxQueueSize", 1, 1000000],
    ["maxRequestSize", 65536, 104857600],
    ["exportTimeoutMillis", 100, 600000],
    ["exportDeadlineMillis", 100, 600000],
    ["shutdownTimeoutMillis", 100, 600000],
  ] as const;

  it.each(cases)("%s accepts %d..%d and rejects one beyond each end", (field, min, max) => {
    expect(CONFIG_RANGES[field]).toEqual({ min, max });
    const base: HoneyHiveOptions = { maxExportBatchSize: 1, exportTimeoutMillis: 100 };
    expect(resolveConfig({ ...base, [field]: min })[field]).toBe(min);
    expect(resolveConfig({ ...base, [field]: max })[field]).toBe(max);
    expect(optionError({ ...base, [field]: min - 1 }).field).toBe(field);
    expect(optionError({ ...base, [field]: max + 1 }).field).toBe(field);
    expect(optionError({ ...base, [field]: min + 0.5 }).field).toBe(field);
    expect(optionError({ ...base, [field]: String(min) }).message).toContain("not a string");
  });

  it("maxSpanSize messages", () => {
    expect(optionError({ maxSpanSize: 1048575 }).message).toContain("maxSpanSize must be >= 1MB (1048576 bytes).");
    expect(optionError({ maxSpanSize: 104857601 }).message).toContain("maxSpanSize must be <= 100MB (104857600 bytes).");
  });

  it("maxExportBatchSize is 1..maxQueueSize", () => {
    expect(resolveConfig({ maxExportBatchSize: 1 }).maxExportBatchSize).toBe(1);
    expect(resolveConfig({ maxExportBatchSize: 2048 }).maxExportBatchSize).toBe(2048);
    expect(optionError({ maxExportBatchSize: 0 }).message).toContain("maxExportBatchSize must be >= 1.");
    const error = optionError({ maxExportBatchSize: 2049 });
    expect(error.field).toBe("maxExportBatchSize");
    expect(error.value).toBe(2049);
    expect(error.message).toContain("maxExportBatchSize must be <= maxQueueSize (2048, from default)");
    expect(optionError({ maxQueueSize: 100, maxExportBatchSize: 101 }).message).toContain("(100, from option)");
  });
});

describe("booleans, enums and strings", () => {
  it("booleans must be booleans in options", () => {
    expect(resolveConfig({ verbose: true }).verbose).toBe(true);
    expect(resolveConfig({ preserveCoreAttributes: false }).preserveCoreAttributes).toBe(false);
    expect(optionError({ verbose: "true" }).message).toBe(
      'Invalid verbose "true" (from option): verbose must be true or false, not a string: pass it without quotes.',
    );
    expect(optionError({ preserveCoreAttributes: 1 }).message).toContain("preserveCoreAttributes must be true or false.");
  });

  it("compression and protocol are enumerations", () => {
    expect(resolveConfig({ compression: "none", protocol: "http/protobuf" })).toMatchObject({
      compression: "none",
      protocol: "http/protobuf",
    });
    expect(optionError({ compression: "brotli" }).message).toContain('compression must be "gzip" or "none".');
    expect(optionError({ protocol: "grpc" }).message).toContain('protocol must be "http/json" or "http/protobuf".');
    expect(optionError({ compression: "GZIP" }).field).toBe("compression");
  });

  it("strings are trimmed and must not be empty", () => {
    const config = resolveConfig({ project: "  my-project ", source: "prod", sessionName: " run 1 " });
    expect(config.project).toBe("my-project");
    expect(config.sessionName).toBe("run 1");
    for (const field of ["project", "source", "sessionId", "sessionName", "serverUrl"]) {
      expect(optionError({ [field]: "   " }).message).toContain(`${field} must be a non-empty string.`);
      expect(optionError({ [field]: 42 }).message).toContain(`${field} must be a string.`);
    }
  });

  it("sessionId is at most 256 characters", () => {
    expect(resolveConfig({ sessionId: "s".repeat(256) }).sessionId).toHaveLength(256);
    const error = optionError({ sessionId: "s".repeat(257) });
    expect(error.field).toBe("sessionId");
    expect(error.message).toContain("sessionId must be at most 256 characters");
    // long values are shortened in the message
    expect(error.message.length).toBeLessThan(400);
  });
});

describe("serverUrl", () => {
  it.each([
    ["https://api.honeyhive.ai", "https://api.honeyhive.ai"],
    ["https://api.honeyhive.ai/", "https://api.honeyhive.ai"],
    ["https://api.honeyhive.ai///", "https://api.honeyhive.ai"],
    [" http://127.0.0.1:4318/ ", "http://127.0.0.1:4318"],
    ["http://localhost:4318", "http://localhost:4318"],
    ["http://[::1]:4318", "http://[::1]:4318"],
    ["https://proxy.example.com/honeyhive/", "https://proxy.example.com/honeyhive"],
    ["http://my_receiver:4318", "http://my_receiver:4318"],
    ["HTTPS://API.HONEYHIVE.AI", "HTTPS://API.HONEYHIVE.AI"],
  ])("accepts %j as %j", (raw, expected) => {
    expect(resolveConfig({ serverUrl: raw }).serverUrl).toBe(expected);
  });

  it.each([
    ["api.honeyhive.ai", "http:// or https://"],
    ["ftp://api.honeyhive.ai", "http:// or https://"],
    ["https://", "valid host"],
    ["https:///path", "valid host"],
    ["https://host:99999", "invalid port"],
    ["https://host:0", "invalid port"],
    ["https://host:abc", "valid host"],
    ["https://user:pw@host", "credentials"],
    ["https://host/?a=1", "query"],
    ["https://host/#x", "fragment"],
    ["https://ho st", "whitespace"],
  ])("rejects %j", (raw, fragment) => {
    const error = optionError({ serverUrl: raw });
    expect(error.field).toBe("serverUrl");
    expect(error.message).toContain(fragment);
  });

  it("never echoes URL credentials", () => {
    const error = optionError({ serverUrl: "https://user:hunter2@host" });
    expect(error.message).not.toContain("hunter2");
    expect(checkServerUrl("https://api.honeyhive.ai")).toBe(true);
  });
});

describe("apiKey", () => {
  it("is trimmed (secret files end in a newline)", () => {
    expect(resolveConfig({ apiKey: "hh_abc\n" }).apiKey).toBe("hh_abc");
  });

  it.each([
    ["", "non-empty"],
    ["hh abc", "printable ASCII"],
    ["hh_abc\nhh_def", "printable ASCII"],
    ['"hh_abc"', "wrapped in quotes"],
    ["'hh_abc'", "wrapped in quotes"],
    ["hh_é", "printable ASCII"],
  ])("rejects %j without showing it", (raw, fragment) => {
    const error = optionError({ apiKey: raw });
    expect(error.field).toBe("apiKey");
    expect(error.value).toBe("[redacted]");
    expect(error.message).toContain(fragment);
    expect(error.message).toMatch(/^Invalid apiKey \[redacted\] \(from option\): /);
    if (raw.trim() !== "") expect(error.message).not.toContain(raw.trim().replace(/["']/g, ""));
  });

  it("a non-string apiKey is not shown either", () => {
    const error = optionError({ apiKey: 123456789 });
    expect(error.message).not.toContain("123456789");
    expect(error.value).toBe("[redacted]");
  });
});

describe("checkField and HoneyHiveOptionsSchema", () => {
  it("checkField returns the normalized value or the message", () => {
    expect(checkField("maxAttributes", 128)).toEqual({ ok: true, value: 128 });
    expect(checkField("serverUrl", "https://x.test/")).toEqual({ ok: true, value: "https://x.test" });
    expect(checkField("maxAttributes", 127)).toEqual({ ok: false, message: MAX_ATTRS_LOW });
  });

  it("the whole-options struct accepts valid options and unknown keys, rejects invalid values", () => {
    expect(is({ maxAttributes: 2000, preset: "debug", env: { A: "1" } }, HoneyHiveOptionsSchema)).toBe(true);
    expect(is({ maxAttribute: 2000 }, HoneyHiveOptionsSchema)).toBe(true);
    expect(is({ maxAttributes: 127 }, HoneyHiveOptionsSchema)).toBe(false);
    expect(is({ preset: "huge" }, HoneyHiveOptionsSchema)).toBe(false);
  });
});

describe("every numeric field's messages, in the seed's words", () => {
  // [field, range description, message below the minimum, message above the maximum]
  const messages = [
    ["maxAttributes", "an integer from 128 to 10000", MAX_ATTRS_LOW, MAX_ATTRS_HIGH],
    ["maxAttributeLength", "an integer number of bytes from 1024 (1KB) to 104857600 (100MB)", LENGTH_LOW, LENGTH_HIGH],
    ["maxEvents", "a positive integer", "maxEvents must be a positive integer", "maxEvents must be a positive integer"],
    ["maxLinks", "a positive integer", "maxLinks must be a positive integer", "maxLinks must be a positive integer"],
    [
      "maxSpanSize",
      "an integer number of bytes from 1048576 (1MB) to 104857600 (100MB)",
      "maxSpanSize must be >= 1MB (1048576 bytes). Smaller budgets would truncate ordinary spans.",
      "maxSpanSize must be <= 100MB (104857600 bytes). Larger values may cause memory issues.",
    ],
    [
      "maxQueueSize",
      "an integer from 1 to 1000000",
      "maxQueueSize must be >= 1.",
      "maxQueueSize must be <= 1000000 (sanity check for memory safety).",
    ],
    [
      "maxExportBatchSize",
      "an integer from 1 to maxQueueSize",
      "maxExportBatchSize must be >= 1.",
      "maxExportBatchSize must be <= maxQueueSize (at most 1000000).",
    ],
    [
      "maxRequestSize",
      "an integer number of bytes from 65536 (64KB) to 104857600 (100MB)",
      "maxRequestSize must be >= 64KB (65536 bytes), the smallest request budget (a browser keepalive fetch).",
      "maxRequestSize must be <= 100MB (104857600 bytes). Larger requests may be refused or cause memory issues.",
    ],
    [
      "exportTimeoutMillis",
      "an integer number of milliseconds from 100 to 600000",
      "exportTimeoutMillis must be >= 100 ms. Shorter timeouts fail ordinary requests.",
      "exportTimeoutMillis must be <= 600000 ms (10 minutes).",
    ],
    [
      "exportDeadlineMillis",
      "an integer number of milliseconds from 100 to 600000",
      "exportDeadlineMillis must be >= 100 ms. Shorter deadlines leave no time for a request.",
      "exportDeadlineMillis must be <= 600000 ms (10 minutes).",
    ],
    [
      "shutdownTimeoutMillis",
      "an integer number of milliseconds from 100 to 600000",
      "shutdownTimeoutMillis must be >= 100 ms. Shorter timeouts fail ordinary requests.",
      "shutdownTimeoutMillis must be <= 600000 ms (10 minutes).",
    ],
  ] as const;

  it.each(messages)("%s", (field, expected, low, high) => {
    const { min, max } = CONFIG_RANGES[field]!;
    expect(checkField(field, min - 1)).toEqual({ ok: false, message: low });
    expect(checkField(field, -(2 ** 60))).toEqual({ ok: false, message: low });
    expect(checkField(field, max + 1)).toEqual({ ok: false, message: high });
    expect(checkField(field, 2 ** 60)).toEqual({ ok: false, message: high });
    expect(checkField(field, min + 0.5)).toEqual({ ok: false, message: `${field} must be ${expected}.` });
    expect(checkField(field, null)).toEqual({ ok: false, message: `${field} must be ${expected}.` });
    expect((checkField(field, String(min)) as { message: string }).message).toMatch(
      new RegExp(`^${field} must be ${expected.replace(/[()]/g, "\\$&")}, not a string: pass it without quotes\\.`),
    );
  });
});

describe("hostile option values give ConfigError, never another error", () => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const hostile: [string, unknown][] = [
    ["a null-prototype object", Object.create(null)],
    ["a null-prototype object with keys", Object.assign(Object.create(null), { a: 1 })],
    ["a proxy whose traps throw", new Proxy({}, { get() { throw new Error("get trap"); }, ownKeys() { throw new Error("ownKeys trap"); } })],
    ["a revoked proxy", revoked.proxy],
    ["a symbol", Symbol("s")],
    ["a function", () => 1],
    ["a bigint", 10n],
    ["a cyclic array", (() => { const a: unknown[] = []; a.push(a); return a; })()],
  ];
  const fields = Object.keys(CONFIG_RANGES).concat(["apiKey", "project", "sessionId", "serverUrl", "verbose", "preset", "compression"]);

  it.each(hostile)("%s", (_name, value) => {
    for (const field of fields) {
      const error = optionError({ [field]: value });
      expect(error.field).toBe(field);
      expect(error.source).toBe("option");
      expect(error.message).toMatch(new RegExp(`^Invalid ${field} .* \\(from option\\): `, "s"));
    }
  });

  it("a null-prototype options object is fine", () => {
    const options = Object.assign(Object.create(null), { maxAttributes: 2000 });
    expect(resolveConfig(options).maxAttributes).toBe(2000);
  });
});

describe("secrets in error values", () => {
  // characters a URL password may hold that end a naive "//[^/?#@]*@" match
  const KEY = "hh_k3y/with?odd#chars@and:colons";
  const leaks = (text: string) => [KEY, "k3y", encodeURIComponent(KEY)].some((form) => text.includes(form));

  function everything(error: ConfigError): string {
    return [error.message, String(error.value), JSON.stringify(error), String(error.stack)].join("\n");
  }

  it.each([
    [`https://user:${KEY}@api.example.com`, "https://[redacted]@api.example.com"],
    [`https://${KEY}@api.example.com/path`, "https://[redacted]@api.example.com/path"],
    [`HTTP://user:${KEY}@host:4318/`, "HTTP://[redacted]@host:4318/"],
    [`user:${KEY}@host`, "[redacted]@host"],
    [`ftp://user:${KEY}@host`, "ftp://[redacted]@host"],
    [`https://user:${KEY}@host?x=1`, "https://[redacted]@host?x=1"],
  ])("serverUrl %j is shown and kept as %j", (url, shown) => {
    for (const error of [optionError({ serverUrl: url }), optionError({ serverUrl: ` ${url}\n` })]) {
      expect(error.field).toBe("serverUrl");
      expect(leaks(everything(error))).toBe(false);
    }
    const error = optionError({ serverUrl: url });
    expect(error.value).toBe(shown);
    expect(error.message).toContain(JSON.stringify(shown));
  });

  it("URL credentials from HH_API_URL are hidden too", () => {
    let error: unknown;
    try {
      resolveConfig({}, { HH_API_URL: `https://u:${KEY}@host` });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).source).toBe("env:HH_API_URL");
    expect((error as ConfigError).value).toBe("https://[redacted]@host");
    expect(leaks(everything(error as ConfigError))).toBe(false);
  });

  it("a serverUrl that is not a string does not show URL credentials either", () => {
    const error = optionError({ serverUrl: [`https://u:${KEY}@host`] });
    expect(error.message).toContain('["https://[redacted]@host"]');
    expect(leaks(error.message)).toBe(false);
  });

  it("an invalid apiKey next to credentials in serverUrl shows neither", () => {
    expect(leaks(everything(optionError({ apiKey: `${KEY} x`, serverUrl: `https://u:${KEY}@h` })))).toBe(false);
    expect(leaks(everything(optionError({ apiKey: KEY, serverUrl: `https://u:${KEY}@h` })))).toBe(false);
  });

  it("a string passed as the whole options object is not shown (it is often the key)", () => {
    const error = optionError(KEY as unknown as Record<string, unknown>);
    expect(error.field).toBe("options");
    expect(error.value).toBe("[redacted]");
    expect(leaks(everything(error))).toBe(false);
  });
});
