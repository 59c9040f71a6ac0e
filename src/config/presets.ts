/**
 * Presets: the seed's "Use Case Recommendations" table. A preset only supplies maxAttributes and
 * maxAttributeLength, and only where no explicit option, HH_* or OTEL_* env value is given.
 */
import { ConfigError } from "./errors.js";
import type { PresetName } from "./types.js";

export interface Preset {
  readonly maxAttributes: number;
  readonly maxAttributeLength: number;
}

const MiB = 1024 * 1024;

export const PRESETS: Readonly<Record<PresetName, Preset>> = Object.freeze({
  /** Many messages, small content. */
  "text-heavy": Object.freeze({ maxAttributes: 5000, maxAttributeLength: 1 * MiB }),
  /** Few attributes, large content (images, audio). */
  multimodal: Object.freeze({ maxAttributes: 1000, maxAttributeLength: 20 * MiB }),
  /** Reduce memory footprint. */
  "memory-constrained": Object.freeze({ maxAttributes: 500, maxAttributeLength: 5 * MiB }),
  /** Capture everything for analysis. */
  debug: Object.freeze({ maxAttributes: 10000, maxAttributeLength: 50 * MiB }),
});

export const PRESET_NAMES = Object.freeze(Object.keys(PRESETS) as PresetName[]);

export function isPresetName(value: unknown): value is PresetName {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(PRESETS, value);
}

/** The preset called `name`, or a ConfigError (field "preset") listing the valid names. */
export function getPreset(name: unknown, source: string): Preset {
  if (isPresetName(name)) return PRESETS[name];
  const valid = PRESET_NAMES.map((n) => `"${n}"`).join(", ");
  const what = typeof name === "string" ? "Unknown preset" : "preset must be a string naming a preset";
  throw new ConfigError("preset", name, source, `${what}. Valid presets: ${valid}.`);
}
