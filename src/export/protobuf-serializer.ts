// Only what the protobuf path needs, as a static named import: bundlers tree-shake otlp-transformer's
// logs and metrics serializers away, while protobuf.ts still loads this module lazily.
export { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
