import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import type { Runtime } from "../../src/runtime.js";

export const nodeRuntime: Runtime = {
  name: "node",
  readEnv: () => ({ env: process.env }),
  contextManager: () => new AsyncLocalStorageContextManager(),
  keepAlive(flush) {
    // beforeExit fires when the loop is empty: the flush's fetch keeps it alive until sent
    const onBeforeExit = () => void flush();
    process.on("beforeExit", onBeforeExit);
    return () => process.off("beforeExit", onBeforeExit);
  },
};
