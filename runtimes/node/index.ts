import { HoneyHiveSpanProcessor as CoreProcessor, HoneyHiveTracer as CoreTracer } from "../../src/index.js";
import { nodeRuntime } from "./runtime.js";

export * from "../../src/index.js";

/** HoneyHiveTracer for Node: HH_* from process.env, AsyncLocalStorage context, flush on beforeExit. */
export class HoneyHiveTracer extends CoreTracer {
  static override runtime = nodeRuntime;
}

/** HoneyHiveSpanProcessor for a provider of your own; reads HH_* from process.env. */
export class HoneyHiveSpanProcessor extends CoreProcessor {
  static override runtime = nodeRuntime;
}
