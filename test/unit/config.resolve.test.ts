import { describe, expect, it } from "vitest";
import {
  CONFIG_DEFAULTS,
  CONFIG_ENV_VARS,
  CONFIG_FIELDS,
  ConfigError,
  OTEL_ENV_VARS,
  PRESETS,
  PRESET_NAMES,
  checkField,
  resolveConfig,
  type HoneyHiveOptions,
} from "../../src/config/index.js";

function resolveError(options: Record<string, unknown>, env: Record<string, unknown> = {}): ConfigError {
  try {
    resolveConfig(options as HoneyHiveOptions, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

const MiB = 1024 * 1024;

describe("defaults", () => {
  it("resolves with no options and no env", () => {
    const config = resolveConfig();
    expect(config).toMatchObject({
      project: "default",
      source: "dev",
      serverUrl: "https://api.honeyhive.ai",
      maxAttributes: 1024,
      maxAttributeLength: 10485760,
      maxEvents: 128,
      maxLinks: 128,
      maxSpanSize: 10485760,
      preserveCoreAttributes: true,
      verbose: false,
      maxQueueSize: 2048,
      maxExportBatchSize: 512,
      maxRequestSize: 4194304,
      exportTimeoutMillis: 10000,
      exportDeadlineMillis: 30000,
      shutdownTimeoutMillis: 5000,
      compression: "gzip",
      protocol: "http/json",
      warnings: [],
    });
    expect(config.apiKey).toBeUndefined();
    expect(config.sessionId).toBeUndefined();
    expect(config.sessionName).toBeUndefined();
    expect(config.preset).toBeUndefined();
    for (const field of CONFIG_FIELDS) {
      expect(config.sources[field]).toBe(field in CONFIG_DEFAULTS ? "default" : "unset");
    }
  });

  it("every default passes its own schema", () => {
    for (const [field, value] of Object.entries(CONFIG_DEFAULTS)) {
      expect(checkField(field as keyof typeof CONFIG_DEFAULTS, value)).toEqual({ ok: true, value });
    }
  });

  it("options given as undefined count as unset", () => {
    const config = resolveConfig(
      { maxAttributes: undefined, apiKey: undefined, preset: undefined, project: undefined },
      { HH_MAX_ATTRIBUTES: "2000", HH_PROJECT: "from-env" },
    );
    expect(config.maxAttributes).toBe(2000);
    expect(config.sources.maxAttributes).toBe("env:HH_MAX_ATTRIBUTES");
    expect(config.project).toBe("from-env");
    expect(config.apiKey).toBeUndefined();
    expect(config.warnings).toEqual([]);
  });

  it("the env option is ignored by resolveConfig itself", () => {
    const config = resolveConfig({ env: { HH_MAX_ATTRIBUTES: "2000" } });
    expect(config.maxAttributes).toBe(1024);
    expect(config.warnings).toEqual([]);
  });

  it("rejects an options value that is not an object", () => {
    for (const options of [null, "x", 5, [1]]) {
      const error = resolveError(options as unknown as Record<string, unknown>);
      expect(error.field).toBe("options");
      expect(error.source).toBe("option");
    }
  });
});

describe("precedence: option > HH_* > OTEL_* > preset > default", () => {
  type Layer = "option" | "hh" | "otel" | "preset";
  const layers: Layer[] = ["option", "hh", "otel", "preset"];
  const subsets: Layer[][] = [];
  for (let mask = 0; mask < 16; mask++) subsets.push(layers.filter((_, i) => mask & (1 << i)));

  const fields = {
    maxAttributes: { option: 2000, hh: 3000, otel: 4000, preset: PRESETS.debug.maxAttributes, def: 1024 },
    maxAttributeLength: {
      option: 2 * MiB,
      hh: 3 * MiB,
      otel: 4 * MiB,
      preset: PRESETS.debug.maxAttributeLength,
      def: 10 * MiB,
    },
    maxEvents: { option: 10, hh: 20, otel: 30, preset: undefined, def: 128 },
    maxLinks: { option: 11, hh: 21, otel: 31, preset: undefined, def: 128 },
  } as const;

  for (const [field, v] of Object.entries(fields) as [keyof typeof fields, (typeof fields)[keyof typeof fields]][]) {
    const hhName = CONFIG_ENV_VARS[field];
    const otelName = OTEL_ENV_VARS[field];
    it.each(subsets.map((s) => [s.join("+") || "(nothing)", s] as const))(`${field}: %s`, (_label, present) => {
      const options: HoneyHiveOptions = {};
      const env: Record<string, unknown> = {};
      if (present.includes("option")) options[field] = v.option;
      if (present.includes("hh")) env[hhName] = String(v.hh);
      if (present.includes("otel")) env[otelName] = String(v.otel);
      if (present.includes("preset")) options.preset = "debug";
      const config = resolveConfig(options, env);

      let value: number;
      let source: string;
      if (present.includes("option")) [value, source] = [v.option, "option"];
      else if (present.includes("hh")) [value, source] = [v.hh, `env:${hhName}`];
      else if (present.includes("otel")) [value, source] = [v.otel, `env:${otelName}`];
      else if (present.includes("preset") && v.preset !== undefined) [value, source] = [v.preset, "preset:debug"];
      else [value, source] = [v.def, "default"];
      expect(config[field]).toBe(value);
      expect(config.sources[field]).toBe(source);
    });
  }

  it("HH_PRESET works like the preset option, and the option wins over it", () => {
    const fromEnv = resolveConfig({}, { HH_PRESET: "text-heavy" });
    expect(fromEnv.preset).toBe("text-heavy");
    expect(fromEnv.sources.preset).toBe("env:HH_PRESET");
    expect(fromEnv.maxAttributes).toBe(5000);
    expect(fromEnv.sources.maxAttributes).toBe("preset:text-heavy");

    const both = resolveConfig({ preset: "multimodal" }, { HH_PRESET: "text-heavy" });
    expect(both.preset).toBe("multimodal");
    expect(both.sources.preset).toBe("option");
    expect(both.maxAttributes).toBe(1000);
    expect(both.sources.maxAttributes).toBe("preset:multimodal");
  });

  it("HH_PRESET is trimmed and case-insensitive", () => {
    expect(resolveConfig({}, { HH_PRESET: " Memory-Constrained " }).preset).toBe("memory-constrained");
  });

  it("applies to strings, booleans and enums too", () => {
    const env = {
      HH_PROJECT: "env-project",
      HH_SOURCE: "staging",
      HH_VERBOSE: "yes",
      HH_OTLP_COMPRESSION: " NONE ",
      HH_OTLP_PROTOCOL: "HTTP/PROTOBUF",
      HH_PRESERVE_CORE_ATTRIBUTES: "off",
    };
    const fromEnv = resolveConfig({}, env);
    expect(fromEnv).toMatchObject({
      project: "env-project",
      source: "staging",
      verbose: true,
      compression: "none",
      protocol: "http/protobuf",
      preserveCoreAttributes: false,
    });
    expect(fromEnv.sources.verbose).toBe("env:HH_VERBOSE");
    const fromOptions = resolveConfig(
      {
        project: "opt",
        source: "prod",
        verbose: false,
        compression: "gzip",
        protocol: "http/json",
        preserveCoreAttributes: true,
      },
      env,
    );
    expect(fromOptions).toMatchObject({
      project: "opt",
      source: "prod",
      verbose: false,
      compression: "gzip",
      protocol: "http/json",
      preserveCoreAttributes: true,
    });
    expect(fromOptions.sources.project).toBe("option");
  });
});

describe("env values", () => {
  it("reads every HH_* variable", () => {
    const config = resolveConfig(
      {},
      {
        HH_API_KEY: "hh_key",
        HH_PROJECT: "p",
        HH_SOURCE: "s",
        HH_SESSION_ID: "11111111-2222-3333-4444-555555555555",
        HH_SESSION_NAME: "n",
        HH_API_URL: "http://127.0.0.1:4318/",
        HH_MAX_ATTRIBUTES: "2000",
        HH_MAX_ATTRIBUTE_LENGTH: "20MB",
        HH_MAX_EVENTS: "256",
        HH_MAX_LINKS: "64",
        HH_MAX_SPAN_SIZE: "30 MiB",
        HH_PRESERVE_CORE_ATTRIBUTES: "false",
        HH_PRESERVE_ATTRIBUTES: "myapp.answer, myapp.score.*",
        HH_PRESET: "debug",
        HH_VERBOSE: "1",
        HH_MAX_QUEUE_SIZE: "100",
        HH_MAX_EXPORT_BATCH_SIZE: "50",
        HH_MAX_REQUEST_SIZE: "64KB",
        HH_EXPORT_TIMEOUT_MS: "5000",
        HH_EXPORT_DEADLINE_MS: "20000",
        HH_SHUTDOWN_TIMEOUT_MS: "2500",
        HH_OTLP_COMPRESSION: "none",
        HH_OTLP_PROTOCOL: "http/protobuf",
      },
    );
    expect({ ...config, apiKey: config.apiKey, sources: undefined, warnings: undefined }).toEqual({
      apiKey: "hh_key",
      project: "p",
      source: "s",
      sessionId: "11111111-2222-3333-4444-555555555555",
      sessionName: "n",
      serverUrl: "http://127.0.0.1:4318",
      maxAttributes: 2000,
      maxAttributeLength: 20 * MiB,
      maxEvents: 256,
      maxLinks: 64,
      maxSpanSize: 30 * MiB,
      preserveCoreAttributes: false,
      preserveAttributes: ["myapp.answer", "myapp.score.*"],
      preset: "debug",
      verbose: true,
      maxQueueSize: 100,
      maxExportBatchSize: 50,
      maxRequestSize: 65536,
      exportTimeoutMillis: 5000,
      exportDeadlineMillis: 20000,
      shutdownTimeoutMillis: 2500,
      compression: "none",
      protocol: "http/protobuf",
      sources: undefined,
      warnings: undefined,
    });
    for (const field of CONFIG_FIELDS) expect(config.sources[field]).toBe(`env:${CONFIG_ENV_VARS[field]}`);
    expect(config.warnings).toEqual([]);
  });

  it("accepts Workers JSON numbers and booleans, ignores object bindings", () => {
    const config = resolveConfig(
      {},
      {
        HH_MAX_ATTRIBUTES: 2000,
        HH_MAX_ATTRIBUTE_LENGTH: 2048,
        HH_VERBOSE: true,
        HH_PROJECT: 42,
        HH_MAX_EVENTS: { binding: "KV" },
        HH_API_KEY: { secret: "store" },
      },
    );
    expect(config.maxAttributes).toBe(2000);
    expect(config.maxAttributeLength).toBe(2048);
    expect(config.verbose).toBe(true);
    expect(config.project).toBe("42");
    expect(config.maxEvents).toBe(128);
    expect(config.sources.maxEvents).toBe("default");
    expect(config.apiKey).toBeUndefined();
  });

  it("a bad JSON number names the variable", () => {
    const error = resolveError({}, { HH_MAX_ATTRIBUTES: 1.5 });
    expect(error.source).toBe("env:HH_MAX_ATTRIBUTES");
    expect(error.value).toBe(1.5);
    expect(resolveError({}, { HH_MAX_ATTRIBUTES: -5 }).message).toContain("maxAttributes must be >= 128");
  });

  it.each(["12abc", "1e3", "0x10", "1.5", "-5", "+5", ""])("strict integer: HH_MAX_ATTRIBUTES=%j", (raw) => {
    const error = resolveError({}, { HH_MAX_ATTRIBUTES: raw });
    expect(error.field).toBe("maxAttributes");
    expect(error.value).toBe(raw);
    expect(error.source).toBe("env:HH_MAX_ATTRIBUTES");
    expect(error.message).toContain("(from env:HH_MAX_ATTRIBUTES)");
    expect(error.message).toContain("HH_MAX_ATTRIBUTES ");
  });

  it.each(["12abc", "1e3", "0x10", "1.5", "-5", ""])("strict integer: OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT=%j", (raw) => {
    const error = resolveError({}, { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: raw });
    expect(error.source).toBe("env:OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT");
    expect(error.message).toContain("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT");
  });

  it("whitespace around env integers is fine", () => {
    expect(resolveConfig({}, { HH_MAX_ATTRIBUTES: "  2000\n" }).maxAttributes).toBe(2000);
  });

  it("OTEL_* values are validated with the same rules and the error names the OTEL variable", () => {
    const error = resolveError({}, { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: "64" });
    expect(error.message).toBe(
      'Invalid maxAttributes "64" (from env:OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT): maxAttributes must be >= 128 (OpenTelemetry default). Lowering below 128 is not recommended.',
    );
    expect(resolveError({}, { OTEL_SPAN_EVENT_COUNT_LIMIT: "0" }).source).toBe("env:OTEL_SPAN_EVENT_COUNT_LIMIT");
    expect(resolveError({}, { OTEL_SPAN_LINK_COUNT_LIMIT: "x" }).source).toBe("env:OTEL_SPAN_LINK_COUNT_LIMIT");
  });

  it("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT is a plain integer (no units, as in OpenTelemetry)", () => {
    expect(resolveConfig({}, { OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: "4096" }).maxAttributeLength).toBe(4096);
    expect(resolveError({}, { OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: "4KB" }).source).toBe(
      "env:OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT",
    );
  });

  it("an invalid HH_* value is an error even when an option overrides another field", () => {
    expect(resolveError({ maxAttributes: 2000 }, { HH_MAX_EVENTS: "lots" }).source).toBe("env:HH_MAX_EVENTS");
  });

  it("an option wins over an invalid env value (the env value is never read)", () => {
    expect(resolveConfig({ maxAttributes: 2000 }, { HH_MAX_ATTRIBUTES: "12abc" }).maxAttributes).toBe(2000);
  });

  it("booleans and enums from env are strict", () => {
    expect(resolveError({}, { HH_VERBOSE: "maybe" }).source).toBe("env:HH_VERBOSE");
    expect(resolveError({}, { HH_PRESERVE_CORE_ATTRIBUTES: "" }).source).toBe("env:HH_PRESERVE_CORE_ATTRIBUTES");
    const error = resolveError({}, { HH_OTLP_COMPRESSION: "brotli" });
    expect(error.source).toBe("env:HH_OTLP_COMPRESSION");
    expect(error.value).toBe("brotli");
  });

  it("an empty HH_API_URL or HH_PROJECT is an error naming the variable", () => {
    expect(resolveError({}, { HH_API_URL: "" }).source).toBe("env:HH_API_URL");
    expect(resolveError({}, { HH_PROJECT: "  " }).source).toBe("env:HH_PROJECT");
  });
});

describe("presets", () => {
  it("match the seed's use-case table", () => {
    expect(PRESETS).toEqual({
      "text-heavy": { maxAttributes: 5000, maxAttributeLength: 1048576 },
      multimodal: { maxAttributes: 1000, maxAttributeLength: 20971520 },
      "memory-constrained": { maxAttributes: 500, maxAttributeLength: 5242880 },
      debug: { maxAttributes: 10000, maxAttributeLength: 52428800 },
    });
  });

  it.each(PRESET_NAMES)("%s resolves within the schema's ranges and records its source", (name) => {
    const config = resolveConfig({ preset: name });
    expect(config.preset).toBe(name);
    expect(config.maxAttributes).toBe(PRESETS[name].maxAttributes);
    expect(config.maxAttributeLength).toBe(PRESETS[name].maxAttributeLength);
    expect(config.sources.maxAttributes).toBe(`preset:${name}`);
    expect(config.sources.maxAttributeLength).toBe(`preset:${name}`);
    expect(config.sources.preset).toBe("option");
    expect(config.sources.maxEvents).toBe("default");
  });

  it("an unknown preset lists the valid names", () => {
    const error = resolveError({ preset: "huge" });
    expect(error.field).toBe("preset");
    expect(error.value).toBe("huge");
    expect(error.source).toBe("option");
    expect(error.message).toBe(
      'Invalid preset "huge" (from option): Unknown preset. Valid presets: "text-heavy", "multimodal", "memory-constrained", "debug".',
    );
  });

  it("an unknown HH_PRESET names the variable and shows the value as written", () => {
    const error = resolveError({}, { HH_PRESET: " Huge " });
    expect(error.source).toBe("env:HH_PRESET");
    expect(error.value).toBe(" Huge ");
    expect(error.message).toContain('"text-heavy", "multimodal", "memory-constrained", "debug"');
  });

  it("a non-string preset option is an error", () => {
    expect(resolveError({ preset: 3 }).message).toContain("preset must be a string naming a preset");
  });
});

describe("derived defaults and cross-field rules", () => {
  it("the default maxSpanSize is raised to an explicit larger maxAttributeLength", () => {
    const config = resolveConfig({ maxAttributeLength: 20 * MiB });
    expect(config.maxSpanSize).toBe(20 * MiB);
    expect(config.sources.maxSpanSize).toBe("derived:maxAttributeLength");
    const debug = resolveConfig({ preset: "debug" });
    expect(debug.maxSpanSize).toBe(50 * MiB);
    expect(resolveConfig({ maxAttributeLength: 1 * MiB }).maxSpanSize).toBe(10 * MiB);
  });

  it("an explicit maxSpanSize smaller than maxAttributeLength is kept, with a warning", () => {
    const config = resolveConfig({ maxAttributeLength: 20 * MiB, maxSpanSize: 5 * MiB });
    expect(config.maxSpanSize).toBe(5 * MiB);
    expect(config.sources.maxSpanSize).toBe("option");
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toContain("maxSpanSize (5242880 bytes, from option) is smaller than maxAttributeLength");
  });

  it("the default maxExportBatchSize is lowered to a smaller maxQueueSize", () => {
    const config = resolveConfig({}, { HH_MAX_QUEUE_SIZE: "100" });
    expect(config.maxExportBatchSize).toBe(100);
    expect(config.sources.maxExportBatchSize).toBe("derived:maxQueueSize");
  });

  it("an explicit maxExportBatchSize larger than maxQueueSize is an error naming its source", () => {
    const error = resolveError({ maxQueueSize: 100 }, { HH_MAX_EXPORT_BATCH_SIZE: " 200 " });
    expect(error.field).toBe("maxExportBatchSize");
    expect(error.source).toBe("env:HH_MAX_EXPORT_BATCH_SIZE");
    expect(error.value).toBe(" 200 ");
    expect(error.message).toContain("maxExportBatchSize must be <= maxQueueSize (100, from option)");
  });

  it("warns when the per-request timeout exceeds the export deadline", () => {
    const config = resolveConfig({ exportTimeoutMillis: 60000 });
    expect(config.warnings).toEqual([
      "exportTimeoutMillis (60000, from option) is larger than exportDeadlineMillis (30000, from default): each export is cut off at the deadline.",
    ]);
  });
});

describe("warnings", () => {
  it("reports env typos", () => {
    const config = resolveConfig({}, { HONEYHIVE_MAX_ATTRIBUTES: "2000" });
    expect(config.maxAttributes).toBe(1024);
    expect(config.warnings).toEqual([
      "HONEYHIVE_MAX_ATTRIBUTES is set but honeyhive-edge reads HH_MAX_ATTRIBUTES; rename it (the value is ignored).",
    ]);
    expect(resolveConfig({}, { HH_MAX_ATTRIBUTE: "2000" }).warnings[0]).toContain("reads HH_MAX_ATTRIBUTES");
    expect(resolveConfig({}, { hh_max_attributes: "2000" }).warnings[0]).toContain("reads HH_MAX_ATTRIBUTES");
    expect(resolveConfig({}, { HH_MAX_ATTRIBUTES: "2000", HONEYHIVE_MAX_ATTRIBUTES: "1" }).warnings).toEqual([]);
  });

  it("a typo'd env value is not validated (it is ignored)", () => {
    expect(resolveConfig({}, { HONEYHIVE_MAX_ATTRIBUTES: "12abc" }).maxAttributes).toBe(1024);
  });

  it("reports unknown option keys with a suggestion, without throwing", () => {
    const config = resolveConfig({ maxAttribute: 2000, max_events: 5, apikey: "hh_secret", zzz: 1 } as HoneyHiveOptions);
    expect(config.maxAttributes).toBe(1024);
    expect(config.warnings).toEqual([
      'Unknown option "maxAttribute" is ignored; did you mean "maxAttributes"?',
      'Unknown option "max_events" is ignored; did you mean "maxEvents"?',
      'Unknown option "apikey" is ignored; did you mean "apiKey"?',
      'Unknown option "zzz" is ignored.',
    ]);
    expect(config.warnings.join("\n")).not.toContain("hh_secret");
    expect(resolveConfig({ apiUrl: "x" } as HoneyHiveOptions).warnings[0]).toContain('did you mean "serverUrl"?');
  });

  it("known keys (including env and preset) raise no warning", () => {
    expect(resolveConfig({ env: {}, preset: "debug", verbose: true }).warnings).toEqual([]);
  });
});

describe("ConfigError", () => {
  it("has field, value, source, name and the documented message format", () => {
    const error = resolveError({}, { HH_MAX_ATTRIBUTES: "100" });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ConfigError");
    expect(error.field).toBe("maxAttributes");
    expect(error.value).toBe("100");
    expect(error.source).toBe("env:HH_MAX_ATTRIBUTES");
    expect(error.message).toBe(
      'Invalid maxAttributes "100" (from env:HH_MAX_ATTRIBUTES): maxAttributes must be >= 128 (OpenTelemetry default). Lowering below 128 is not recommended.',
    );
    expect(String(error)).toContain("ConfigError: Invalid maxAttributes");
  });

  it("never shows or stores the api key", () => {
    const secret = "hh live key";
    for (const error of [resolveError({ apiKey: secret }), resolveError({}, { HH_API_KEY: secret })]) {
      expect(error.field).toBe("apiKey");
      expect(error.value).toBe("[redacted]");
      expect(error.message).not.toContain(secret);
      expect(error.message).not.toContain("hh live");
      expect(JSON.stringify(error)).not.toContain("hh live");
      expect(String(error.stack)).not.toContain("hh live");
    }
    expect(resolveError({}, { HH_API_KEY: "" }).source).toBe("env:HH_API_KEY");
  });
});

describe("the resolved config", () => {
  const secret = "hh_0123456789abcdef_secret";

  it("is frozen, deeply", () => {
    const config = resolveConfig({ apiKey: secret });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.sources)).toBe(true);
    expect(Object.isFrozen(config.warnings)).toBe(true);
    expect(() => {
      (config as { maxAttributes: number }).maxAttributes = 5;
    }).toThrow(TypeError);
    expect(() => {
      (config as { apiKey?: string }).apiKey = "other";
    }).toThrow(TypeError);
    expect(() => {
      (config.sources as Record<string, string>).maxAttributes = "x";
    }).toThrow(TypeError);
  });

  it("keeps the api key readable but non-enumerable", () => {
    const config = resolveConfig({ apiKey: secret });
    expect(config.apiKey).toBe(secret);
    expect(Object.keys(config)).not.toContain("apiKey");
    expect(Object.getOwnPropertyDescriptor(config, "apiKey")?.enumerable).toBe(false);
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(String(config)).not.toContain(secret);
    expect(`${JSON.stringify({ ...config })}`).not.toContain(secret);
    expect(config.sources.apiKey).toBe("option");
  });

  it("keeps an env api key out of JSON too", () => {
    const config = resolveConfig({}, { HH_API_KEY: ` ${secret}\n` });
    expect(config.apiKey).toBe(secret);
    expect(config.sources.apiKey).toBe("env:HH_API_KEY");
    expect(JSON.stringify(config)).not.toContain(secret);
  });

  it("does not show the api key through node's inspect (console.log)", async () => {
    const { inspect } = await import("node:util");
    const config = resolveConfig({ apiKey: secret });
    expect(inspect(config, { depth: 5 })).not.toContain(secret);
  });

  it("does not share state between calls or with the inputs", () => {
    const options: HoneyHiveOptions = { maxAttributes: 2000 };
    const a = resolveConfig(options);
    options.maxAttributes = 3000;
    const b = resolveConfig(options);
    expect(a.maxAttributes).toBe(2000);
    expect(b.maxAttributes).toBe(3000);
    expect(a.sources).not.toBe(b.sources);
  });
});
