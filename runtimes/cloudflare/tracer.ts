import { HoneyHiveSpanProcessor as CoreProcessor, HoneyHiveTracer as CoreTracer } from "../../src/index.js";
import { cloudflareRuntime } from "./runtime.js";

/** HoneyHiveTracer for Workers: pass the bindings as `env` (withHoneyHive does), AsyncLocalStorage with nodejs_als. */
export class HoneyHiveTracer extends CoreTracer {
  static override runtime = cloudflareRuntime;
}

/** HoneyHiveSpanProcessor for a provider of your own; pass the bindings as `env`. */
export class HoneyHiveSpanProcessor extends CoreProcessor {
  static override runtime = cloudflareRuntime;
}
