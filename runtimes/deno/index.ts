// honeyhive-edge/deno (and the root export under the "deno" condition)
import { useOtlpProtobuf } from "../../src/index.js";

export * from "../../src/index.js";

// protobuf on demand: otlp-transformer loads only when HH_OTLP_PROTOCOL=http/protobuf asks for it
useOtlpProtobuf(() => import("@opentelemetry/otlp-transformer").then((m) => m.ProtobufTraceSerializer));
export { HoneyHiveTracer, HoneyHiveSpanProcessor } from "./tracer.js";
export { withHoneyHive, type ServeInfo, type TracedServeHandler } from "./serve.js";
