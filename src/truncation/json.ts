// Cuts that keep JSON valid, as JSON text: an array keeps a leading system message, a marker and its newest
// elements, an object keeps its keys while its largest values shrink inside. Every string cut is an exact prefix.
import { MARKER_BYTES, TRUNCATION_MARKER, truncateUtf8, utf8ByteLength } from "./utf8.js";
import { waterLevel } from "./value.js";

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

const marker = (n: number): string => `"…[${n} earlier items truncated]"`;

const isSystemMessage = (el: string): boolean => {
  try {
    return ["system", "developer"].includes(JSON.parse(el).role);
  } catch {
    return false; // not JSON, or null: no system message
  }
};

/** Parses each element: a kept element that is no JSON throws (the caller then cuts the text as text). */
const checked = (els: string[]): string[] => (els.forEach((el) => JSON.parse(el)), els);

/**
 * The one array cut, on the elements' JSON texts (a top-level text's slices, or a parsed array's elements):
 * within `budget` (≥ 2) bytes, a JSON array of a leading system message (when it takes ≤ half), then the
 * marker `"…[N earlier items truncated]"`, then the newest elements that fit whole (compact); when not even
 * the newest does, it shrinks inside.
 */
function cutList(els: string[], budget: number): string {
  const n = els.length;
  const size = (i: number) => (els[i].length > budget ? Infinity : utf8ByteLength(els[i]));
  // only whitespace between elements to lose? (bytes ≥ units: a long text cannot fit compact)
  if (els.reduce((a, el) => a + el.length + 1, 1) <= budget) {
    const whole = `[${checked(els).join(",")}]`;
    if (utf8ByteLength(whole) <= budget) return whole;
  }
  const h = n > 1 && size(0) <= budget / 2 && isSystemMessage(els[0]) ? 1 : 0;
  const lead = h ? `[${els[0]},` : "[";
  // the newest from the end, each with a comma, with room for the marker (monotonic: one more item adds ≥ 2
  // bytes, the marker's count shrinks by at most one digit)
  let from = n;
  for (let body = utf8ByteLength(lead); from > h; from--) {
    const next = body + size(from - 1) + 1;
    if (next + utf8ByteLength(marker(from - 1 - h)) + 1 > budget) break;
    body = next;
  }
  if (from < n) return `${lead}${marker(from - h)},${checked(els.slice(from)).join(",")}]`;
  // not even the newest fits whole: it shrinks inside, after the marker (when anything else went)
  const mid = n - h > 1 ? `${marker(n - h - 1)},` : "";
  const last = shrinkJson(JSON.parse(els[n - 1]), budget - utf8ByteLength(lead + mid) - 1);
  for (const out of [`${lead}${mid}${last}]`, `${lead}${marker(n - h)}]`]) if (utf8ByteLength(out) <= budget) return out;
  return "[]";
}

/**
 * A string whose JSON form fits `budget` bytes: an exact prefix plus the marker (escapes counted), or a
 * bare prefix when not even the marker fits.
 */
function shrinkString(s: string, budget: number): string {
  const mark = budget >= 2 + MARKER_BYTES + 1 ? TRUNCATION_MARKER : "";
  const room = budget - 2 - utf8ByteLength(mark); // for the prefix in JSON form
  for (let raw = room, round = 0; round < 8 && raw > 0; round++) {
    const prefix = truncateUtf8(s, raw);
    const cut = JSON.stringify(prefix + mark);
    const bytes = utf8ByteLength(cut) - budget + room;
    if (bytes <= room) return cut;
    // escapes (up to 6 bytes for a 1-byte unit) outgrow the UTF-8: scale the prefix down by as much
    raw = Math.min(raw - 1, Math.floor((utf8ByteLength(prefix) * room) / bytes));
  }
  return '""';
}

/** The bytes of the least form shrinkJson can give `v`: strings "", arrays [], objects their keys and that. */
function leastBytes(v: unknown): number {
  if (typeof v === "string" || Array.isArray(v)) return 2;
  if (typeof v !== "object" || v === null) return utf8ByteLength(JSON.stringify(v));
  let n = 1;
  for (const k in v) n += utf8ByteLength(JSON.stringify(k)) + 2 + leastBytes((v as Record<string, unknown>)[k]);
  return Math.max(2, n);
}

/** The JSON text of `v` (parsed JSON), made to fit `budget` bytes, best effort, keeping its shape. */
function shrinkJson(v: unknown, budget: number, text = JSON.stringify(v)): string {
  if (utf8ByteLength(text) <= budget || budget < 2) return text; // below 2 bytes nothing fits: the caller's fallback
  if (typeof v === "string") return shrinkString(v, budget);
  if (Array.isArray(v)) return cutList(v.map((x) => JSON.stringify(x)), budget);
  if (typeof v !== "object" || v === null) return text;
  // water-fill over what each value can give up (its size above its least form), largest first
  const entries = Object.entries(v);
  const texts = entries.map(([, x]) => JSON.stringify(x));
  const least = entries.map(([, x]) => leastBytes(x));
  const gives = texts.map((t, i) => utf8ByteLength(t) - least[i]);
  const level = waterLevel([...gives], budget - leastBytes(v));
  const cut = (x: unknown, i: number) => (gives[i] > level ? shrinkJson(x, least[i] + Math.max(0, level), texts[i]) : texts[i]);
  return `{${entries.map(([k, x], i) => `${JSON.stringify(k)}:${cut(x, i)}`).join(",")}}`;
}

/** A JSON array text cut to ≤ maxBytes (≥ 2), still a JSON array; undefined when `s` is none structurally. */
export function cutJsonArray(s: string, maxBytes: number): string | undefined {
  const els = arrayElements(s);
  return els?.length && maxBytes >= 2 ? cutList(els.map(([a, b]) => s.slice(a, b)), maxBytes) : undefined;
}

/** A JSON object text cut to ≤ maxBytes, still a JSON object; undefined when `s` is none or it cannot fit. */
export function cutJsonObject(s: string, maxBytes: number): string | undefined {
  const v: unknown = JSON.parse(s);
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  // a value that is not a string/array/object can't shrink: lower the budget by what is left over, a few rounds
  for (let budget = maxBytes, round = 0; round < 4 && budget > 2; round++) {
    const out = shrinkJson(v, budget);
    const over = utf8ByteLength(out) - maxBytes;
    if (over <= 0) return out;
    budget -= over;
  }
  return undefined;
}
