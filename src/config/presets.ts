/**
 * Presets: the seed's "Use Case Recommendations" table. A preset only supplies maxAttributes and
 * maxAttributeLength, and only where no explicit option, HH_* or OTEL_* env value is given.
 */
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
