/**
 * ConfigError: the one error type configuration problems surface as.
 *
 * `field`  the option name (camelCase, e.g. "maxAttributes"), or "options" for the options object itself
 * `value`  the offending value exactly as given (raw env string, option value); "[redacted]" for apiKey
 *          (and for a string passed as the whole options object), and a serverUrl string with any URL
 *          credentials hidden
 * `source` where it came from: "option", "env:HH_MAX_ATTRIBUTES", "env:OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT",
 *          "preset:debug"
 *
 * Message: `Invalid <field> <shown value> (from <source>): <actionable detail>`.
 */

export const REDACTED = "[redacted]";

/**
 * A URL with its credentials hidden: everything between the first "//" (or the start, without one) and the
 * last "@" becomes "[redacted]". Greedy on purpose: a password may contain "/", "?", "#" or "@".
 */
export function hideCredentials(text: string): string {
  return text.replace(/^(.*?\/\/)?.*@/s, `$1${REDACTED}@`);
}

const cut = (text: string): string => (text.length > 120 ? `${text.slice(0, 120)}…` : text);

/**
 * How a value (already made safe: see ConfigError) is rendered inside an error message: short, quoted when
 * a string, URL credentials hidden when `isUrl`.
 */
function showValue(value: unknown, isUrl: boolean): string {
  if (typeof value === "string") return JSON.stringify(cut(value));
  if (typeof value === "function" || typeof value === "symbol") return `(${typeof value})`;
  if (value === null || typeof value !== "object") return Object.is(value, -0) ? "-0" : String(value);
  let shown = "(object)";
  try {
    if (Array.isArray(value)) shown = "(array)";
    const json = JSON.stringify(value);
    if (json !== undefined) shown = cut(isUrl ? hideCredentials(json) : json);
  } catch {
    // cycles, BigInt, throwing getters, revoked proxies
  }
  return shown;
}

export class ConfigError extends Error {
  override name = "ConfigError";
  declare readonly field: string;
  declare readonly value: unknown;
  declare readonly source: string;

  constructor(field: string, value: unknown, source: string, detail: string) {
    // a string given as the whole options object is likely the key itself (init(theApiKeyVariable))
    const secret = field === "apiKey" || (field === "options" && typeof value === "string");
    const isUrl = field === "serverUrl";
    // secrets never, URL credentials hidden
    const safe = secret ? REDACTED : isUrl && typeof value === "string" ? hideCredentials(value) : value;
    super(`Invalid ${field} ${secret ? REDACTED : showValue(safe, isUrl)} (from ${source}): ${detail}`);
    this.field = field;
    this.value = safe;
    this.source = source;
  }
}
