import type { AsyncLocalStorageClass } from "../../src/context/async-local-storage.js";

// Built at run time so that no bundler (wrangler's esbuild included) tries to resolve it: a Worker without
// nodejs_als / nodejs_compat still builds, and the import simply fails there.
const ASYNC_HOOKS = ["node", "async_hooks"].join(":");

let detected: Promise<AsyncLocalStorageClass | undefined> | undefined;

/** workerd's AsyncLocalStorage when the nodejs_als (or nodejs_compat) flag is on, else undefined. Once per isolate. */
export function detectAsyncLocalStorage(): Promise<AsyncLocalStorageClass | undefined> {
  return (detected ??= import(/* @vite-ignore */ /* webpackIgnore: true */ ASYNC_HOOKS).then(
    (m: { AsyncLocalStorage?: AsyncLocalStorageClass }) => m.AsyncLocalStorage,
    () => undefined,
  ));
}
