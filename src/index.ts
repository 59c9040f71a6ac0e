// honeyhive-edge/core: the pure core. Runtime adapters re-export all of this with their wiring.
export { HoneyHiveTracer, type TraceOptions } from "./tracer/tracer.js";
export { HoneyHiveSpanProcessor, type ProcessorContext } from "./tracer/processor.js";
export type { Enrichment } from "./tracer/enrich.js";
export type { Carrier } from "./tracer/propagation.js";
export type { HandlerOptions, SessionPolicy } from "./tracer/work-session.js";
export type { ProviderStrategy } from "./tracer/provider.js";
export { ConfigError, resolveConfig, CONFIG_ENV_VARS, PRESETS } from "./config/index.js";
export type { HoneyHiveOptions, ResolvedConfig, PresetName } from "./config/index.js";
export { computeSpanLimits } from "./limits.js";
export { CORE_ATTRIBUTES, isCoreAttribute } from "./attributes/core.js";
export { detectEventType } from "./attributes/event-type.js";
export { utf8ByteLength, truncateUtf8 } from "./truncation/utf8.js";
export { TRUNCATION_MARKER, truncateAttributeValue } from "./truncation/value.js";
export { HoneyHiveExporter, TRACES_PATH } from "./export/exporter.js";
export { useOtlpProtobuf, type ProtobufSerializer } from "./export/protobuf.js";
export type { ExportStats } from "./export/batch-queue.js";
export type { Runtime } from "./runtime.js";
