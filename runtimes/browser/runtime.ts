import { StackContextManager, WebTracerProvider } from "@opentelemetry/sdk-trace-web";
import type { Runtime } from "../../src/runtime.js";

export const browserRuntime: Runtime = {
  name: "browser",
  // pages have no environment: configuration comes from options only (process is never read)
  readEnv: () => ({ env: {} }),
  contextManager: () => new StackContextManager(),
  Provider: WebTracerProvider,
};
