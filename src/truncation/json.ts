// Cuts that keep JSON valid, as JSON text: an array keeps a leading system message, a marker and its newest
// elements, an object keeps its keys while its largest values shrink inside. Every string cut is an exact prefix.
import { MARKER_BYTES, TRUNCATION_MARKER, truncateUtf8, utf8ByteLength } from "./utf8.js";
import { waterLevel } from "./value.js";

const TOKEN = /["[\]{},]/g;
const IN_STRING = /["\\]/g;

/**
 * The top-level elements of a JSON array text (trimmed), or undefined when the text is not one structurally.
 * A scan by regular expressions that jumps over string contents: far cheaper than JSON.parse, and nothing is
 * built but slices; the elements we keep are parsed one by one later.
 */
export function arrayElements(s: string): string[] | undefined {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) <= 32) i++;
  if (s[i] !== "[") return undefined;
  const out: string[] = [];
  let depth = 0;
  let start = (TOKEN.lastIndex = i + 1);
  for (;;) {
    const m = TOKEN.exec(s);
    if (m === null) return undefined;
    const c = m[0];
    const el = depth === 0 && c !== '"' && c !== "[" && c !== "{" ? s.slice(start, m.index).trim() : "";
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
    else if (depth > 0) {
      if (c !== ",") depth--;
    } else if (c === ",") {
      if (!el) return undefined; // "[,1]"
      out.push(el);
      start = m.index + 1;
    } else {
      if (c !== "]" || s.slice(m.index + 1).trim() || (!el && out.length)) return undefined; // "[1,]"
      if (el) out.push(el);
      return out;
    }
  }
}

const marker = (n: number): string => `"…[${n} earlier items truncated]"`;

/**
 * The one array cut, on the elements' JSON texts (a top-level text's slices, or a parsed array's elements):
 * within `budget` (≥ 2) bytes, a JSON array of a leading system message (when it takes ≤ half), then the
 * marker `"…[N earlier items truncated]"`, then the newest elements that fit whole (compact); when not even
 * the newest does, it shrinks inside. With `check`, the elements kept whole are parsed (one that is no JSON throws).
 */
function cutList(els: string[], budget: number, check?: boolean, depth = 0): string {
  const n = els.length;
  const size = (i: number) => (els[i].length > budget ? Infinity : utf8ByteLength(els[i]));
  // only whitespace between elements to lose? (bytes ≥ units: a long text cannot fit compact)
  if (els.reduce((a, el) => a + el.length + 1, 1) <= budget) {
    const whole = `[${els.join(",")}]`;
    if (utf8ByteLength(whole) <= budget) {
      if (check) JSON.parse(whole);
      return whole;
    }
  }
  let h = 0; // a leading system message stays
  try {
    h = n > 1 && size(0) <= budget / 2 && ["system", "developer"].includes(JSON.parse(els[0]).role) ? 1 : 0;
  } catch {
    // not JSON, or null: no system message
  }
  const lead = h ? `[${els[0]},` : "[";
  // the newest from the end, each with a comma, with room for the marker (monotonic: one more item adds ≥ 2
  // bytes, the marker's count shrinks by at most one digit)
  let from = n;
  for (let body = utf8ByteLength(lead); from > h; from--) {
    const next = body + size(from - 1) + 1;
    if (next + utf8ByteLength(marker(from - 1 - h)) + 1 > budget) break;
    body = next;
  }
  const kept = els.slice(from);
  if (check) for (const el of kept) JSON.parse(el); // slices of the flat text: cheaper than parsing the cut
  if (from < n) return `${lead}${marker(from - h)},${kept.join(",")}]`;
  // not even the newest fits whole: it shrinks inside, after the marker (when anything else went)
  const mid = n - h > 1 ? `${marker(n - h - 1)},` : "";
  const last = shrinkJson(JSON.parse(els[n - 1]), budget - utf8ByteLength(lead + mid) - 1, undefined, depth + 1);
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

/** The least form shrinkJson can give `v`: strings "", arrays [], objects their keys and that. */
const leastText = (v: unknown): string => JSON.stringify(v, (_, x) => (typeof x === "string" ? "" : Array.isArray(x) ? [] : x));
const leastBytes = (v: unknown): number => utf8ByteLength(leastText(v));
/** Below this nesting a value that must shrink takes its least form: every level serializes its subtree (quadratic). */
const MAX_SHRINK_DEPTH = 32;

/** The JSON text of `v` (parsed JSON), made to fit `budget` bytes, best effort, keeping its shape. */
function shrinkJson(v: unknown, budget: number, text = JSON.stringify(v), depth = 0): string {
  if (utf8ByteLength(text) <= budget || budget < 2) return text; // below 2 bytes nothing fits: the caller's fallback
  if (typeof v === "string") return shrinkString(v, budget);
  if (typeof v !== "object" || v === null) return text;
  if (depth > MAX_SHRINK_DEPTH) return leastText(v);
  if (Array.isArray(v)) return cutList(v.map((x) => JSON.stringify(x)), budget, false, depth);
  // nested values get at least their least form: only the whole can fall short (then nothing fits; no recursion)
  const floor = leastBytes(v);
  if (floor > budget) return text;
  // water-fill over what each value can give up (its size above its least form), largest first
  const entries = Object.entries(v);
  const texts = entries.map(([, x]) => JSON.stringify(x));
  const least = entries.map(([, x]) => leastBytes(x));
  const gives = texts.map((t, i) => utf8ByteLength(t) - least[i]);
  const level = waterLevel([...gives], budget - floor);
  return `{${entries.map(([k, x], i) => `${JSON.stringify(k)}:${gives[i] > level ? shrinkJson(x, least[i] + Math.max(0, level), texts[i], depth + 1) : texts[i]}`).join(",")}}`;
}

/**
 * A JSON array or object text cut to ≤ maxBytes, still one of the same kind (see cutList and shrinkJson);
 * undefined when `s` is neither or cannot fit. Throws when what it keeps is no JSON (the caller cuts as text).
 */
export function cutJson(s: string, maxBytes: number): string | undefined {
  const t = s.trim();
  if (t.endsWith("]")) {
    const els = arrayElements(s);
    return els && maxBytes >= 2 ? cutList(els, maxBytes, true) : undefined;
  }
  if (!t.startsWith("{") || !t.endsWith("}")) return undefined;
  // an object (the text starts with "{"): it fits whenever its least form does
  const out = shrinkJson(JSON.parse(s), maxBytes);
  return utf8ByteLength(out) <= maxBytes ? out : undefined;
}
