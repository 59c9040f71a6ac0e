export { ConfigError } from "./errors.js";
export type { Compression, ConfigField, HoneyHiveOptions, OtlpProtocol, PresetName, ResolvedConfig } from "./types.js";
export {
  COMPRESSIONS,
  CONFIG_DEFAULTS,
  CONFIG_ENV_KINDS,
  CONFIG_ENV_VARS,
  CONFIG_FIELDS,
  CONFIG_RANGES,
  FIELD_SPECS,
  OTEL_ENV_VARS,
  PROTOCOLS,
  SESSION_ID_MAX_LENGTH,
  type EnvKind,
  type FieldSpec,
} from "./fields.js";
export {
  BYTE_UNITS,
  KNOWN_ENV_VARS,
  findEnvTypos,
  parseByteSize,
  parseEnvBoolean,
  parseEnvInteger,
  parseEnvString,
  parseEnvValue,
  parseEnvWord,
  readEnv,
  type EnvValue,
} from "./env.js";
export { PRESETS, PRESET_NAMES, type Preset } from "./presets.js";
export { FIELD_STRUCTS, HoneyHiveOptionsSchema, checkField, checkServerUrl } from "./schema.js";
export { resolveConfig } from "./resolve.js";
