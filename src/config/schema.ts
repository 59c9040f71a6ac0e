/**
 * The schema (superstruct): one struct per field, built from the FIELD_SPECS table, with the seed's
 * actionable messages in camelCase. Every source (option, HH_* env, OTEL_* env, preset, default) is checked
 * by the same struct. Options are not coerced across types: "1024" (a string) is not a number, 1.5 is not
 * an integer. The only coercions are trimming strings and removing a trailing "/" from serverUrl.
 * The rules look at a value only through `typeof`, so any input (a null-prototype object, a function)
 * gets a message, never a TypeError.
 */
import { Struct, optional, record, string, type, unknown, validate } from "superstruct";
import { CONFIG_ENV_VARS, CONFIG_FIELDS, FIELD_SPECS, MiB, SESSION_ID_MAX_LENGTH, type EnvKind } from "./fields.js";
import { PRESET_NAMES } from "./presets.js";
import type { ConfigField, HoneyHiveOptions, PresetName, ResolvedConfig } from "./types.js";

/** An http(s) base URL. Pure (no URL global): the exporter appends /opentelemetry/v1/traces to it. */
export function checkServerUrl(value: string): true | string {
  const example = "e.g. https://api.honeyhive.ai or http://127.0.0.1:4318";
  const match = /^https?:\/\/([^/?#]*)(.*)$/is.exec(value);
  if (!match) return `serverUrl must be an http:// or https:// URL, ${example}.`;
  if (/\s/.test(value)) return "serverUrl must not contain whitespace.";
  const [, authority, rest] = match;
  if (authority.includes("@")) return "serverUrl must not contain credentials (user:password@); pass apiKey instead.";
  if (/[?#]/.test(rest)) {
    return "serverUrl must be a base URL without query (?) or fragment (#); /opentelemetry/v1/traces is appended to it.";
  }
  const host = /^(?:\[[\da-f:.]+\]|[^:/?#@[\]]+)(?::(\d{1,5}))?$/i.exec(authority);
  if (!host) return `serverUrl must include a valid host, ${example}.`;
  const port = Number(host[1] ?? 1);
  return (port > 0 && port < 65536) || "serverUrl has an invalid port; use 1-65535.";
}

/** The rule for one field: true, or the message saying what is wrong. */
function rule(field: ConfigField): (value: unknown) => true | string {
  // the row as a plain tuple: which positions mean what depends on the kind (see FieldSpec)
  const [kind, , min, max, lowTail, highTail, maxShown] = FIELD_SPECS[field] as readonly [EnvKind, unknown, number, number, string?, string?, string?];
  const must = `${field} must be `;
  if (kind === "integer" || kind === "bytes") {
    const bytes = kind === "bytes";
    let expected = "a positive integer";
    let low = must + expected;
    let high = low;
    if (lowTail !== undefined) {
      // 1048576 -> "1MB", 65536 -> "64KB" (1024-based, as in the seed); milliseconds say "ms"
      const [minSize, maxSize] = [min, max].map((n) => (n < MiB ? `${n / 1024}KB` : `${n / MiB}MB`));
      const ms = field.endsWith("Millis") ? " ms" : "";
      expected = bytes
        ? `an integer number of bytes from ${min} (${minSize}) to ${max} (${maxSize})`
        : `an integer${ms && " number of milliseconds"} from ${min} to ${maxShown ?? max}`;
      low = `${must}>= ${bytes ? `${minSize} (${min} bytes)` : min + ms}${lowTail}`;
      high = `${must}<= ${maxShown ?? (bytes ? `${maxSize} (${max} bytes)` : max + ms)}${highTail}`;
    }
    // max <= Number.MAX_SAFE_INTEGER, so every accepted value is a safe integer
    return (value) =>
      !Number.isInteger(value)
        ? must +
          expected +
          // a string is usually a quoted number
          (typeof value !== "string"
            ? "."
            : `, not a string: pass it without quotes.${
                bytes ? ` Units such as "10MB" are accepted only from the ${CONFIG_ENV_VARS[field]} environment variable.` : ""
              }`)
        : (value as number) < min
          ? low
          : (value as number) > max
            ? high
            : true;
  }
  if (kind === "boolean") {
    return (value) =>
      typeof value === "boolean" || `${must}true or false${typeof value === "string" ? ", not a string: pass it without quotes." : "."}`;
  }
  if (kind === "preset") {
    return (value) =>
      PRESET_NAMES.includes(value as PresetName) ||
      `${typeof value === "string" ? "Unknown preset" : `${must}a string naming a preset`}. Valid presets: "${PRESET_NAMES.join('", "')}".`;
  }
  if (kind === "patterns") {
    return (value) =>
      !Array.isArray(value)
        ? `${must}an array of attribute keys or prefixes ending in "*", e.g. ["myapp.answer", "myapp.score.*"].`
        : value.every((p) => typeof p === "string" && /^[^*\s]*\*?$/.test(p) && p !== "") ||
          `${field} entries must be non-empty attribute keys, or prefixes ending in "*", without spaces.`;
  }
  if (kind === "enum") {
    const values: readonly unknown[] = FIELD_SPECS[field][2] as readonly string[];
    return (value) => values.includes(value) || `${must}"${values.join('" or "')}".`;
  }
  return (value) =>
    typeof value !== "string"
      ? `${must}a string.`
      : value === ""
        ? `${must}a non-empty string.`
        : field === "apiKey"
          ? // a printable-ASCII token: what an HTTP Authorization header can carry (the value is never echoed)
            /^(["']).*\1$/s.test(value)
            ? "apiKey is wrapped in quotes; remove them (env files do not strip quotes)."
            : /^[\x21-\x7e]+$/.test(value) ||
              "apiKey must be printable ASCII without spaces or line breaks (check for a stray newline from a secret file)."
          : field === "serverUrl"
            ? checkServerUrl(value)
            : // source goes out as the X-Source header: fetch refuses a value beyond Latin-1 or with CR/LF/NUL, so it
              // would fail every export instead of init. project travels percent-encoded (baggage): no control characters.
              field === "source"
              ? /^[\x20-\x7e]+$/.test(value) || "source must be printable ASCII, without line breaks: it is sent as the X-Source header."
              : field === "project"
                ? !/[\x00-\x1f\x7f]/.test(value) || "project must not contain control characters (line breaks, NUL, …)."
                : field !== "sessionId" ||
                  value.length <= SESSION_ID_MAX_LENGTH ||
                  `sessionId must be at most ${SESSION_ID_MAX_LENGTH} characters (omit it and the tracer generates a UUID).`;
}

type FieldStructs = { readonly [F in ConfigField]: Struct<NonNullable<ResolvedConfig[F]>, null> };

/** One struct per field. */
export const FIELD_STRUCTS = Object.fromEntries(
  CONFIG_FIELDS.map((field) => {
    const kind = FIELD_SPECS[field][0];
    const coercer =
      kind === "string"
        ? // trimmed; serverUrl loses a trailing "/" when a host precedes it ("https://" stays and fails as "no host")
          (value: unknown) =>
            typeof value !== "string"
              ? value
              : field === "serverUrl" && /^https?:\/\/[^/]/i.test(value.trim())
                ? value.trim().replace(/\/+$/, "")
                : value.trim()
        : kind === "patterns"
          ? // a frozen copy of the patterns: the app's array may change later
            (value: unknown) => (Array.isArray(value) ? Object.freeze(value.map((p) => (typeof p === "string" ? p.trim() : p))) : value)
          : undefined;
    return [field, new Struct({ type: field, schema: null, validator: rule(field), coercer })];
  }),
) as unknown as FieldStructs;

/** The whole options object (unknown keys allowed: resolveConfig reports them as warnings). */
export const HoneyHiveOptionsSchema: Struct<HoneyHiveOptions, unknown> = /* @__PURE__ */ (() =>
  type({
    ...Object.fromEntries(CONFIG_FIELDS.map((field) => [field, optional(FIELD_STRUCTS[field] as Struct<unknown, null>)])),
    env: optional(record(string(), unknown())),
  }) as unknown as Struct<HoneyHiveOptions, unknown>)();

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** Validate (and normalize: trim, strip trailing "/") one field's value. */
export function checkField<F extends ConfigField>(field: F, value: unknown): FieldCheck<NonNullable<ResolvedConfig[F]>> {
  const [error, result] = validate(value, FIELD_STRUCTS[field] as Struct<NonNullable<ResolvedConfig[F]>, null>, {
    coerce: true,
  });
  return error ? { ok: false, message: error.message } : { ok: true, value: result };
}
