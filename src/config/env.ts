/**
 * Strict env parsing. Env values arrive as a plain record: strings (process.env, Deno.env), but on
 * Cloudflare Workers `vars` may also be JSON numbers or booleans, and bindings (KV namespaces, secrets
 * stores, service bindings) are objects. Objects and other non-primitive values are ignored: unset.
 *
 * Parsers throw ConfigError naming the variable (`source` "env:<NAME>", and in the message).
 */
import { ConfigError } from "./errors.js";
import { CONFIG_ENV_VARS, OTEL_ENV_VARS } from "./fields.js";

export type EnvValue = string | number | boolean;

/** The usable value of one env variable, or undefined when absent or not a string/number/boolean. */
export function readEnv(env: Record<string, unknown>, name: string): EnvValue | undefined {
  const value = env[name];
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : undefined;
}

const DIGITS = /^[0-9]+$/;

function envError(raw: unknown, varName: string, field: string, detail: string): ConfigError {
  return new ConfigError(field, raw, `env:${varName}`, detail);
}

function integerFromDigits(digits: string, raw: unknown, varName: string, field: string, what: string): number {
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) {
    throw envError(raw, varName, field, `${varName} is too large to be ${what}.`);
  }
  return n;
}

function integerFromNumber(raw: number, varName: string, field: string): number {
  if (!Number.isSafeInteger(raw)) {
    throw envError(raw, varName, field, `${varName} must be a whole number (a safe integer).`);
  }
  return raw;
}

/**
 * A base-10 integer. Surrounding whitespace is allowed; anything else is not: no sign ("+5", "-5"), no
 * decimal point ("1.5"), no exponent ("1e3"), no hex ("0x10"), no trailing text ("12abc"), not empty.
 * Leading zeros are fine ("010" is 10). A JSON number (Workers vars) must be a safe integer.
 * Negative numbers that arrive as JSON numbers pass here and fail the field's range check.
 */
export function parseEnvInteger(raw: EnvValue, varName: string, field: string): number {
  if (typeof raw === "number") return integerFromNumber(raw, varName, field);
  if (typeof raw !== "string") {
    throw envError(raw, varName, field, `${varName} must be a base-10 integer such as 1024, not a boolean.`);
  }
  const text = raw.trim();
  if (text === "") {
    throw envError(raw, varName, field, `${varName} is set but empty. Unset it to use the default, or set a base-10 integer such as 1024.`);
  }
  if (!DIGITS.test(text)) {
    throw envError(
      raw,
      varName,
      field,
      `${varName} must be a base-10 integer such as 1024: digits only, without sign, decimal point, exponent, hex prefix or trailing text.`,
    );
  }
  return integerFromDigits(text, raw, varName, field, "an integer");
}

/** 1024-based units for byte sizes; keys are lower-case. */
export const BYTE_UNITS: Readonly<Record<string, number>> = Object.freeze({
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
});

const BYTE_SIZE = /^([0-9]+)\s*([A-Za-z]+)?$/;

/**
 * A byte size: a base-10 integer with an optional unit B, KB, KiB, MB, MiB, GB, GiB (case-insensitive,
 * optional space; all 1024-based, so "10MB" = 10485760 = "10MiB"). Fractions ("1.5MB") are rejected.
 */
export function parseByteSize(raw: EnvValue, varName: string, field: string): number {
  if (typeof raw === "number") return integerFromNumber(raw, varName, field);
  const units = "B, KB, KiB, MB, MiB, GB, GiB (all 1024-based)";
  if (typeof raw !== "string") {
    throw envError(raw, varName, field, `${varName} must be a number of bytes such as 10485760 or "10MB", not a boolean.`);
  }
  const text = raw.trim();
  if (text === "") {
    throw envError(raw, varName, field, `${varName} is set but empty. Unset it to use the default, or set a size such as 10485760 or "10MB".`);
  }
  const match = BYTE_SIZE.exec(text);
  if (!match) {
    throw envError(
      raw,
      varName,
      field,
      `${varName} must be a whole number of bytes with an optional unit ${units}, e.g. 10485760 or "10MB".`,
    );
  }
  const unit = match[2] === undefined ? 1 : BYTE_UNITS[match[2].toLowerCase()];
  if (unit === undefined) {
    throw envError(raw, varName, field, `${varName} has an unknown unit "${match[2]}"; use one of ${units}.`);
  }
  const count = integerFromDigits(match[1], raw, varName, field, "a byte size");
  const bytes = count * unit;
  if (!Number.isSafeInteger(bytes)) {
    throw envError(raw, varName, field, `${varName} is too large to be a byte size.`);
  }
  return bytes;
}

const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

/** true/false/1/0/yes/no/on/off, case-insensitive, surrounding whitespace allowed; JSON true/false/1/0 too. */
export function parseEnvBoolean(raw: EnvValue, varName: string, field: string): boolean {
  if (typeof raw === "boolean") return raw;
  const text = String(raw).trim().toLowerCase();
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  throw envError(raw, varName, field, `${varName} must be one of true/false, 1/0, yes/no, on/off.`);
}

/** A string value; JSON numbers become their decimal text. Trimming and emptiness are the schema's job. */
export function parseEnvString(raw: EnvValue, varName: string, field: string): string {
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
  throw envError(raw, varName, field, `${varName} must be a string.`);
}

/** An enumerated word: trimmed and lower-cased (the schema then checks it is one of the allowed values). */
export function parseEnvWord(raw: EnvValue, varName: string, field: string): string {
  if (typeof raw !== "string") throw envError(raw, varName, field, `${varName} must be a string.`);
  return raw.trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------------------
// Typo detection

/** Names people reach for that are not a spelling variant of the right one. */
const KNOWN_CONFUSIONS: Readonly<Record<string, string>> = Object.freeze({
  HH_SERVER_URL: "HH_API_URL",
  HH_BASE_URL: "HH_API_URL",
});

/** Every variable honeyhive-edge reads. */
export const KNOWN_ENV_VARS: readonly string[] = Object.freeze([
  ...Object.values(CONFIG_ENV_VARS),
  ...Object.values(OTEL_ENV_VARS),
]);

/**
 * A name's spelling-insensitive key: upper-case, "-" as "_", HONEYHIVE_ prefix as HH_, and a plural "S"
 * dropped from every "_"-separated word (so HH_MAX_ATTRIBUTE and HH_MAX_ATTRIBUTES share a key).
 */
function typoKey(name: string): string {
  let key = name.toUpperCase().replace(/-/g, "_");
  if (key.startsWith("HONEYHIVE_")) key = `HH_${key.slice("HONEYHIVE_".length)}`;
  key = KNOWN_CONFUSIONS[key] ?? key;
  return key
    .split("_")
    .map((word) => (word.length > 2 && word.endsWith("S") ? word.slice(0, -1) : word))
    .join("_");
}

/**
 * For every known variable that is NOT set, the set variables that look like it (HONEYHIVE_ prefix
 * instead of HH_, different case, singular/plural, "-" for "_", HH_SERVER_URL for HH_API_URL): one
 * warning per right name. No warning when the right name is set. Warnings never contain values.
 */
export function findEnvTypos(env: Record<string, unknown>): string[] {
  const setNames = Object.keys(env).filter((name) => readEnv(env, name) !== undefined);
  const known = new Set(KNOWN_ENV_VARS);
  const byKey = new Map<string, string[]>();
  for (const name of setNames) {
    if (known.has(name)) continue;
    const key = typoKey(name);
    const list = byKey.get(key);
    if (list) list.push(name);
    else byKey.set(key, [name]);
  }
  const warnings: string[] = [];
  for (const right of KNOWN_ENV_VARS) {
    if (readEnv(env, right) !== undefined) continue;
    const wrong = byKey.get(typoKey(right));
    if (!wrong) continue;
    warnings.push(
      wrong.length === 1
        ? `${wrong[0]} is set but honeyhive-edge reads ${right}; rename it (the value is ignored).`
        : `${wrong.join(" and ")} are set but honeyhive-edge reads ${right}; rename one of them (the values are ignored).`,
    );
  }
  return warnings;
}
