/**
 * The validation rules (superstruct), one struct per field, with the seed's actionable messages in
 * camelCase. Every source (option, HH_* env, OTEL_* env, preset, default) is checked by the same struct.
 * Options are not coerced across types: "1024" (a string) is not a number, 1.5 is not an integer.
 * The only coercions are trimming strings and removing a trailing "/" from serverUrl.
 */
import {
  boolean,
  coerce,
  define,
  enums,
  integer,
  optional,
  record,
  refine,
  string,
  trimmed,
  type,
  unknown,
  validate,
  type Struct,
} from "superstruct";
import { CONFIG_ENV_VARS } from "./fields.js";
import { PRESET_NAMES } from "./presets.js";
import type { Compression, ConfigField, HoneyHiveOptions, OtlpProtocol } from "./types.js";

const KiB = 1024;
const MiB = 1024 * 1024;

/** Inclusive ranges of the numeric fields (for docs, limits and tests). maxExportBatchSize is also <= maxQueueSize. */
export const CONFIG_RANGES = Object.freeze({
  maxAttributes: Object.freeze({ min: 128, max: 10_000 }),
  maxAttributeLength: Object.freeze({ min: 1 * KiB, max: 100 * MiB }),
  maxEvents: Object.freeze({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  maxLinks: Object.freeze({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  maxSpanSize: Object.freeze({ min: 1 * MiB, max: 100 * MiB }),
  maxQueueSize: Object.freeze({ min: 1, max: 1_000_000 }),
  maxExportBatchSize: Object.freeze({ min: 1, max: 1_000_000 }),
  maxRequestSize: Object.freeze({ min: 64 * KiB, max: 100 * MiB }),
  exportTimeoutMillis: Object.freeze({ min: 100, max: 600_000 }),
  exportDeadlineMillis: Object.freeze({ min: 100, max: 600_000 }),
});

export const SESSION_ID_MAX_LENGTH = 256;
export const COMPRESSIONS: readonly Compression[] = Object.freeze(["gzip", "none"]);
export const PROTOCOLS: readonly OtlpProtocol[] = Object.freeze(["http/json", "http/protobuf"]);

type NumericField = keyof typeof CONFIG_RANGES;
const BYTE_FIELDS: ReadonlySet<string> = new Set(["maxAttributeLength", "maxSpanSize", "maxRequestSize"]);

/** `base`'s type check with our own message (superstruct's default names no field). */
function typed<T>(base: Struct<T, unknown>, message: (value: unknown) => string): Struct<T, null> {
  return define<T>(base.type, (value) => base.is(value) || message(value));
}

function notAString(field: ConfigField, expected: string, value: unknown): string {
  if (typeof value !== "string") return `${field} must be ${expected}.`;
  const units = BYTE_FIELDS.has(field)
    ? ` Units such as "10MB" are accepted only from the ${CONFIG_ENV_VARS[field]} environment variable.`
    : "";
  return `${field} must be ${expected}, not a string: pass it without quotes.${units}`;
}

interface RangeMessages {
  expected: string;
  low: string;
  high: string;
}

function boundedInteger(field: NumericField, messages: RangeMessages): Struct<number, null> {
  const { min, max } = CONFIG_RANGES[field];
  return refine(
    typed(integer(), (value) => notAString(field, messages.expected, value)),
    field,
    (value) => {
      if (value < min) return messages.low;
      if (value > max || !Number.isSafeInteger(value)) return messages.high;
      return true;
    },
  );
}

function positiveInteger(field: NumericField): Struct<number, null> {
  const message = `${field} must be a positive integer`;
  return boundedInteger(field, { expected: "a positive integer", low: message, high: message });
}

function typedBoolean(field: ConfigField): Struct<boolean, null> {
  return typed(boolean(), (value) => notAString(field, "true or false", value));
}

function nonEmptyString(field: ConfigField, extra?: (value: string) => true | string): Struct<string, null> {
  return trimmed(
    refine(
      typed(string(), () => `${field} must be a string.`),
      field,
      (value) => (value === "" ? `${field} must be a non-empty string.` : extra ? extra(value) : true),
    ),
  );
}

function oneOf<T extends string>(field: ConfigField, values: readonly T[]): Struct<T, null> {
  const list = values.map((v) => `"${v}"`).join(" or ");
  return typed(enums(values as T[]) as unknown as Struct<T, unknown>, () => `${field} must be ${list}.`);
}

/** A printable-ASCII token: what an HTTP Authorization header can carry. The value is never echoed. */
function checkApiKey(value: string): true | string {
  if (/^(["']).*\1$/s.test(value)) {
    return "apiKey is wrapped in quotes; remove them (env files do not strip quotes).";
  }
  if (!/^[\x21-\x7e]+$/.test(value)) {
    return "apiKey must be printable ASCII without spaces or line breaks (check for a stray newline from a secret file).";
  }
  return true;
}

/** An http(s) base URL. Pure (no URL global): the exporter appends /opentelemetry/v1/traces to it. */
export function checkServerUrl(value: string): true | string {
  const example = "e.g. https://api.honeyhive.ai or http://127.0.0.1:4318";
  const match = /^https?:\/\/([^/?#]*)(.*)$/is.exec(value);
  if (!match) return `serverUrl must be an http:// or https:// URL, ${example}.`;
  if (/\s/.test(value)) return "serverUrl must not contain whitespace.";
  const [, authority, rest] = match;
  if (authority.includes("@")) {
    return "serverUrl must not contain credentials (user:password@); pass apiKey instead.";
  }
  if (rest.includes("?") || rest.includes("#")) {
    return "serverUrl must be a base URL without query (?) or fragment (#); /opentelemetry/v1/traces is appended to it.";
  }
  const host = /^(?:\[[0-9A-Fa-f:.]+\]|[^:/?#@[\]]+)(?::([0-9]{1,5}))?$/.exec(authority);
  if (!host) return `serverUrl must include a valid host, ${example}.`;
  if (host[1] !== undefined && (Number(host[1]) < 1 || Number(host[1]) > 65535)) {
    return "serverUrl has an invalid port; use 1-65535.";
  }
  return true;
}

const serverUrlStruct: Struct<string, null> = coerce(
  refine(typed(string(), () => "serverUrl must be a string."), "serverUrl", (value) =>
    value === "" ? `serverUrl must be a non-empty string.` : checkServerUrl(value),
  ),
  string(),
  (value) => {
    const trimmedValue = value.trim();
    // strip trailing "/" only when a host precedes it ("https://" stays as is and fails as "no host")
    return /^https?:\/\/[^/]/i.test(trimmedValue) ? trimmedValue.replace(/\/+$/, "") : trimmedValue;
  },
);

const presetStruct = typed(
  enums(PRESET_NAMES as PresetNameList) as unknown as Struct<(typeof PRESET_NAMES)[number], unknown>,
  () => `Unknown preset. Valid presets: ${PRESET_NAMES.map((n) => `"${n}"`).join(", ")}.`,
);
type PresetNameList = (typeof PRESET_NAMES)[number][];

/** One struct per field. */
export const FIELD_STRUCTS = {
  apiKey: nonEmptyString("apiKey", checkApiKey),
  project: nonEmptyString("project"),
  source: nonEmptyString("source"),
  sessionId: nonEmptyString("sessionId", (value) =>
    value.length > SESSION_ID_MAX_LENGTH
      ? `sessionId must be at most ${SESSION_ID_MAX_LENGTH} characters (omit it and the tracer generates a UUID).`
      : true,
  ),
  sessionName: nonEmptyString("sessionName"),
  serverUrl: serverUrlStruct,
  maxAttributes: boundedInteger("maxAttributes", {
    expected: "an integer from 128 to 10000",
    low: "maxAttributes must be >= 128 (OpenTelemetry default). Lowering below 128 is not recommended.",
    high: "maxAttributes must be <= 10000 (sanity check for memory safety). Contact HoneyHive support if you need higher limits.",
  }),
  maxAttributeLength: boundedInteger("maxAttributeLength", {
    expected: "an integer number of bytes from 1024 (1KB) to 104857600 (100MB)",
    low: "maxAttributeLength must be >= 1KB (1024 bytes). Smaller values may truncate important data.",
    high: "maxAttributeLength must be <= 100MB (104857600 bytes). Larger values may cause memory issues.",
  }),
  maxEvents: positiveInteger("maxEvents"),
  maxLinks: positiveInteger("maxLinks"),
  maxSpanSize: boundedInteger("maxSpanSize", {
    expected: "an integer number of bytes from 1048576 (1MB) to 104857600 (100MB)",
    low: "maxSpanSize must be >= 1MB (1048576 bytes). Smaller budgets would truncate ordinary spans.",
    high: "maxSpanSize must be <= 100MB (104857600 bytes). Larger values may cause memory issues.",
  }),
  preserveCoreAttributes: typedBoolean("preserveCoreAttributes"),
  preset: presetStruct,
  verbose: typedBoolean("verbose"),
  maxQueueSize: boundedInteger("maxQueueSize", {
    expected: "an integer from 1 to 1000000",
    low: "maxQueueSize must be >= 1.",
    high: "maxQueueSize must be <= 1000000 (sanity check for memory safety).",
  }),
  maxExportBatchSize: boundedInteger("maxExportBatchSize", {
    expected: "an integer from 1 to maxQueueSize",
    low: "maxExportBatchSize must be >= 1.",
    high: "maxExportBatchSize must be <= maxQueueSize (at most 1000000).",
  }),
  maxRequestSize: boundedInteger("maxRequestSize", {
    expected: "an integer number of bytes from 65536 (64KB) to 104857600 (100MB)",
    low: "maxRequestSize must be >= 64KB (65536 bytes), the smallest request budget (a browser keepalive fetch).",
    high: "maxRequestSize must be <= 100MB (104857600 bytes). Larger requests may be refused or cause memory issues.",
  }),
  exportTimeoutMillis: boundedInteger("exportTimeoutMillis", {
    expected: "an integer number of milliseconds from 100 to 600000",
    low: "exportTimeoutMillis must be >= 100 ms. Shorter timeouts fail ordinary requests.",
    high: "exportTimeoutMillis must be <= 600000 ms (10 minutes).",
  }),
  exportDeadlineMillis: boundedInteger("exportDeadlineMillis", {
    expected: "an integer number of milliseconds from 100 to 600000",
    low: "exportDeadlineMillis must be >= 100 ms. Shorter deadlines leave no time for a request.",
    high: "exportDeadlineMillis must be <= 600000 ms (10 minutes).",
  }),
  compression: oneOf("compression", COMPRESSIONS),
  protocol: oneOf("protocol", PROTOCOLS),
} satisfies Record<ConfigField, Struct<any, any>>;

/** The whole options object (unknown keys allowed: resolveConfig reports them as warnings). */
export const HoneyHiveOptionsSchema: Struct<HoneyHiveOptions, unknown> = type({
  ...(Object.fromEntries(
    Object.entries(FIELD_STRUCTS).map(([field, struct]) => [field, optional(struct as Struct<any, any>)]),
  ) as Record<ConfigField, Struct<any, any>>),
  env: optional(record(string(), unknown())),
}) as unknown as Struct<HoneyHiveOptions, unknown>;

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** Validate (and normalize: trim, strip trailing "/") one field's value. */
export function checkField<F extends ConfigField>(
  field: F,
  value: unknown,
): FieldCheck<(typeof FIELD_STRUCTS)[F]["TYPE"]> {
  const [error, result] = validate(value, FIELD_STRUCTS[field] as Struct<unknown, unknown>, { coerce: true });
  if (error) return { ok: false, message: error.message };
  return { ok: true, value: result as (typeof FIELD_STRUCTS)[F]["TYPE"] };
}
