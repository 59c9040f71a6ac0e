export { ConfigError } from "./errors.js";
export type { Compression, ConfigField, HoneyHiveOptions, OtlpProtocol, PresetName, ResolvedConfig } from "./types.js";
export { CONFIG_DEFAULTS, CONFIG_ENV_KINDS, CONFIG_ENV_VARS, CONFIG_FIELDS, OTEL_ENV_VARS, type EnvKind } from "./fields.js";
export {
  BYTE_UNITS,
  KNOWN_ENV_VARS,
  findEnvTypos,
  parseByteSize,
  parseEnvBoolean,
  parseEnvInteger,
  parseEnvString,
  parseEnvWord,
  readEnv,
  type EnvValue,
} from "./env.js";
export { PRESETS, PRESET_NAMES, getPreset, isPresetName, type Preset } from "./presets.js";
export {
  CONFIG_RANGES,
  COMPRESSIONS,
  FIELD_STRUCTS,
  HoneyHiveOptionsSchema,
  PROTOCOLS,
  SESSION_ID_MAX_LENGTH,
  checkField,
  checkServerUrl,
} from "./schema.js";
export { resolveConfig } from "./resolve.js";
