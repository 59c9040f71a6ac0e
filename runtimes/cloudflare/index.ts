// honeyhive-edge/cloudflare (and the root export under the "workerd" / "worker" conditions)
export * from "../../src/index.js";
export { HoneyHiveTracer, HoneyHiveSpanProcessor } from "./tracer.js";
export { withHoneyHive, type TracedHandler, type WorkerHandler, type WorkerOptions, type ScheduledEvent, type QueueBatch } from "./handler.js";
export type { WorkerContext } from "./wait-until.js";
