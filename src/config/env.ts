/**
 * Strict env parsing. Env values arrive as a plain record: strings (from the process environment or Deno's env), but on
 * Cloudflare Workers `vars` may also be JSON numbers or booleans, and bindings (KV namespaces, secrets
 * stores, service bindings) are objects. Objects and other non-primitive values are ignored: unset.
 *
 * The parser throws ConfigError naming the variable (`source` "env:<NAME>", and in the message).
 */
import { ConfigError } from "./errors.js";
import { CONFIG_ENV_VARS, FIELD_SPECS, OTEL_ENV_VARS, type EnvKind } from "./fields.js";

export type EnvValue = string | number | boolean;

/** The usable value of one env variable, or undefined when absent or not a string/number/boolean. */
export function readEnv(env: Record<string, unknown>, name: string): EnvValue | undefined {
  const value = env[name];
  return ["string", "number", "boolean"].includes(typeof value) ? (value as EnvValue) : undefined;
}

/** 1024-based units for byte sizes; keys are lower-case. */
export const BYTE_UNITS: Readonly<Record<string, number>> = /* @__PURE__ */ Object.freeze({
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1048576,
  mib: 1048576,
  gb: 1073741824,
  gib: 1073741824,
});

// the index halved (rounding up) is the power of 1024: b 0, kb/kib 1, mb/mib 2, gb/gib 3
const UNITS = "b kb kib mb mib gb gib".split(" ");

/** false words, then true words (index > 3 is true). */
const BOOLEAN_WORDS = "false 0 no off true 1 yes on".split(" ");

/**
 * Parse one env value of `kind` for `field`, read from variable `name`:
 *   integer - a base-10 integer. Surrounding whitespace is allowed; anything else is not: no sign ("+5",
 *             "-5"), no decimal point ("1.5"), no exponent ("1e3"), no hex ("0x10"), no trailing text
 *             ("12abc"), not empty. Leading zeros are fine ("010" is 10). A JSON number (Workers vars) must
 *             be a safe integer; negative ones pass here and fail the field's range check.
 *   bytes   - the same, with an optional unit B, KB, KiB, MB, MiB, GB, GiB (case-insensitive, optional
 *             space; all 1024-based, so "10MB" = 10485760 = "10MiB"). Fractions ("1.5MB") are rejected.
 *   boolean - true/false/1/0/yes/no/on/off, case-insensitive, surrounding whitespace allowed; JSON
 *             true/false/1/0 too.
 *   string  - as is; JSON numbers become their decimal text (trimming and emptiness are the schema's job).
 *   enum, preset - a string, trimmed and lower-cased (the schema then checks it is an allowed value).
 *   patterns - a comma-separated list; each item trimmed, empty items skipped.
 */
export function parseEnvValue(kind: EnvKind, raw: EnvValue, name: string, field: string): unknown {
  const fail = (detail: string): never => {
    throw new ConfigError(field, raw, `env:${name}`, `${name} ${detail}`);
  };
  if (kind === "boolean") {
    // JSON true/false/1/0 print as their words
    const index = BOOLEAN_WORDS.indexOf(String(raw).trim().toLowerCase());
    return index < 0 ? fail("must be one of true/false, 1/0, yes/no, on/off.") : index > 3;
  }
  if (kind !== "integer" && kind !== "bytes") {
    if (kind === "string" && Number.isFinite(raw)) return String(raw);
    if (typeof raw !== "string") return fail("must be a string.");
    return kind === "string" ? raw : kind === "patterns" ? raw.split(",").map((p) => p.trim()).filter(Boolean) : raw.trim().toLowerCase();
  }
  if (typeof raw === "number") return Number.isSafeInteger(raw) ? raw : fail("must be a whole number (a safe integer).");
  const units = "B, KB, KiB, MB, MiB, GB, GiB (all 1024-based)";
  const expected =
    kind === "bytes"
      ? `a whole number of bytes with an optional unit ${units}, e.g. 10485760 or "10MB"`
      : "a base-10 integer (digits only: no sign, decimal point, exponent or hex), e.g. 1024";
  const text = typeof raw === "string" ? raw.trim() : "";
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text);
  if (!match || (kind !== "bytes" && match[2])) {
    fail(
      typeof raw !== "string"
        ? `must be ${expected}, not a boolean.`
        : text === ""
          ? `is set but empty: unset it for the default, or set ${expected}.`
          : `must be ${expected}.`,
    );
  }
  const [, digits, unit] = match!;
  const index = UNITS.indexOf(unit.toLowerCase() || "b");
  if (index < 0) fail(`has an unknown unit "${unit}"; use one of ${units}.`);
  const value = Number(digits) * 1024 ** ((index + 1) >> 1);
  return Number.isSafeInteger(value) ? value : fail(`is too large (at most ${(FIELD_SPECS as Record<string, readonly unknown[]>)[field][3]}).`);
}

type Parser<T> = (raw: EnvValue, varName: string, field: string) => T;
export const parseEnvInteger: Parser<number> = (raw, name, field) => parseEnvValue("integer", raw, name, field) as number;
export const parseByteSize: Parser<number> = (raw, name, field) => parseEnvValue("bytes", raw, name, field) as number;
export const parseEnvBoolean: Parser<boolean> = (raw, name, field) => parseEnvValue("boolean", raw, name, field) as boolean;
export const parseEnvString: Parser<string> = (raw, name, field) => parseEnvValue("string", raw, name, field) as string;
export const parseEnvWord: Parser<string> = (raw, name, field) => parseEnvValue("enum", raw, name, field) as string;

// ---------------------------------------------------------------------------------------------------
// Typo detection

/** Every variable honeyhive-edge reads. */
export const KNOWN_ENV_VARS: readonly string[] = Object.freeze([
  ...Object.values(CONFIG_ENV_VARS),
  ...Object.values(OTEL_ENV_VARS),
]);

/**
 * A name's spelling-insensitive key: upper-case, "-" as "_", HONEYHIVE_ prefix as HH_, HH_SERVER_URL and
 * HH_BASE_URL (names people reach for) as HH_API_URL, and a plural "S" dropped from every "_"-separated
 * word longer than 2 (so HH_MAX_ATTRIBUTE and HH_MAX_ATTRIBUTES share a key).
 */
function typoKey(name: string): string {
  return name
    .toUpperCase()
    .replace(/-/g, "_")
    .replace(/^HONEYHIVE_/, "HH_")
    .replace(/^HH_(SERVER|BASE)_URL$/, "HH_API_URL")
    .replace(/([^_]{2,})S(?=_|$)/g, "$1");
}

/**
 * For every known variable that is NOT set, the set variables that look like it (HONEYHIVE_ prefix
 * instead of HH_, different case, singular/plural, "-" for "_", HH_SERVER_URL for HH_API_URL): one
 * warning per right name. No warning when the right name is set. Warnings never contain values.
 */
export function findEnvTypos(env: Record<string, unknown>): string[] {
  const names = Object.keys(env).filter((name) => readEnv(env, name) !== undefined && !KNOWN_ENV_VARS.includes(name));
  const keys = names.map(typoKey);
  return KNOWN_ENV_VARS.flatMap((right) => {
    const wrong = readEnv(env, right) === undefined ? names.filter((_, i) => keys[i] === typoKey(right)) : [];
    if (wrong.length === 0) return [];
    const one = wrong.length === 1;
    return `${wrong.join(" and ")} ${one ? "is" : "are"} set but honeyhive-edge reads ${right}; rename ${
      one ? "it (the value is" : "one of them (the values are"
    } ignored).`;
  });
}
