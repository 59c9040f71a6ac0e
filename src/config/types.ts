/** Public configuration types. Field names are fixed by DESIGN.md. */

export type PresetName = "text-heavy" | "multimodal" | "memory-constrained" | "debug";
export type Compression = "gzip" | "none";
export type OtlpProtocol = "http/json" | "http/protobuf";

/** What users pass to `HoneyHiveTracer.init` (all optional; `undefined` counts as unset). */
export interface HoneyHiveOptions {
  /** HH_API_KEY. Without it nothing goes to HoneyHive (spans still go to a loopback serverUrl). */
  apiKey?: string;
  /** HH_PROJECT, default "default". */
  project?: string;
  /** HH_SOURCE, default "dev". */
  source?: string;
  /** HH_SESSION_ID; non-empty, at most 256 characters. The tracer generates a UUID when absent. */
  sessionId?: string;
  /** HH_SESSION_NAME. */
  sessionName?: string;
  /** HH_API_URL, default "https://api.honeyhive.ai"; http(s) base URL, trailing "/" removed. */
  serverUrl?: string;
  /** HH_MAX_ATTRIBUTES, 128..10000, default 1024. */
  maxAttributes?: number;
  /** HH_MAX_ATTRIBUTE_LENGTH, UTF-8 bytes, 1024..104857600, default 10485760. */
  maxAttributeLength?: number;
  /** HH_MAX_EVENTS, positive integer, default 128. */
  maxEvents?: number;
  /** HH_MAX_LINKS, positive integer, default 128. */
  maxLinks?: number;
  /** HH_MAX_SPAN_SIZE, total attribute bytes per span, 1048576..104857600, default max(10485760, maxAttributeLength). */
  maxSpanSize?: number;
  /** HH_PRESERVE_CORE_ATTRIBUTES, default true. */
  preserveCoreAttributes?: boolean;
  /**
   * HH_PRESERVE_ATTRIBUTES (comma-separated): keys kept with the results ahead of bulk input when a span is
   * full, each an exact key or a prefix ending in "*", e.g. ["myapp.answer", "myapp.score.*"].
   */
  preserveAttributes?: readonly string[];
  /** HH_PRESET: the seed's use-case table. Explicit fields, HH_* and OTEL_* env all win over it. */
  preset?: PresetName;
  /** HH_VERBOSE, default false: debug logs. */
  verbose?: boolean;
  /** HH_MAX_QUEUE_SIZE, 1..1000000, default 2048: spans buffered before export. */
  maxQueueSize?: number;
  /** HH_MAX_EXPORT_BATCH_SIZE, 1..maxQueueSize, default 512 (clamped to maxQueueSize when not given). */
  maxExportBatchSize?: number;
  /** HH_MAX_REQUEST_SIZE, bytes, 65536..104857600, default 4194304; larger batches are split. */
  maxRequestSize?: number;
  /** HH_EXPORT_TIMEOUT_MS, 100..600000, default 10000: per request. */
  exportTimeoutMillis?: number;
  /** HH_EXPORT_DEADLINE_MS, 100..600000, default 30000: all retries of one export. */
  exportDeadlineMillis?: number;
  /**
   * HH_SHUTDOWN_TIMEOUT_MS, 100..600000, default 5000: how long the flush at the end of a program (Node's
   * beforeExit, SIGTERM/SIGINT, a crash; Deno's beforeunload) may take before the program ends anyway.
   */
  shutdownTimeoutMillis?: number;
  /** HH_OTLP_COMPRESSION, default "gzip". */
  compression?: Compression;
  /** HH_OTLP_PROTOCOL, default "http/json". */
  protocol?: OtlpProtocol;
  /**
   * Where the tracer reads HH_* from (e.g. Workers bindings). `resolveConfig` ignores this key: it takes
   * the env as its second argument, and the tracer/adapters decide which env that is.
   */
  env?: Record<string, unknown>;
}

/** The resolved configuration: frozen; `apiKey` is a non-enumerable property (absent from JSON/logs). */
export interface ResolvedConfig {
  readonly apiKey?: string;
  readonly project: string;
  readonly source: string;
  readonly sessionId?: string;
  readonly sessionName?: string;
  readonly serverUrl: string;
  readonly maxAttributes: number;
  readonly maxAttributeLength: number;
  readonly maxEvents: number;
  readonly maxLinks: number;
  readonly maxSpanSize: number;
  readonly preserveCoreAttributes: boolean;
  readonly preserveAttributes?: readonly string[];
  readonly preset?: PresetName;
  readonly verbose: boolean;
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly maxRequestSize: number;
  readonly exportTimeoutMillis: number;
  readonly exportDeadlineMillis: number;
  readonly shutdownTimeoutMillis: number;
  readonly compression: Compression;
  readonly protocol: OtlpProtocol;
  /**
   * For each field, where its value came from: "default", "option", "env:HH_X", "env:OTEL_X",
   * "preset:<name>", "derived:<field>" (a default adjusted to another field), or "unset" (optional, absent).
   */
  readonly sources: Readonly<Record<ConfigField, string>>;
  /** Typo warnings etc., for the tracer to log once. Never contain the API key or any option/env string. */
  readonly warnings: readonly string[];
}

/** Every configurable field (the keys of ResolvedConfig besides `sources` and `warnings`). */
export type ConfigField = Exclude<keyof ResolvedConfig, "sources" | "warnings">;
