// Strings as OTLP needs them: well-formed UTF-16 (so the UTF-8 on the wire is valid), whatever a caller passed.

const nativeWellFormed = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function";

/**
 * Lone surrogates become U+FFFD, as UTF-8 (and the protobuf path's TextEncoder) makes them. JSON.stringify
 * would send them as "\ud800" escapes: valid JSON, but strict backends reject or mangle them.
 */
export function wellFormed(s: string): string {
  if (nativeWellFormed) {
    const w = s as unknown as { isWellFormed(): boolean; toWellFormed(): string };
    return w.isWellFormed() ? s : w.toWellFormed();
  }
  return repair(s);
}

/** For engines without String.prototype.toWellFormed (no lookbehind regex either: older Safari). */
function repair(s: string): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++; // a proper pair
      continue;
    }
    out += s.slice(last, i) + "\uFFFD";
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

/** Exported for tests of the fallback. */
export const repairForTest = repair;

/** Names and messages as well-formed strings, whatever a JS caller passed (a number, a symbol, an object). */
export function text(v: unknown): string {
  if (typeof v === "string") return wellFormed(v);
  if (v === undefined || v === null) return "";
  try {
    return wellFormed(String(v));
  } catch {
    return "";
  }
}
