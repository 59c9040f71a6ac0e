// The JSON writer never encodes into a view it cannot fill, never sends a string it failed to encode, and
// keeps nothing of a large or failed document (issue 14, item 1). Node 20's TextEncoder.encodeInto writes
// nothing into a view over 2 GiB: the writer's buffer, kept across documents, once grown past that made
// every later long or non-ASCII string go out as "". Reproduced here without allocating GBs: the views the
// writer passes are measured, and Node 20's behaviour is replayed at a 1 MiB threshold.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it, vi } from "vitest";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { captureConsole, options, sleep, useTestReceiver } from "./helpers.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const ctx = useTestReceiver();
const realEncodeInto = TextEncoder.prototype.encodeInto;
const TEXT = "naïve café — 検索 👋 ".repeat(8); // non-ASCII, past the writer's short-string loop

/** Node 20's encodeInto, with its 2 GiB threshold scaled down to `limit` bytes. */
function replayNode20(limit: number): void {
  vi.spyOn(TextEncoder.prototype, "encodeInto").mockImplementation(function (this: TextEncoder, s: string, view: Uint8Array) {
    return view.length > limit ? { read: 0, written: 0 } : realEncodeInto.call(this, s, view);
  });
}

function endSpan(tracer: HoneyHiveTracer, name: string, attributes: Record<string, string>): void {
  tracer.getTracer().startSpan(name, { attributes }).end();
}

describe("the JSON writer", () => {
  it("passes encodeInto a view no larger than the string can fill", async () => {
    const slack: number[] = [];
    vi.spyOn(TextEncoder.prototype, "encodeInto").mockImplementation(function (this: TextEncoder, s: string, view: Uint8Array) {
      slack.push(view.length - s.length * 3);
      return realEncodeInto.call(this, s, view);
    });
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { compression: "none" }));
    for (let i = 0; i < 20; i++) endSpan(tracer, `span ${i}`, { text: TEXT, long: "x".repeat(500 + i) });
    await tracer.flush();
    await tracer.shutdown();
    expect(ctx.receiver.accepted).toHaveLength(20);
    expect(ctx.receiver.accepted.every((s) => s.attributes.text === TEXT)).toBe(true);
    expect(slack.length).toBeGreaterThan(20);
    expect(Math.max(...slack)).toBeLessThanOrEqual(0);
  });

  it("after a huge span and one that fails to encode: the grown buffer is let go and later strings arrive whole", async () => {
    const lines = captureConsole();
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { compression: "none" }));
    gc();
    const before = process.memoryUsage().arrayBuffers;
    // 8 MB of text grows the writer's buffer to ~24 MB; the next span throws while it is encoded
    endSpan(tracer, "huge", { blob: "b".repeat(8_000_000) });
    const span = tracer.getTracer().startSpan("hostile");
    span.end();
    Object.defineProperty((span as unknown as { attributes: object }).attributes, "trap", { enumerable: true, get: () => { throw new Error("a caller's getter"); } });
    await tracer.flush();
    ctx.receiver.clear(); // the receiver's copy of the 8 MB value
    endSpan(tracer, "tiny", {});
    await tracer.flush();
    // what fetch and the sockets still hold goes in a while; the writer's buffer, before the fix, never did
    let kept = Infinity;
    for (let i = 0; i < 20 && kept >= 4 << 20; i++) {
      await sleep(50);
      gc();
      kept = process.memoryUsage().arrayBuffers - before;
    }
    expect(tracer.stats()).toMatchObject({ exported: 2, failed: 1 });
    expect(lines).toContainEqual(expect.stringMatching(/could not be encoded.*a caller's getter/));
    expect(kept, `${kept} bytes of ArrayBuffers kept after the export`).toBeLessThan(4 << 20);

    // later documents, with encodeInto behaving as Node 20's does past its threshold
    replayNode20(1 << 20);
    for (let i = 0; i < 10; i++) endSpan(tracer, `later ${i}`, { text: TEXT });
    await tracer.flush();
    await tracer.shutdown();
    const later = ctx.receiver.accepted.filter((s) => s.name.startsWith("later"));
    expect(later.map((s) => s.attributes.text)).toEqual(new Array(10).fill(TEXT));
  });

  it("a string encodeInto did not write whole fails its span (counted, logged) instead of going out as \"\"", async () => {
    const lines = captureConsole();
    replayNode20(0); // writes nothing, whatever the view
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { compression: "none" }));
    endSpan(tracer, "one", { text: TEXT });
    await tracer.flush();
    await tracer.shutdown();
    expect(ctx.receiver.accepted).toEqual([]);
    expect(ctx.receiver.requests).toEqual([]);
    expect(tracer.stats()).toMatchObject({ exported: 0, failed: 1 });
    expect(lines).toContainEqual(expect.stringMatching(/could not be encoded.*encodeInto wrote 0 of/));
  });
});
