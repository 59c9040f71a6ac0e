// honeyhive-edge/deno (and the root export under the "deno" condition)
export * from "../../src/index.js";
export { HoneyHiveTracer, HoneyHiveSpanProcessor } from "./tracer.js";
export { withHoneyHive, type ServeInfo, type TracedServeHandler } from "./serve.js";
