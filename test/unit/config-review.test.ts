// The config stack made smaller for the Workers bundle: the env variable names it derives, and the env messages
// it words more briefly, still carry every fact (the variable, what is allowed, an example, what to do).
import { describe, expect, it } from "vitest";
import { thrown } from "../helpers/thrown.js";
import { CONFIG_ENV_VARS, parseByteSize, parseEnvInteger, resolveConfig } from "../../src/config/index.js";


describe("env variable names", () => {
  it("are HH_ + the field in SNAKE_CASE, Millis as _MS, with three exceptions", () => {
    expect(CONFIG_ENV_VARS).toEqual({
      apiKey: "HH_API_KEY",
      project: "HH_PROJECT",
      source: "HH_SOURCE",
      sessionId: "HH_SESSION_ID",
      sessionName: "HH_SESSION_NAME",
      serverUrl: "HH_API_URL",
      maxAttributes: "HH_MAX_ATTRIBUTES",
      maxAttributeLength: "HH_MAX_ATTRIBUTE_LENGTH",
      maxEvents: "HH_MAX_EVENTS",
      maxLinks: "HH_MAX_LINKS",
      maxSpanSize: "HH_MAX_SPAN_SIZE",
      preserveCoreAttributes: "HH_PRESERVE_CORE_ATTRIBUTES",
      preserveAttributes: "HH_PRESERVE_ATTRIBUTES",
      preset: "HH_PRESET",
      verbose: "HH_VERBOSE",
      maxQueueSize: "HH_MAX_QUEUE_SIZE",
      maxExportBatchSize: "HH_MAX_EXPORT_BATCH_SIZE",
      maxRequestSize: "HH_MAX_REQUEST_SIZE",
      exportTimeoutMillis: "HH_EXPORT_TIMEOUT_MS",
      exportDeadlineMillis: "HH_EXPORT_DEADLINE_MS",
      shutdownTimeoutMillis: "HH_SHUTDOWN_TIMEOUT_MS",
      compression: "HH_OTLP_COMPRESSION",
      protocol: "HH_OTLP_PROTOCOL",
    });
    expect(resolveConfig({}, { HH_SHUTDOWN_TIMEOUT_MS: "250" }).shutdownTimeoutMillis).toBe(250);
  });
});

describe("env messages", () => {
  const integer = (raw: string | boolean) => thrown(() => parseEnvInteger(raw, "HH_MAX_EVENTS", "maxEvents")).message;
  const bytes = (raw: string | boolean) => thrown(() => parseByteSize(raw, "HH_MAX_SPAN_SIZE", "maxSpanSize")).message;
  const INTEGER = "a base-10 integer (digits only: no sign, decimal point, exponent or hex), e.g. 1024";
  const BYTES = 'a whole number of bytes with an optional unit B, KB, KiB, MB, MiB, GB, GiB (all 1024-based), e.g. 10485760 or "10MB"';

  it("an integer variable says what it must be, with an example", () => {
    expect(integer("1e3")).toBe(`Invalid maxEvents "1e3" (from env:HH_MAX_EVENTS): HH_MAX_EVENTS must be ${INTEGER}.`);
    expect(integer("10MB")).toBe(`Invalid maxEvents "10MB" (from env:HH_MAX_EVENTS): HH_MAX_EVENTS must be ${INTEGER}.`);
    expect(integer(" ")).toBe(
      `Invalid maxEvents " " (from env:HH_MAX_EVENTS): HH_MAX_EVENTS is set but empty: unset it for the default, or set ${INTEGER}.`,
    );
    expect(integer(true)).toBe(`Invalid maxEvents true (from env:HH_MAX_EVENTS): HH_MAX_EVENTS must be ${INTEGER}, not a boolean.`);
    expect(integer("99999999999999999999")).toMatch(/: HH_MAX_EVENTS is too large \(at most 9007199254740991\)\.$/);
  });

  it("a byte-size variable lists the units, with examples", () => {
    expect(bytes("1.5MB")).toBe(`Invalid maxSpanSize "1.5MB" (from env:HH_MAX_SPAN_SIZE): HH_MAX_SPAN_SIZE must be ${BYTES}.`);
    expect(bytes("")).toContain(`HH_MAX_SPAN_SIZE is set but empty: unset it for the default, or set ${BYTES}.`);
    expect(bytes(false)).toContain(`HH_MAX_SPAN_SIZE must be ${BYTES}, not a boolean.`);
    expect(bytes("2 TB")).toContain('HH_MAX_SPAN_SIZE has an unknown unit "TB"; use one of B, KB, KiB, MB, MiB, GB, GiB (all 1024-based).');
  });
});
