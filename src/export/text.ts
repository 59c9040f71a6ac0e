// Strings as OTLP needs them: well-formed UTF-16 (so the UTF-8 on the wire is valid), whatever a caller passed.

type WellFormable = string & { isWellFormed(): boolean; toWellFormed(): string };

/**
 * For engines without String.prototype.toWellFormed. With the `u` flag a surrogate pair is one code point,
 * so the class matches lone surrogates only (no lookbehind needed, which older Safari lacks).
 */
const repair = (s: string): string => s.replace(/[\ud800-\udfff]/gu, "\uFFFD");

/**
 * Lone surrogates become U+FFFD, as UTF-8 (and the protobuf path's TextEncoder) makes them. JSON.stringify
 * would send them as "\ud800" escapes: valid JSON, but strict backends reject or mangle them.
 */
export const wellFormed: (s: string) => string =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function"
    ? (s) => ((s as WellFormable).isWellFormed() ? s : (s as WellFormable).toWellFormed())
    : repair;

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
