/**
 * resolveConfig: options + env -> ResolvedConfig. Pure; throws ConfigError.
 *
 * Precedence per field: explicit option > HH_* env > OTEL_SPAN_*_LIMIT env > preset > default.
 * Options set to `undefined` are unset. Env values that are objects (Workers bindings) are unset.
 * Every value, whatever its source, passes the same schema; an error names the source it came from.
 */
import { ConfigError } from "./errors.js";
import { findEnvTypos, parseEnvValue, readEnv, type EnvValue } from "./env.js";
import { CONFIG_ENV_VARS, CONFIG_FIELDS, FIELD_SPECS, OTEL_ENV_VARS } from "./fields.js";
import { PRESETS, type Preset } from "./presets.js";
import { checkField } from "./schema.js";
import { unknownOptionWarnings } from "./suggest.js";
import type { ConfigField, HoneyHiveOptions, ResolvedConfig } from "./types.js";

/** Option keys that are known (not reported as typos): the fields, and `env`. */
const KNOWN_OPTION_KEYS: readonly string[] = [...CONFIG_FIELDS, "env"];

export function resolveConfig(options: HoneyHiveOptions = {}, env: Record<string, unknown> = {}): ResolvedConfig {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new ConfigError("options", options, "option", 'HoneyHive options must be an object, e.g. { project: "my-project" }.');
  }
  const opts = options as Record<string, unknown>;
  const envRecord: Record<string, unknown> = env !== null && typeof env === "object" ? env : {};
  const warnings = [...findEnvTypos(envRecord), ...unknownOptionWarnings(opts, KNOWN_OPTION_KEYS)];
  const values: Record<string, any> = {};
  const sources = {} as Record<ConfigField, string>;

  /** A field as the messages between fields show it: "maxQueueSize (100, from option)". */
  const at = (field: ConfigField, unit = "") => `${field} (${values[field]}${unit}, from ${sources[field]})`;

  // the preset first: the other fields may take their values from it
  let preset: Preset | undefined;
  for (const field of new Set<ConfigField>(["preset", ...CONFIG_FIELDS])) {
    const given = opts[field];
    const hh = CONFIG_ENV_VARS[field];
    const fallback = FIELD_SPECS[field][1];
    const fromPreset = preset?.[field as keyof Preset];
    // the HH_* variable, else the OTEL_* one (OpenTelemetry's own format: plain integers, no units)
    // read once: a getter env (a Proxy, a binding) could answer a second read differently from the first
    let read: EnvValue | undefined;
    const name =
      given === undefined
        ? [hh, (OTEL_ENV_VARS as Partial<Record<ConfigField, string>>)[field]].find((n) => n && (read = readEnv(envRecord, n)) !== undefined)
        : undefined;
    const [raw, source] =
      given !== undefined
        ? [given, "option"]
        : name
          ? [read, `env:${name}`]
          : fromPreset !== undefined
            ? [fromPreset, `preset:${values.preset}`]
            : [fallback, fallback === undefined ? "unset" : "default"];
    const value = name ? parseEnvValue(name === hh ? FIELD_SPECS[field][0] : "integer", raw as EnvValue, name, field) : raw;
    sources[field] = source;
    if (value === undefined) continue;
    const checked = checkField(field, value);
    if (!checked.ok) throw new ConfigError(field, raw, source, checked.message);
    values[field] = checked.value;
    // a batch cannot be larger than the queue: the default adapts, an explicit value is an error
    if (field === "maxExportBatchSize" && checked.value > values.maxQueueSize) {
      if (source !== "default") {
        throw new ConfigError(field, raw, source, `${field} must be <= ${at("maxQueueSize")}. A batch cannot be larger than the queue.`);
      }
      values[field] = values.maxQueueSize;
      sources[field] = "derived:maxQueueSize";
    }
    if (field === "preset") preset = PRESETS[checked.value as keyof typeof PRESETS];
  }

  // the other rules between fields: the default span budget adapts; explicit contradictions are warnings
  if (values.maxAttributeLength > values.maxSpanSize) {
    if (sources.maxSpanSize === "default") {
      // the default span budget never undercuts the per-attribute limit the user asked for
      values.maxSpanSize = values.maxAttributeLength;
      sources.maxSpanSize = "derived:maxAttributeLength";
    } else {
      warnings.push(
        `${at("maxSpanSize", " bytes")} is smaller than ${at("maxAttributeLength", " bytes")}: no attribute can exceed maxSpanSize.`,
      );
    }
  }
  if (values.exportTimeoutMillis > values.exportDeadlineMillis) {
    warnings.push(`${at("exportTimeoutMillis")} is larger than ${at("exportDeadlineMillis")}: each export is cut off at the deadline.`);
  }

  // frozen; apiKey non-enumerable: absent from JSON.stringify, console.log/util.inspect, Object.keys, spreads
  const config: Record<string, unknown> = {};
  for (const field of CONFIG_FIELDS) {
    if (values[field] !== undefined) {
      const value = values[field];
      // the key behind a getter: even util.inspect(tracer, { showHidden: true }) shows only [Getter]
      Object.defineProperty(config, field, field === "apiKey" ? { get: () => value } : { value, enumerable: true });
    }
  }
  config.sources = Object.freeze(Object.fromEntries(CONFIG_FIELDS.map((field) => [field, sources[field]])));
  config.warnings = Object.freeze(warnings);
  return Object.freeze(config) as unknown as ResolvedConfig;
}
