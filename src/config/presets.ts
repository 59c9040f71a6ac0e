/**
 * Presets: the seed's "Use Case Recommendations" table. A preset only supplies maxAttributes and
 * maxAttributeLength, and only where no explicit option, HH_* or OTEL_* env value is given.
 */
import { ConfigError } from "./errors.js";
import { MiB } from "./fields.js";
import type { PresetName } from "./types.js";

export interface Preset {
  readonly maxAttributes: number;
  readonly maxAttributeLength: number;
}

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
  return PRESET_NAMES.includes(value as PresetName);
}

/** Why `value` names no preset, listing the valid names. */
export function presetProblem(value: unknown): string {
  const what = typeof value === "string" ? "Unknown preset" : "preset must be a string naming a preset";
  return `${what}. Valid presets: ${PRESET_NAMES.map((n) => `"${n}"`).join(", ")}.`;
}

/** The preset called `name`, or a ConfigError (field "preset") listing the valid names. */
export function getPreset(name: unknown, source: string): Preset {
  if (isPresetName(name)) return PRESETS[name];
  throw new ConfigError("preset", name, source, presetProblem(name));
}
