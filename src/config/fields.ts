/**
 * The single table of configuration: for every field, the env variable that sets it (named after the field,
 * with three exceptions), its kind (how an env string is parsed, and which schema rule checks it), its default,
 * and for numbers the inclusive range with the seed's messages. The schema (schema.ts), env parsing and typo
 * detection are derived from here; a test holds the README's config table to it.
 */
import type { Compression, ConfigField, OtlpProtocol } from "./types.js";

/** field -> the HoneyHive env variable that sets it: HH_ + the field in SNAKE_CASE (Millis as _MS), except these. */
const ENV_NAME_EXCEPTIONS: Partial<Record<ConfigField, string>> = {
  serverUrl: "HH_API_URL",
  compression: "HH_OTLP_COMPRESSION",
  protocol: "HH_OTLP_PROTOCOL",
};

/** field -> the standard OpenTelemetry env variable consulted after HH_* (plain integers, no units). */
export const OTEL_ENV_VARS = Object.freeze({
  maxAttributes: "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT",
  maxAttributeLength: "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT",
  maxEvents: "OTEL_SPAN_EVENT_COUNT_LIMIT",
  maxLinks: "OTEL_SPAN_LINK_COUNT_LIMIT",
} as const satisfies Partial<Record<ConfigField, string>>);

/**
 * A field's kind: how its env string is parsed, and which schema rule checks every value. Options are never
 * parsed: they must already have the right JavaScript type (number, boolean, string).
 *   string  - non-empty after trimming; numbers (Workers JSON vars) become strings in env
 *   integer - in env, strict base-10 digits
 *   bytes   - an integer; in env, strict base-10 digits with an optional 1024-based unit ("10MB", "1 MiB")
 *   boolean - in env, true/false/1/0/yes/no/on/off
 *   enum    - one of a few words; in env trimmed and lower-cased first
 *   preset  - like enum, checked against PRESETS
 *   patterns - attribute-key patterns (an exact key, or a prefix ending in "*"); in env, comma-separated
 */
export type EnvKind = "string" | "integer" | "bytes" | "boolean" | "enum" | "preset" | "patterns";

/**
 * One row per field. Numbers: [kind, default, min, max, lowTail, highTail, maxShown], from which schema.ts
 * writes the seed's messages, e.g. for maxAttributeLength:
 *   "maxAttributeLength must be an integer number of bytes from 1024 (1KB) to 104857600 (100MB)"
 *   "maxAttributeLength must be >= 1KB (1024 bytes)" + lowTail
 *   "maxAttributeLength must be <= 100MB (104857600 bytes)" + highTail
 * (milliseconds for the *Millis fields: "exportTimeoutMillis must be >= 100 ms" + lowTail). `maxShown`
 * replaces the maximum in the messages (maxExportBatchSize: "<= maxQueueSize"). Without tails, every
 * message is "<field> must be a positive integer". No default = optional (unset).
 * test/unit/config.schema.test.ts pins every resulting message word for word.
 */
export type FieldSpec =
  | readonly [kind: "string" | "preset", defaultValue?: string]
  | readonly [kind: "patterns"]
  | readonly [kind: "boolean", defaultValue: boolean]
  | readonly [kind: "enum", defaultValue: string, values: readonly string[]]
  | readonly [
      kind: "integer" | "bytes",
      defaultValue: number,
      min: number,
      max: number,
      lowTail?: string,
      highTail?: string,
      maxShown?: string,
    ];

export const MiB = 1024 * 1024;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export const COMPRESSIONS: readonly Compression[] = Object.freeze(["gzip", "none"]);
export const PROTOCOLS: readonly OtlpProtocol[] = Object.freeze(["http/json", "http/protobuf"]);
export const SESSION_ID_MAX_LENGTH = 256;

const MEMORY = ". Larger values may cause memory issues.";
const SANITY = " (sanity check for memory safety)";

/** Every field's rules, in ResolvedConfig order. maxExportBatchSize is also <= maxQueueSize, which resolve.ts reads first. */
export const FIELD_SPECS: { readonly [F in ConfigField]: FieldSpec } = {
  apiKey: ["string"],
  project: ["string", "default"],
  source: ["string", "dev"],
  sessionId: ["string"],
  sessionName: ["string"],
  serverUrl: ["string", "https://api.honeyhive.ai"],
  maxAttributes: [
    "integer",
    1024,
    128,
    10_000,
    " (OpenTelemetry default). Lowering below 128 is not recommended.",
    `${SANITY}. Contact HoneyHive support if you need higher limits.`,
  ],
  maxAttributeLength: ["bytes", 10 * MiB, 1024, 100 * MiB, ". Smaller values may truncate important data.", MEMORY],
  maxEvents: ["integer", 128, 1, MAX_SAFE],
  maxLinks: ["integer", 128, 1, MAX_SAFE],
  maxSpanSize: ["bytes", 10 * MiB, MiB, 100 * MiB, ". Smaller budgets would truncate ordinary spans.", MEMORY],
  preserveCoreAttributes: ["boolean", true],
  preserveAttributes: ["patterns"],
  preset: ["preset"],
  verbose: ["boolean", false],
  maxQueueSize: ["integer", 2048, 1, 1_000_000, ".", `${SANITY}.`],
  maxExportBatchSize: ["integer", 512, 1, 1_000_000, ".", " (at most 1000000).", "maxQueueSize"],
  maxRequestSize: [
    "bytes",
    4 * MiB,
    64 * 1024,
    100 * MiB,
    ", the smallest request budget (a browser keepalive fetch).",
    ". Larger requests may be refused or cause memory issues.",
  ],
  exportTimeoutMillis: ["integer", 10_000, 100, 600_000, ". Shorter timeouts fail ordinary requests.", " (10 minutes)."],
  exportDeadlineMillis: [
    "integer",
    30_000,
    100,
    600_000,
    ". Shorter deadlines leave no time for a request.",
    " (10 minutes).",
  ],
  shutdownTimeoutMillis: [
    "integer",
    5_000,
    100,
    600_000,
    ". Shorter timeouts fail ordinary requests.",
    " (10 minutes).",
  ],
  compression: ["enum", "gzip", COMPRESSIONS],
  protocol: ["enum", "http/json", PROTOCOLS],
};

/** Every field, in ResolvedConfig order. */
export const CONFIG_FIELDS = Object.freeze(Object.keys(FIELD_SPECS) as ConfigField[]);

/** field -> the HoneyHive env variable that sets it, e.g. maxAttributeLength -> HH_MAX_ATTRIBUTE_LENGTH. */
export const CONFIG_ENV_VARS = Object.freeze(
  Object.fromEntries(CONFIG_FIELDS.map((f) => [f, ENV_NAME_EXCEPTIONS[f] ?? `HH_${f.replace("Millis", "Ms").replace(/[A-Z]/g, "_$&").toUpperCase()}`])),
) as Readonly<Record<ConfigField, string>>;

/** A frozen field -> value record of the rows where `pick` gives a value. */
function derive<T>(pick: (spec: FieldSpec) => T | undefined): Readonly<Partial<Record<ConfigField, T>>> {
  return Object.freeze(
    Object.fromEntries(CONFIG_FIELDS.map((f) => [f, pick(FIELD_SPECS[f])]).filter(([, v]) => v !== undefined)),
  );
}

export const CONFIG_ENV_KINDS = /* @__PURE__ */ derive((spec) => spec[0]) as Readonly<Record<ConfigField, EnvKind>>;

/**
 * Defaults of the fields that always have a value (apiKey, sessionId, sessionName and preset have none).
 * maxSpanSize's default is raised to maxAttributeLength, and maxExportBatchSize's lowered to maxQueueSize,
 * when those are larger/smaller; see resolve.ts.
 */
export const CONFIG_DEFAULTS = /* @__PURE__ */ derive((spec) => spec[1]);

/** Inclusive ranges of the numeric fields (for docs, limits and tests). */
export const CONFIG_RANGES = /* @__PURE__ */ derive((spec) =>
  spec[0] === "integer" || spec[0] === "bytes" ? Object.freeze({ min: spec[2], max: spec[3] }) : undefined,
);
