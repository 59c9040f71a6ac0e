import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { gzip } from "node:zlib";
import type { Runtime } from "../../src/runtime.js";
import { flushAtProcessEnd } from "./lifecycle.js";

export const nodeRuntime: Runtime = {
  name: "node",
  readEnv: () => ({ env: process.env }),
  contextManager: () => new AsyncLocalStorageContextManager(),
  // one call, compressed on libuv's thread pool: far less main-thread work than CompressionStream's streams
  gzip: (data) => new Promise((resolve, reject) => gzip(data, (err, out) => (err ? reject(err) : resolve(out)))),
  // beforeExit, SIGTERM/SIGINT and crashes: one set of listeners for every tracer in the process
  keepAlive: flushAtProcessEnd,
};
