import type { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { StackContextManager, WebTracerProvider } from "@opentelemetry/sdk-trace-web";
import type { Runtime } from "../../src/runtime.js";

export const browserRuntime: Runtime = {
  name: "browser",
  // pages have no environment: configuration comes from options only (process is never read)
  readEnv: () => ({ env: {} }),
  contextManager: () => new StackContextManager(),
  // sdk-trace-web 2.12.0 pins its own sdk-trace-base 2.12.0, so TypeScript sees two BasicTracerProvider classes
  Provider: WebTracerProvider as unknown as typeof BasicTracerProvider,
};
