// A request in flight holds its encoded body, not its spans (README, "In flight"): with JSON the spans can be
// garbage-collected while the server is still answering; protobuf keeps them to re-encode after a 413.
import type { Span } from "@opentelemetry/api";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { API_KEY, captureConsole, sleep } from "./helpers.js";
import { startScripted } from "./scripted-server.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** In a function of its own: a suspended async test would keep its last loop variable alive. */
function endSpans(tracer: HoneyHiveTracer, n: number): WeakRef<Span>[] {
  const refs: WeakRef<Span>[] = [];
  for (let i = 0; i < n; i++) {
    const span = tracer.getTracer().startSpan(`span ${i}`, { attributes: { pad: "x".repeat(1000) } });
    span.end();
    refs.push(new WeakRef(span));
  }
  return refs;
}

describe("a request in flight", () => {
  it.each([
    ["http/json", 0],
    ["http/protobuf", 50],
  ] as const)("%s: %i of 50 spans still reachable while the server answers", async (protocol, reachable) => {
    captureConsole(); // a second tracer in this file warns that the first one's provider is global
    const server = await startScripted(() => ({ status: 200, delayMs: 1500 }));
    const tracer = HoneyHiveTracer.init({ apiKey: API_KEY, serverUrl: server.url, env: {}, protocol, compression: "none" });
    try {
      // through the tracer's queue and exporter; nothing here keeps the spans, only weak references
      const refs = endSpans(tracer, 50);
      const flushed = tracer.flush();
      while (server.seen.length === 0) await sleep(10); // the body has arrived; the answer is 1.5 s away
      for (let i = 0; i < 3; i++) {
        await sleep(0); // weak references are only cleared once the job that read them is over
        gc();
      }
      expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(reachable);
      await flushed;
      expect(tracer.stats()).toMatchObject({ exported: 50, failed: 0 });
    } finally {
      await tracer.shutdown();
      await server.close();
    }
  });
});
