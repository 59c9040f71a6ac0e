import type { ContextManager } from "@opentelemetry/api";
import type { TracerProvider as SdkTracerProvider } from "@opentelemetry/sdk-trace";

/**
 * What differs per runtime, and nothing else. Each adapter under runtimes/ fills this in;
 * the core never looks at process, Deno or the DOM itself.
 */
export interface Runtime {
  readonly name: string;
  /** Where HH_* variables come from when the user passes no `env`. */
  readEnv(): { env: Record<string, unknown>; warning?: string };
  /** The context manager to register with a provider we create (undefined: keep the API's default). */
  contextManager?(): ContextManager | undefined;
  /** The provider class (default: the SDK's TracerProvider). */
  readonly Provider?: typeof SdkTracerProvider;
  /** gzip for request bodies where the runtime has a cheaper one than CompressionStream (Node's zlib). */
  gzip?(data: Uint8Array): Promise<Uint8Array>;
  /**
   * Keeps exports alive at the end of the program, e.g. Node's beforeExit. `flush` ends by `deadline` (ms since
   * epoch; default: `timeoutMillis`, the shutdownTimeoutMillis, from now) whatever the server does. Returns a disposer.
   */
  keepAlive?(flush: (deadline?: number) => Promise<void>, timeoutMillis: number): (() => void) | void;
}

/** For the pure core used directly: env only from options, no context manager. */
export const bareRuntime: Runtime = {
  name: "core",
  readEnv() {
    return { env: {} };
  },
};
