// honeyhive-edge/browser (and the root export under the "browser" condition)
export * from "../../src/index.js";
export { HoneyHiveTracer, HoneyHiveSpanProcessor } from "./tracer.js";
