import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import type { Runtime } from "../../src/runtime.js";
import { readDenoEnv } from "./env.js";

export const denoRuntime: Runtime = {
  name: "deno",
  readEnv: readDenoEnv,
  contextManager: () => new AsyncLocalStorageContextManager(),
  keepAlive(flush) {
    // Deno's beforeunload is Node's beforeExit: it fires when the loop is empty, and the flush's fetch refills it
    const onBeforeUnload = () => void flush();
    globalThis.addEventListener("beforeunload", onBeforeUnload);
    return () => globalThis.removeEventListener("beforeunload", onBeforeUnload);
  },
};
