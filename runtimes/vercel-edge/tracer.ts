import { HoneyHiveSpanProcessor as CoreProcessor, HoneyHiveTracer as CoreTracer } from "../../src/index.js";
import { vercelEdgeRuntime } from "./runtime.js";

/** HoneyHiveTracer for Vercel Edge: HH_* from process.env, AsyncLocalStorage context. */
export class HoneyHiveTracer extends CoreTracer {
  static override runtime = vercelEdgeRuntime;
}

/** HoneyHiveSpanProcessor for a provider of your own (e.g. @vercel/otel's registerOTel({ spanProcessors })). */
export class HoneyHiveSpanProcessor extends CoreProcessor {
  static override runtime = vercelEdgeRuntime;
}
