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
  private readonly secrets: string[];

  constructor(
    secrets: ReadonlyArray<string | undefined>,
    private readonly verbose = false,
    private readonly sink: LogSink = defaultSink,
  ) {
    // very short "keys" would redact ordinary words; real keys are long
    this.secrets = secrets.filter((s): s is string => typeof s === "string" && s.length >= 4);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join("[redacted]");
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

/** A message for any thrown value, without trusting its toString. */
export function describeError(err: unknown): string {
  try {
    if (err instanceof Error) return `${err.name}: ${err.message}`;
    return String(err);
  } catch {
    return "unprintable error";
  }
}
