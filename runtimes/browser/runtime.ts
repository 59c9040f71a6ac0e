import { StackContextManager } from "@opentelemetry/sdk-trace";
import type { Runtime } from "../../src/runtime.js";

export const browserRuntime: Runtime = {
  name: "browser",
  // pages have no environment: configuration comes from options only (process is never read)
  readEnv: () => ({ env: {} }),
  // the SDK's own TracerProvider: sdk-trace-web's WebTracerProvider adds only a register() we do not call
  contextManager: () => new StackContextManager(),
};
