// Attribute-value truncation in UTF-8 bytes, and the per-span byte budget (`maxSpanSize`).
import { cutJson } from "./json.js";
import { headCut, utf8ByteLength } from "./utf8.js";

export { TRUNCATION_MARKER } from "./utf8.js";

export interface TruncatedValue {
  value: string | string[];
  /** UTF-8 bytes of the original (for an array: the sum over its string elements). */
  originalBytes: number;
}

/**
 * Fits one attribute value into `maxBytes` UTF-8 bytes. Returns undefined when nothing has to change
 * (O(1) for strings with `length * 3 <= maxBytes`; non-strings and arrays without strings are untouched).
 *
 * A string over the limit:
 * - is a JSON array (e.g. a chat message list): a leading system/developer message stays (when it takes at
 *   most half), then the marker element `"…[N earlier items truncated]"`, then the newest elements that fit
 *   (compact; if the compact form fits whole, it is returned with no marker). The elements are found by a
 *   scan that jumps over string contents (no JSON.parse of the whole; only the kept elements are parsed).
 *   When not even the newest element fits whole, it shrinks inside (as in an object); always a JSON array.
 * - is a JSON object (e.g. `input.value` with `input.mime_type: application/json`, the AI SDK's
 *   `ai.prompt`): it stays a valid JSON object with the same keys; its largest values shrink inside
 *   (strings: exact prefix + marker; arrays: as above), to a common ceiling.
 * - otherwise (head cut): `truncateUtf8(s, maxBytes - 14) + TRUNCATION_MARKER`, or a bare
 *   `truncateUtf8(s, maxBytes)` when the limit is smaller than the marker.
 * Counting `originalBytes` exactly is one allocation-free O(length) pass, paid only when a cut happens.
 *
 * Arrays: element-wise, each string element limited to `maxBytes`; non-string elements (null/undefined in
 * OpenTelemetry's homogeneous arrays) are kept in place.
 */
export function truncateAttributeValue(value: unknown, maxBytes: number): TruncatedValue | undefined {
  if (typeof value === "string") {
    if (value.length * 3 <= maxBytes) return undefined;
    const originalBytes = utf8ByteLength(value);
    if (originalBytes <= maxBytes) return undefined;
    return { value: truncateString(value, maxBytes), originalBytes };
  }
  if (!Array.isArray(value) || !value.some((el) => typeof el === "string" && el.length * 3 > maxBytes && utf8ByteLength(el) > maxBytes)) {
    return undefined;
  }
  let originalBytes = 0;
  const out = value.map((el: unknown) => {
    if (typeof el !== "string") return el;
    const b = utf8ByteLength(el);
    originalBytes += b;
    return b > maxBytes ? truncateString(el, maxBytes) : el;
  });
  return { value: out as string[], originalBytes };
}

/** `s` is known to exceed `maxBytes`. */
function truncateString(s: string, maxBytes: number): string {
  let json: string | undefined;
  try {
    json = cutJson(s, maxBytes);
  } catch {
    // a kept element that is no JSON, or JSON nested deeper than the stack: cut as text, never throw into startSpan
  }
  return json ?? headCut(s, maxBytes);
}

/**
 * Bytes one attribute value counts towards `maxSpanSize`: UTF-8 of strings, numbers/booleans 8. With `bound`:
 * an upper bound read without any characters (3 bytes per code unit).
 */
export function valueBytes(v: unknown, bound?: boolean): number {
  if (typeof v === "string") return bound ? v.length * 3 : utf8ByteLength(v);
  if (Array.isArray(v)) {
    let sum = 0;
    for (const el of v) sum += valueBytes(el, bound);
    return sum;
  }
  return typeof v === "number" || typeof v === "boolean" || typeof v === "bigint" ? 8 : 0;
}

/** Total attribute bytes of a span as `fitSpanBudget` counts them: UTF-8 of keys, plus valueBytes (or bounds). */
export function spanAttributeBytes(attributes: Record<string, unknown> | undefined, bound?: boolean): number {
  let sum = 0;
  for (const key in attributes) sum += valueBytes(key, bound) + valueBytes(attributes[key], bound);
  return sum;
}

/**
 * Pushes the size of each string that a cut could shrink (array elements one by one) onto `strings`, and returns
 * the bytes no cut reduces: keys, other values, and the whole of core values (`isCore`).
 */
export function splitBytes(attributes: Record<string, unknown> | undefined, strings: number[], bound?: boolean, isCore?: (key: string) => boolean): number {
  let fixed = 0;
  for (const key in attributes) {
    const v = attributes[key];
    fixed += valueBytes(key, bound);
    if (isCore?.(key)) fixed += valueBytes(v);
    else for (const el of Array.isArray(v) ? v : [v]) typeof el === "string" ? strings.push(valueBytes(el, bound)) : (fixed += valueBytes(el));
  }
  return fixed;
}

/**
 * The largest C such that the sizes, each capped at C, sum to ≤ `available` (Infinity when they fit whole):
 * ascending, the smallest stay whole while the rest, capped evenly, still fit. Sorts `sizes`.
 */
export function waterLevel(sizes: number[], available: number): number {
  sizes.sort((a, b) => a - b);
  let rest = available;
  for (let j = 0; j < sizes.length; j++) {
    const cap = Math.floor(rest / (sizes.length - j));
    if (cap < sizes[j]) return Math.max(0, cap);
    rest -= sizes[j];
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * The replacements that bring the span's total attribute bytes (see `spanAttributeBytes`) to ≤ `maxSpanBytes`.
 * Water-filling: finds the largest ceiling C such that every non-core string (each string element of an
 * array counts on its own) capped at C fits, and cuts only the strings larger than C to C bytes with
 * `truncateAttributeValue` — so the largest values shrink first and small ones stay whole.
 * Core values (`isCore(key)`) are never changed. If keys, core values and non-string values alone exceed the
 * budget, this is best effort: C = 0, every non-core string becomes "" and the total stays over budget.
 * Fast path: when the sum of (key + string) lengths × 3 fits, returns [] without reading any characters.
 */
export function fitSpanBudget(
  attributes: Record<string, unknown>,
  maxSpanBytes: number,
  isCore: (key: string) => boolean,
): Array<{ key: string; value: string | string[]; originalBytes: number }> {
  if (spanAttributeBytes(attributes, true) <= maxSpanBytes) return [];
  const units: number[] = []; // sizes of non-core strings (array elements count one by one)
  const available = maxSpanBytes - splitBytes(attributes, units, false, isCore);
  if (units.reduce((a, b) => a + b, 0) <= available) return [];
  const ceiling = waterLevel(units, available);
  const out: Array<{ key: string; value: string | string[]; originalBytes: number }> = [];
  for (const key in attributes) {
    const cut = isCore(key) ? undefined : truncateAttributeValue(attributes[key], ceiling);
    if (cut) out.push({ key, ...cut });
  }
  return out;
}
