import { HoneyHiveSpanProcessor as CoreProcessor, HoneyHiveTracer as CoreTracer, useOtlpProtobuf } from "../../src/index.js";
import { nodeRuntime } from "./runtime.js";

export * from "../../src/index.js";

// protobuf on demand: otlp-transformer loads only when HH_OTLP_PROTOCOL=http/protobuf asks for it
useOtlpProtobuf(() => import("@opentelemetry/otlp-transformer").then((m) => m.ProtobufTraceSerializer));

/** HoneyHiveTracer for Node: HH_* from process.env, AsyncLocalStorage context, flush at the end of the process (beforeExit, SIGTERM/SIGINT, a crash). */
export class HoneyHiveTracer extends CoreTracer {
  static override runtime = nodeRuntime;
}

/** HoneyHiveSpanProcessor for a provider of your own; reads HH_* from process.env. */
export class HoneyHiveSpanProcessor extends CoreProcessor {
  static override runtime = nodeRuntime;
}
