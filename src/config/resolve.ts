/**
 * resolveConfig: options + env -> ResolvedConfig. Pure; throws ConfigError.
 *
 * Precedence per field: explicit option > HH_* env > OTEL_SPAN_*_LIMIT env > preset > default.
 * Options set to `undefined` are unset. Env values that are objects (Workers bindings) are unset.
 * Every value, whatever its source, passes the same schema; an error names the source it came from.
 */
import { ConfigError } from "./errors.js";
import {
  parseByteSize,
  parseEnvBoolean,
  parseEnvInteger,
  parseEnvString,
  parseEnvWord,
  findEnvTypos,
  readEnv,
  type EnvValue,
} from "./env.js";
import {
  CONFIG_DEFAULTS,
  CONFIG_ENV_KINDS,
  CONFIG_ENV_VARS,
  CONFIG_FIELDS,
  EXTRA_OPTION_KEYS,
  OTEL_ENV_VARS,
} from "./fields.js";
import { getPreset, isPresetName, type Preset } from "./presets.js";
import { checkField } from "./schema.js";
import { unknownOptionWarnings } from "./suggest.js";
import type { ConfigField, HoneyHiveOptions, PresetName, ResolvedConfig } from "./types.js";

interface Candidate {
  /** The value to validate (parsed when from env). */
  value: unknown;
  /** The value as the user wrote it (shown in errors). */
  raw: unknown;
  source: string;
}

const KNOWN_OPTION_KEYS: readonly string[] = Object.freeze([...CONFIG_FIELDS, ...EXTRA_OPTION_KEYS]);

function parseEnv(field: ConfigField, raw: EnvValue, varName: string, otel: boolean): unknown {
  switch (CONFIG_ENV_KINDS[field]) {
    case "integer":
      return parseEnvInteger(raw, varName, field);
    case "bytes":
      // OTEL_* limits are plain integers (OpenTelemetry's own format); units only in HH_* variables
      return otel ? parseEnvInteger(raw, varName, field) : parseByteSize(raw, varName, field);
    case "boolean":
      return parseEnvBoolean(raw, varName, field);
    case "string":
      return parseEnvString(raw, varName, field);
    case "enum":
    case "preset":
      return parseEnvWord(raw, varName, field);
  }
}

function fromEnv(field: ConfigField, env: Record<string, unknown>): Candidate | undefined {
  const hhName = CONFIG_ENV_VARS[field];
  const hh = readEnv(env, hhName);
  if (hh !== undefined) return { value: parseEnv(field, hh, hhName, false), raw: hh, source: `env:${hhName}` };
  const otelName = (OTEL_ENV_VARS as Partial<Record<ConfigField, string>>)[field];
  if (otelName === undefined) return undefined;
  const otel = readEnv(env, otelName);
  if (otel !== undefined) return { value: parseEnv(field, otel, otelName, true), raw: otel, source: `env:${otelName}` };
  return undefined;
}

function resolvePreset(
  options: Record<string, unknown>,
  env: Record<string, unknown>,
): { name: PresetName; preset: Preset; source: string } | undefined {
  const candidate: Candidate | undefined =
    options.preset !== undefined
      ? { value: options.preset, raw: options.preset, source: "option" }
      : fromEnv("preset", env);
  if (candidate === undefined) return undefined;
  // an unknown name is reported as the user wrote it (env values are trimmed and lower-cased first)
  const preset = getPreset(isPresetName(candidate.value) ? candidate.value : candidate.raw, candidate.source);
  return { name: candidate.value as PresetName, preset, source: candidate.source };
}

export function resolveConfig(options: HoneyHiveOptions = {}, env: Record<string, unknown> = {}): ResolvedConfig {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new ConfigError("options", options, "option", 'HoneyHive options must be an object, e.g. { project: "my-project" }.');
  }
  const opts = options as Record<string, unknown>;
  const envRecord: Record<string, unknown> = env !== null && typeof env === "object" ? env : {};

  const warnings: string[] = [...findEnvTypos(envRecord), ...unknownOptionWarnings(opts, KNOWN_OPTION_KEYS)];
  const values: Partial<Record<ConfigField, unknown>> = {};
  const sources = {} as Record<ConfigField, string>;

  const preset = resolvePreset(opts, envRecord);
  values.preset = preset?.name;
  sources.preset = preset?.source ?? "unset";

  for (const field of CONFIG_FIELDS) {
    if (field === "preset") continue;
    let candidate: Candidate | undefined;
    if (opts[field] !== undefined) {
      candidate = { value: opts[field], raw: opts[field], source: "option" };
    } else {
      candidate = fromEnv(field, envRecord);
    }
    if (candidate === undefined && preset !== undefined && field in preset.preset) {
      const value = preset.preset[field as keyof Preset];
      candidate = { value, raw: value, source: `preset:${preset.name}` };
    }
    if (candidate === undefined && field in CONFIG_DEFAULTS) {
      const value = CONFIG_DEFAULTS[field as keyof typeof CONFIG_DEFAULTS];
      candidate = { value, raw: value, source: "default" };
    }
    if (candidate === undefined) {
      sources[field] = "unset";
      continue;
    }
    const checked = checkField(field, candidate.value);
    if (!checked.ok) throw new ConfigError(field, candidate.raw, candidate.source, checked.message);
    values[field] = checked.value;
    sources[field] = candidate.source;
  }

  applyCrossFieldRules(values, sources, warnings, opts, envRecord);
  return freezeConfig(values, sources, warnings);
}

/** Rules between fields: defaults adapt to explicit values; explicit contradictions are errors or warnings. */
function applyCrossFieldRules(
  values: Partial<Record<ConfigField, unknown>>,
  sources: Record<ConfigField, string>,
  warnings: string[],
  options: Record<string, unknown>,
  env: Record<string, unknown>,
): void {
  const queue = values.maxQueueSize as number;
  const batch = values.maxExportBatchSize as number;
  if (batch > queue) {
    if (sources.maxExportBatchSize === "default") {
      values.maxExportBatchSize = queue;
      sources.maxExportBatchSize = "derived:maxQueueSize";
    } else {
      const raw =
        sources.maxExportBatchSize === "option"
          ? options.maxExportBatchSize
          : env[sources.maxExportBatchSize.slice("env:".length)];
      throw new ConfigError(
        "maxExportBatchSize",
        raw,
        sources.maxExportBatchSize,
        `maxExportBatchSize must be <= maxQueueSize (${queue}, from ${sources.maxQueueSize}). A batch cannot be larger than the queue.`,
      );
    }
  }

  const attributeLength = values.maxAttributeLength as number;
  const spanSize = values.maxSpanSize as number;
  if (attributeLength > spanSize) {
    if (sources.maxSpanSize === "default") {
      // the default span budget never undercuts the per-attribute limit the user asked for
      values.maxSpanSize = attributeLength;
      sources.maxSpanSize = "derived:maxAttributeLength";
    } else {
      warnings.push(
        `maxSpanSize (${spanSize} bytes, from ${sources.maxSpanSize}) is smaller than maxAttributeLength ` +
          `(${attributeLength} bytes, from ${sources.maxAttributeLength}): no attribute can exceed maxSpanSize.`,
      );
    }
  }

  const timeout = values.exportTimeoutMillis as number;
  const deadline = values.exportDeadlineMillis as number;
  if (timeout > deadline) {
    warnings.push(
      `exportTimeoutMillis (${timeout}, from ${sources.exportTimeoutMillis}) is larger than exportDeadlineMillis ` +
        `(${deadline}, from ${sources.exportDeadlineMillis}): each export is cut off at the deadline.`,
    );
  }
}

function freezeConfig(
  values: Partial<Record<ConfigField, unknown>>,
  sources: Record<ConfigField, string>,
  warnings: string[],
): ResolvedConfig {
  const config: Record<string, unknown> = {};
  for (const field of CONFIG_FIELDS) {
    const value = values[field];
    if (value === undefined) continue;
    if (field === "apiKey") {
      // non-enumerable: absent from JSON.stringify, console.log/util.inspect, Object.keys and spreads
      Object.defineProperty(config, "apiKey", { value, enumerable: false, writable: false, configurable: false });
    } else {
      config[field] = value;
    }
  }
  config.sources = Object.freeze(Object.fromEntries(CONFIG_FIELDS.map((field) => [field, sources[field]])));
  config.warnings = Object.freeze([...warnings]);
  return Object.freeze(config) as unknown as ResolvedConfig;
}
