/**
 * The single source of configuration names: which env variable feeds which field, what kind of value it
 * holds, and the defaults. The README's config table and env typo detection are derived from here.
 */
import type { ConfigField } from "./types.js";

/** field -> the HoneyHive env variable that sets it. */
export const CONFIG_ENV_VARS = Object.freeze({
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
  preset: "HH_PRESET",
  verbose: "HH_VERBOSE",
  maxQueueSize: "HH_MAX_QUEUE_SIZE",
  maxExportBatchSize: "HH_MAX_EXPORT_BATCH_SIZE",
  maxRequestSize: "HH_MAX_REQUEST_SIZE",
  exportTimeoutMillis: "HH_EXPORT_TIMEOUT_MS",
  exportDeadlineMillis: "HH_EXPORT_DEADLINE_MS",
  compression: "HH_OTLP_COMPRESSION",
  protocol: "HH_OTLP_PROTOCOL",
} as const satisfies Record<ConfigField, string>);

/** field -> the standard OpenTelemetry env variable consulted after HH_* (plain integers, no units). */
export const OTEL_ENV_VARS = Object.freeze({
  maxAttributes: "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT",
  maxAttributeLength: "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT",
  maxEvents: "OTEL_SPAN_EVENT_COUNT_LIMIT",
  maxLinks: "OTEL_SPAN_LINK_COUNT_LIMIT",
} as const satisfies Partial<Record<ConfigField, string>>);

/**
 * How an env string is parsed for a field. Options are never parsed: they must already have the right
 * JavaScript type (number, boolean, string).
 *   string  - numbers (Workers JSON vars) become strings; surrounding whitespace trimmed by the schema
 *   integer - strict base-10 digits
 *   bytes   - strict base-10 digits with an optional 1024-based unit ("10MB", "1 MiB", "512kb")
 *   boolean - true/false/1/0/yes/no/on/off
 *   enum    - trimmed, lower-cased, then checked by the schema
 *   preset  - like enum, checked against PRESETS
 */
export type EnvKind = "string" | "integer" | "bytes" | "boolean" | "enum" | "preset";

export const CONFIG_ENV_KINDS = Object.freeze({
  apiKey: "string",
  project: "string",
  source: "string",
  sessionId: "string",
  sessionName: "string",
  serverUrl: "string",
  maxAttributes: "integer",
  maxAttributeLength: "bytes",
  maxEvents: "integer",
  maxLinks: "integer",
  maxSpanSize: "bytes",
  preserveCoreAttributes: "boolean",
  preset: "preset",
  verbose: "boolean",
  maxQueueSize: "integer",
  maxExportBatchSize: "integer",
  maxRequestSize: "bytes",
  exportTimeoutMillis: "integer",
  exportDeadlineMillis: "integer",
  compression: "enum",
  protocol: "enum",
} as const satisfies Record<ConfigField, EnvKind>);

/** Every field, in ResolvedConfig order. */
export const CONFIG_FIELDS = Object.freeze(Object.keys(CONFIG_ENV_VARS) as ConfigField[]);

/**
 * Defaults for fields that always have a value. (apiKey, sessionId, sessionName, preset have none.
 * maxSpanSize's default is raised to maxAttributeLength, and maxExportBatchSize's lowered to maxQueueSize,
 * when those are larger/smaller; see resolve.ts.)
 */
export const CONFIG_DEFAULTS = Object.freeze({
  project: "default",
  source: "dev",
  serverUrl: "https://api.honeyhive.ai",
  maxAttributes: 1024,
  maxAttributeLength: 10 * 1024 * 1024,
  maxEvents: 128,
  maxLinks: 128,
  maxSpanSize: 10 * 1024 * 1024,
  preserveCoreAttributes: true,
  verbose: false,
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  maxRequestSize: 4 * 1024 * 1024,
  exportTimeoutMillis: 10_000,
  exportDeadlineMillis: 30_000,
  compression: "gzip",
  protocol: "http/json",
} as const);

/** The options key that is not a config field but is still known (so not reported as a typo). */
export const EXTRA_OPTION_KEYS: readonly string[] = Object.freeze(["env"]);
