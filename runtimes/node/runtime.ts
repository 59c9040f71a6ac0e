import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { gzip } from "node:zlib";
import type { Runtime } from "../../src/runtime.js";

export const nodeRuntime: Runtime = {
  name: "node",
  readEnv: () => ({ env: process.env }),
  contextManager: () => new AsyncLocalStorageContextManager(),
  // one call, compressed on libuv's thread pool: far less main-thread work than CompressionStream's streams
  gzip: (data) => new Promise((resolve, reject) => gzip(data, (err, out) => (err ? reject(err) : resolve(out)))),
  keepAlive(flush) {
    // beforeExit fires when the loop is empty: the flush's fetch keeps it alive until sent
    const onBeforeExit = () => void flush();
    process.on("beforeExit", onBeforeExit);
    return () => process.off("beforeExit", onBeforeExit);
  },
};
