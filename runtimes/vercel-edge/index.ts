// honeyhive-edge/vercel-edge (and the root export under the "edge-light" condition)
export * from "../../src/index.js";
export { HoneyHiveTracer, HoneyHiveSpanProcessor } from "./tracer.js";
export { withHoneyHive, type TracedEdgeHandler } from "./handler.js";
export type { WaitUntil } from "./wait-until.js";
