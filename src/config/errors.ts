/**
 * ConfigError: the one error type configuration problems surface as.
 *
 * `field`  the option name (camelCase, e.g. "maxAttributes"), or "options" for the options object itself
 * `value`  the offending value exactly as given (raw env string, option value); "[redacted]" for apiKey
 * `source` where it came from: "option", "env:HH_MAX_ATTRIBUTES", "env:OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT",
 *          "preset:debug"
 *
 * Message: `Invalid <field> <shown value> (from <source>): <actionable detail>`.
 */

/** Fields whose values never appear in an error (message or `value`). */
const SECRET_FIELDS: ReadonlySet<string> = new Set(["apiKey"]);

export const REDACTED = "[redacted]";

const MAX_SHOWN_CHARS = 120;

/** How a value is rendered inside an error message: short, quoted when a string, secrets hidden. */
export function showValue(field: string, value: unknown): string {
  if (SECRET_FIELDS.has(field)) return REDACTED;
  let shown: string;
  if (typeof value === "string") {
    // never echo URL credentials (https://user:pass@host) even though such URLs are rejected
    const safe = field === "serverUrl" ? value.replace(/\/\/[^/?#\s]*@/, "//[redacted]@") : value;
    shown = JSON.stringify(safe.length > MAX_SHOWN_CHARS ? `${safe.slice(0, MAX_SHOWN_CHARS)}…` : safe);
  } else if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    shown = Object.is(value, -0) ? "-0" : String(value);
  } else if (value === undefined || value === null) {
    shown = String(value);
  } else if (typeof value === "function" || typeof value === "symbol") {
    shown = `(${typeof value})`;
  } else {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = undefined;
    }
    shown = json === undefined ? `(${Array.isArray(value) ? "array" : "object"})` : json;
    if (shown.length > MAX_SHOWN_CHARS) shown = `${shown.slice(0, MAX_SHOWN_CHARS)}…`;
  }
  return shown;
}

export class ConfigError extends Error {
  override name = "ConfigError";
  readonly field: string;
  readonly value: unknown;
  readonly source: string;

  constructor(field: string, value: unknown, source: string, detail: string) {
    super(`Invalid ${field} ${showValue(field, value)} (from ${source}): ${detail}`);
    this.field = field;
    this.value = SECRET_FIELDS.has(field) ? REDACTED : value;
    this.source = source;
  }
}
