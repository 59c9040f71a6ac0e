// Property: any options object and any env record either resolve to a frozen config or fail with
// ConfigError, never with anything else; HoneyHiveTracer.init likewise, and a tracer it makes then
// traces and exports without throwing whatever the (valid) settings are.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONFIG_ENV_VARS, ConfigError, HoneyHiveTracer, resolveConfig, type HoneyHiveOptions } from "../../runtimes/node/index.js";
import { captureConsole, useTestReceiver } from "../reliability/helpers.js";
import { SEED, anyValue, nastyString } from "./arbitraries.js";
import { checkPayloads } from "./payloads.js";

const ctx = useTestReceiver({ keepBodies: true, apiKey: "hh_fuzz_secret_8d2b" });
const RESOLVE_CASES = Number(process.env.FUZZ_CASES ?? 45_000);
const INIT_CASES = Math.min(1_000, RESOLVE_CASES);
const KEY = "hh_fuzz_secret_8d2b";

const FIELDS = Object.keys(CONFIG_ENV_VARS);
const ENV_NAMES = [...Object.values(CONFIG_ENV_VARS), "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_SPAN_EVENT_COUNT_LIMIT", "OTEL_SPAN_LINK_COUNT_LIMIT", "HH_MAX_ATRIBUTES", "HH_APIKEY"];

/** Values near the edges of what config accepts: numeric strings, units, enum spellings, ranges. */
const edgy: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom("1024", " 128 ", "12abc", "1e3", "0x10", "-5", "+5", "", "10MB", "1MiB", "1.5", "9".repeat(30), "true", "false", "yes", "0", "1"),
  fc.constantFrom("gzip", "none", "GZIP", "http/json", "http/protobuf", "grpc", "text-heavy", "multimodal", "memory-constrained", "debug", "Debug"),
  fc.constantFrom("https://api.honeyhive.ai", "http://127.0.0.1:4318/", "ftp://x", "https://u:p@h", "http://h?q=1", "http://[::1]:99999", "https://"),
  fc.integer({ min: -10, max: 200_000_000 }),
  fc.constantFrom(127, 128, 10_000, 10_001, 1023, 1024, 104_857_600, 104_857_601, 65_535, 65_536, 99, 100, 600_000, 600_001, 0.5, 2 ** 53),
);
const fieldValue = fc.oneof({ weight: 3, arbitrary: edgy }, { weight: 2, arbitrary: anyValue }, { weight: 1, arbitrary: nastyString });

/** An options object: known fields (and typos, and prototype names) with edgy or hostile values. */
const optionsArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .array(fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: fc.constantFrom("maxAtributes", "__proto__", "constructor", "api_key", "env") }), fieldValue), { maxLength: 6 })
      .map((entries) => {
        const o: Record<string, unknown> = {};
        for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        return o;
      }),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, 42, "opts", [], () => ({}), Object.create(null), Object.freeze({ maxAttributes: 5 })) },
);

const envArb: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(fc.constantFrom(...ENV_NAMES), fc.oneof({ weight: 4, arbitrary: edgy.map((v) => (typeof v === "number" ? String(v) : v)) }, { weight: 1, arbitrary: anyValue })), { maxLength: 5 })
  .map((entries) => Object.fromEntries(entries));

function expectConfigError(err: unknown): void {
  if (!(err instanceof ConfigError)) throw err; // fast-check reports the foreign error and its input
  expect(typeof err.field).toBe("string");
  expect(err.message).not.toContain(KEY);
}

describe("fuzz: config inputs", () => {
  it(`resolveConfig: ${RESOLVE_CASES} cases resolve or throw ConfigError, nothing else`, () => {
    let ok = 0;
    fc.assert(
      fc.property(optionsArb, envArb, fc.boolean(), (options, env, withKey) => {
        const opts = withKey && options && typeof options === "object" ? { ...options, apiKey: KEY } : options;
        try {
          const config = resolveConfig(opts as HoneyHiveOptions, env);
          expect(Object.isFrozen(config)).toBe(true);
          expect(JSON.stringify(config)).not.toContain(KEY);
          ok++;
        } catch (err) {
          expectConfigError(err);
        }
      }),
      { numRuns: RESOLVE_CASES, seed: SEED + 300 },
    );
    expect(ok).toBeGreaterThan(RESOLVE_CASES / 20); // the generator reaches valid configs too
  });

  it(`HoneyHiveTracer.init: ${INIT_CASES} cases throw only ConfigError; the tracers it makes trace and export`, async () => {
    captureConsole();
    const made: HoneyHiveTracer[] = [];
    let failed = 0;
    fc.assert(
      fc.property(optionsArb, envArb, (options, env) => {
        // the exporter always points at the receiver, so valid tracers can really export
        const opts = options && typeof options === "object" && !Array.isArray(options) ? { ...options, env, apiKey: KEY, serverUrl: ctx.receiver.url } : options;
        try {
          const tracer = HoneyHiveTracer.init(opts as HoneyHiveOptions);
          made.push(tracer);
          tracer.trace("fuzz-config", () => tracer.enrichSpan({ metadata: { n: made.length } }), { eventType: "tool" });
        } catch (err) {
          failed++;
          expectConfigError(err);
        }
      }),
      { numRuns: INIT_CASES, seed: SEED + 400 },
    );
    for (const tracer of made) await tracer.shutdown();
    checkPayloads(ctx.receiver);
    // every span of every tracer that exports got there (a valid config may still drop nothing here)
    expect(ctx.receiver.accepted).toHaveLength(made.length);
    expect(made.length).toBeGreaterThan(INIT_CASES / 20);
    expect(failed).toBeGreaterThan(0);
  }, 60_000);
});
