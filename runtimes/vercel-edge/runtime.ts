import { contextManagerFor, type AsyncLocalStorageClass } from "../../src/context/async-local-storage.js";
import type { Runtime } from "../../src/runtime.js";

type EdgeGlobals = { process?: { env?: Record<string, unknown> }; AsyncLocalStorage?: AsyncLocalStorageClass };
const edge = globalThis as EdgeGlobals;

export const vercelEdgeRuntime: Runtime = {
  name: "vercel-edge",
  readEnv: () => ({ env: edge.process?.env ?? {} }),
  // the Edge runtime exposes AsyncLocalStorage as a global (no node:async_hooks import needed)
  contextManager: () => contextManagerFor(edge.AsyncLocalStorage),
};
