/**
 * The library's only way to speak. Every line passes through redact() so the API key can never leak,
 * and `once` keys stop a hot path from flooding the console.
 */
export type LogLevel = "debug" | "warn" | "error";

export class Logger {
  #seen = new Set<string>();
  // #private: a dump of the tracer (console.log, util.inspect) must not print the key it redacts
  #secrets: string[];
  #verbose: boolean;

  constructor(secrets: ReadonlyArray<string | undefined>, verbose = false) {
    this.#verbose = verbose;
    // very short "keys" would redact ordinary words; real keys are long. Errors echo a key the way they
    // saw it: inside a URL (percent-encoded) or a JSON string (escaped).
    const forms = secrets.flatMap((k) => {
      if (typeof k !== "string" || k.length < 4) return [];
      let uri = k;
      try {
        uri = encodeURIComponent(k);
      } catch {
        // lone surrogates
      }
      return [k, uri, JSON.stringify(k).slice(1, -1)];
    });
    // longest first, so a form that contains another is replaced whole (escaped forms are never shorter than
    // the key); a repeated form finds nothing left to replace
    this.#secrets = forms.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    for (const s of this.#secrets) text = text.split(s).join("[redacted]");
    return text;
  }

  debug(message: string): void {
    this.#emit("debug", message);
  }
  warn(message: string): void {
    this.#emit("warn", message);
  }

  /** Logs a given key once per logger: for faults that would otherwise repeat per span. */
  once(key: string, level: LogLevel, message: string): void {
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#emit(level, message);
  }

  #emit(level: LogLevel, message: string): void {
    if (level === "debug" && !this.#verbose) return;
    try {
      console[level](`[honeyhive-edge] ${this.redact(message)}`);
    } catch {
      // a broken console must not break tracing
    }
  }
}

/**
 * A message for any thrown value, without trusting its toString. One level of `cause` is included:
 * fetch's "TypeError: fetch failed" says nothing until its cause (ECONNRESET, ECONNREFUSED…) is shown.
 */
export function describeError(err: unknown): string {
  try {
    if (!(err instanceof Error)) return String(err);
    const cause = (err as { cause?: unknown }).cause;
    const code = cause instanceof Error && (cause as { code?: unknown }).code;
    const why =
      cause instanceof Error
        ? ` (${cause.name}: ${cause.message}${typeof code === "string" && !cause.message.includes(code) ? ` ${code}` : ""})`
        : "";
    return `${err.name}: ${err.message}${why}`;
  } catch {
    return "unprintable error";
  }
}
