import { HoneyHiveSpanProcessor as CoreProcessor, HoneyHiveTracer as CoreTracer } from "../../src/index.js";
import { denoRuntime } from "./runtime.js";

/** HoneyHiveTracer for Deno: HH_* from Deno.env (defaults and one warning without --allow-env), AsyncLocalStorage context. */
export class HoneyHiveTracer extends CoreTracer {
  static override runtime = denoRuntime;
}

/** HoneyHiveSpanProcessor for a provider of your own; reads HH_* from Deno.env. */
export class HoneyHiveSpanProcessor extends CoreProcessor {
  static override runtime = denoRuntime;
}
