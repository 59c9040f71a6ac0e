// Cuts that keep JSON valid: a message array keeps its system message and its newest elements, an object
// keeps its keys while its largest strings and arrays shrink inside. Every string cut is an exact prefix.
import { MARKER_BYTES, TRUNCATION_MARKER, truncateUtf8, utf8ByteLength } from "./utf8.js";
import { waterLevel } from "./value.js";
const earlierMarker = (n: number): string => `…[${n} earlier items truncated]`;
const jsonBytes = (v: unknown): number => utf8ByteLength(JSON.stringify(v) ?? "null");

const TOKEN = /["[\]{},]/g;
const IN_STRING = /["\\]/g;

/**
 * The top-level elements of a JSON array text, as [start, end) ranges (trimmed), or undefined when the text
 * is not one structurally. A scan by regular expressions that jumps over string contents: far cheaper than
 * JSON.parse, and nothing is built; the elements we keep are parsed one by one later.
 */
export function arrayElements(s: string): Array<[number, number]> | undefined {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) <= 32) i++;
  if (s[i] !== "[") return undefined;
  const out: Array<[number, number]> = [];
  let depth = 0;
  let start = i + 1;
  const push = (end: number): boolean => {
    const slice = s.slice(start, end);
    const a = start + (slice.length - slice.trimStart().length);
    const b = end - (slice.length - slice.trimEnd().length);
    if (a >= b) return false;
    out.push([a, b]);
    return true;
  };
  TOKEN.lastIndex = i + 1;
  for (;;) {
    const m = TOKEN.exec(s);
    if (m === null) return undefined;
    const c = m[0];
    if (c === '"') {
      IN_STRING.lastIndex = m.index + 1;
      for (;;) {
        const q = IN_STRING.exec(s);
        if (q === null) return undefined;
        if (q[0] === '"') break;
        IN_STRING.lastIndex = q.index + 2; // an escape: skip the escaped unit
      }
      TOKEN.lastIndex = IN_STRING.lastIndex;
    } else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (c !== "]" || s.slice(m.index + 1).trim() !== "") return undefined;
      if (!push(m.index) && out.length > 0) return undefined; // "[1,]"
      return out;
    } else if (depth === 0 && !push(m.index)) return undefined; // "[,1]"
    else if (depth === 0) start = m.index + 1;
  }
}

/**
 * Where the kept newest items of a list start: items floor..n-1 are tried from the newest end, after `fixed`
 * bytes, each with a comma, with room for the marker that counts the ones left out (monotonic in the number
 * kept: one more item adds ≥ 2 bytes, the marker's count shrinks by at most one digit).
 */
function newestFrom(n: number, floor: number, fixed: number, size: (i: number) => number, budget: number): number {
  let i = n;
  for (let body = fixed; i > floor; i--) {
    const next = body + size(i - 1) + 1;
    if (next + jsonBytes(earlierMarker(i - 1 - floor)) + 1 > budget) break;
    body = next;
  }
  return i;
}

const isSystemMessage = (v: unknown): boolean =>
  typeof v === "object" && v !== null && ["system", "developer"].includes((v as { role?: unknown }).role as string);

/**
 * A JSON array text cut to ≤ maxBytes, still a JSON array: a leading system message, then a marker element
 * `"…[N earlier items truncated]"`, then the newest elements that fit (compact). Undefined when `s` is no
 * JSON array, or not even the newest element fits.
 */
export function cutJsonArray(s: string, maxBytes: number): string | undefined {
  const els = arrayElements(s);
  if (els === undefined || els.length === 0) return undefined;
  const slice = (i: number) => s.slice(els[i][0], els[i][1]);
  const parsed = (i: number): { ok: boolean; value?: unknown } => {
    try {
      return { ok: true, value: JSON.parse(slice(i)) };
    } catch {
      return { ok: false };
    }
  };
  // only whitespace between elements to lose? (bytes ≥ units, so a long text cannot fit compact)
  let units = els.length + 1;
  for (const [a, b] of els) units += b - a;
  if (units <= maxBytes) {
    const compact = `[${els.map((_, i) => slice(i)).join(",")}]`;
    if (utf8ByteLength(compact) <= maxBytes && els.every((_, i) => parsed(i).ok)) return compact;
  }
  const first = els[0][1] - els[0][0] <= maxBytes / 2 ? parsed(0) : { ok: false };
  const head = first.ok && isSystemMessage(first.value) && els.length > 1 ? slice(0) : undefined;
  for (const lead of head === undefined ? [undefined] : [head, undefined]) {
    const floor = lead === undefined ? 0 : 1;
    const fixed = lead === undefined ? 1 : utf8ByteLength(lead) + 2;
    const from = newestFrom(els.length, floor, fixed, (i) => (els[i][1] - els[i][0] > maxBytes ? Infinity : utf8ByteLength(slice(i))), maxBytes);
    if (from === els.length) continue;
    for (let i = from; i < els.length; i++) if (!parsed(i).ok) return undefined;
    const parts = [JSON.stringify(earlierMarker(from - floor))];
    for (let i = from; i < els.length; i++) parts.push(slice(i));
    return `[${lead === undefined ? "" : `${lead},`}${parts.join(",")}]`;
  }
  return undefined;
}

/**
 * A string whose JSON form fits `budget` bytes: an exact prefix plus the marker (escapes counted), or a
 * bare prefix when not even the marker fits.
 */
function shrinkString(s: string, budget: number): string {
  const marker = budget >= 2 + MARKER_BYTES + 1 ? TRUNCATION_MARKER : "";
  let raw = budget - 2 - utf8ByteLength(marker);
  for (let round = 0; round < 8 && raw > 0; round++) {
    const cut = truncateUtf8(s, raw) + marker;
    const over = jsonBytes(cut) - budget;
    if (over <= 0) return cut;
    raw -= over;
  }
  return "";
}

/** The bytes of the least form shrinkJson can give `v`: strings "", arrays [], objects their keys and that. */
function leastBytes(v: unknown): number {
  if (typeof v === "string" || Array.isArray(v)) return 2;
  if (typeof v !== "object" || v === null) return jsonBytes(v);
  let n = 1;
  for (const k in v) n += jsonBytes(k) + 2 + leastBytes((v as Record<string, unknown>)[k]);
  return Math.max(2, n);
}

/** `v` (parsed JSON) made to serialize within `budget` bytes, best effort, keeping its shape. */
export function shrinkJson(v: unknown, budget: number): unknown {
  const size = jsonBytes(v);
  if (size <= budget) return v;
  if (typeof v === "string") return shrinkString(v, budget);
  if (Array.isArray(v)) {
    const head = isSystemMessage(v[0]) && v.length > 1 ? [v[0]] : [];
    const fixed = head.length ? jsonBytes(v[0]) + 2 : 1;
    const from = newestFrom(v.length, head.length, fixed, (i) => jsonBytes(v[i]), budget);
    const dropped = from - head.length;
    let out = [...head, ...(dropped > 0 ? [earlierMarker(dropped)] : []), ...v.slice(from)];
    if (from === v.length && v.length > head.length) {
      // not even the newest fits whole: it shrinks inside, after the marker, if it can
      const marker = dropped > 1 ? [earlierMarker(dropped - 1)] : [];
      const last = shrinkJson(v[v.length - 1], budget - jsonBytes([...head, ...marker, null]) + 4);
      out = [...head, ...marker, last];
    }
    return jsonBytes(out) <= budget ? out : head.length && jsonBytes(head) <= budget ? head : [];
  }
  if (typeof v === "object" && v !== null) {
    // water-fill over what each value can give up (its size above its least form), largest first
    const entries = Object.entries(v);
    const sizes = entries.map(([, x]) => jsonBytes(x));
    const least = entries.map(([, x]) => leastBytes(x));
    const fixed = size - sizes.reduce((a, b) => a + b, 0) + least.reduce((a, b) => a + b, 0);
    const level = waterLevel(sizes.map((b, i) => b - least[i]), budget - fixed);
    // fromEntries defines each key: a plain assignment would send "__proto__" to the prototype setter
    return Object.fromEntries(entries.map(([k, x], i) => [k, sizes[i] - least[i] > level ? shrinkJson(x, least[i] + Math.max(0, level)) : x]));
  }
  return v;
}

/** A JSON object text cut to ≤ maxBytes, still a JSON object; undefined when `s` is none or it cannot fit. */
export function cutJsonObject(s: string, maxBytes: number): string | undefined {
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  // a value that is not a string/array/object can't shrink: lower the budget by what is left over, a few rounds
  for (let budget = maxBytes, round = 0; round < 4 && budget > 2; round++) {
    const out = JSON.stringify(shrinkJson(v, budget));
    const over = utf8ByteLength(out) - maxBytes;
    if (over <= 0) return out;
    budget -= over;
  }
  return undefined;
}
