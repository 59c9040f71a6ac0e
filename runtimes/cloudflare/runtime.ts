import { contextManagerFor, type AsyncLocalStorageClass } from "../../src/context/async-local-storage.js";
import type { Runtime } from "../../src/runtime.js";

let asyncLocalStorage: AsyncLocalStorageClass | undefined;

/** withHoneyHive sets this after detecting nodejs_als, before it creates the tracer. */
export function useAsyncLocalStorage(als: AsyncLocalStorageClass | undefined): void {
  asyncLocalStorage = als;
}

export const cloudflareRuntime: Runtime = {
  name: "cloudflare",
  // Workers have no global env: bindings arrive with each request and withHoneyHive passes them as options.env
  readEnv() {
    return { env: {} };
  },
  contextManager() {
    return contextManagerFor(asyncLocalStorage);
  },
};
