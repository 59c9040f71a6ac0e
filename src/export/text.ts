// Names and messages as strings, whatever a JS caller passed. Well-formedness (lone surrogates → U+FFFD) is
// the JSON writer's job (json-bytes.ts), so the UTF-8 on the wire is always valid.

/** A span's or event's name, a status message, a scope: a number, a symbol or an object becomes text. */
export function text(v: unknown): string {
  try {
    return typeof v === "string" ? v : v == null ? "" : String(v);
  } catch {
    return "";
  }
}
