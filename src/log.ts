/**
 * The library's only way to speak. Every line passes through redact() so the API key can never leak,
 * and `once` keys stop a hot path from flooding the console.
 */
export type LogLevel = "debug" | "warn" | "error";
export type LogSink = (level: LogLevel, message: string) => void;

const defaultSink: LogSink = (level, message) => {
  const line = `[honeyhive-edge] ${message}`;
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.debug(line);
};

export class Logger {
  private readonly seen = new Set<string>();
  // #private: a dump of the tracer (console.log, util.inspect) must not print the key it redacts
  readonly #secrets: string[];

  constructor(
    secrets: ReadonlyArray<string | undefined>,
    private readonly verbose = false,
    private readonly sink: LogSink = defaultSink,
  ) {
    // very short "keys" would redact ordinary words; real keys are long
    const keys = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4);
    // errors echo a key the way they saw it: inside a URL (percent-encoded) or a JSON string (escaped)
    const forms = keys.flatMap((k) => [k, safely(() => encodeURIComponent(k)), safely(() => JSON.stringify(k).slice(1, -1))]);
    // longest first, so a form that contains another is replaced whole
    this.#secrets = [...new Set(forms.filter((f): f is string => f !== undefined && f.length >= 4))].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.#secrets) out = out.split(s).join("[redacted]");
    return out;
  }

  debug(message: string): void {
    if (this.verbose) this.emit("debug", message);
  }
  warn(message: string): void {
    this.emit("warn", message);
  }
  error(message: string): void {
    this.emit("error", message);
  }

  /** Logs a given key once per logger: for faults that would otherwise repeat per span. */
  once(key: string, level: LogLevel, message: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (level !== "debug" || this.verbose) this.emit(level, message);
  }

  private emit(level: LogLevel, message: string): void {
    try {
      this.sink(level, this.redact(message));
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
    const why = cause instanceof Error ? ` (${cause.name}: ${cause.message}${codeOf(cause)})` : "";
    return `${err.name}: ${err.message}${why}`;
  } catch {
    return "unprintable error";
  }
}

function codeOf(err: Error): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && !err.message.includes(code) ? ` ${code}` : "";
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined; // encodeURIComponent throws on lone surrogates
  }
}
