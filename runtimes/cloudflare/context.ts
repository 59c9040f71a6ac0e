import type { AsyncLocalStorageClass } from "../../src/context/async-local-storage.js";

/** What workerd tells a Worker about itself: the compatibility flags it runs with. */
interface WorkerdGlobals {
  Cloudflare?: { compatibilityFlags?: Record<string, boolean> };
}

export const NO_ALS_WARNING =
  "this Worker runs without AsyncLocalStorage: the parent span and the session are lost after each `await`. " +
  'Add compatibility_flags = ["nodejs_als"] (or "nodejs_compat") to your wrangler config.';

let detected: Promise<AsyncLocalStorageClass | undefined> | undefined;

/** workerd's AsyncLocalStorage when the nodejs_als (or nodejs_compat) flag is on, else undefined. Once per isolate. */
export function detectAsyncLocalStorage(): Promise<AsyncLocalStorageClass | undefined> {
  const flags = (globalThis as WorkerdGlobals).Cloudflare?.compatibilityFlags;
  return (detected ??= (
    // without either flag the module does not exist: not even asked for (workerd without flags lists both as false)
    flags && !flags.nodejs_als && !flags.nodejs_compat
      ? Promise.resolve(undefined)
      : // a literal specifier: Miniflare's module scanner and wrangler accept it under either flag; a computed one neither
        import("node:async_hooks").then(
          (m) => m.AsyncLocalStorage as unknown as AsyncLocalStorageClass,
          () => undefined,
        )
  ));
}
