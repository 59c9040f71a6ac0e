// Property: enrichment objects that fight back (cycles, depth, __proto__, throwing getters and proxies,
// BigInt, symbols, functions, NaN/Infinity, huge) never throw out of trace/enrichSpan, and what is
// exported is still valid UTF-8 JSON with every span accepted.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer, type Enrichment } from "../../runtimes/node/index.js";
import { captureConsole, options, useTestReceiver } from "../reliability/helpers.js";
import { SEED, enrichment, enrichmentValue, returnValue, spanName } from "./arbitraries.js";
import { checkPayloads, drainChunk } from "./payloads.js";

const ctx = useTestReceiver({ keepBodies: true });
export const CASES = Number(process.env.FUZZ_CASES ?? 20_000);
const CHUNKS = 4;

describe("fuzz: enrichment objects", () => {
  it(`${CASES} cases: trace/enrichSpan never throw, every span exported, payloads valid`, async () => {
    captureConsole(); // "tracing error (ignored)" lines are expected for proxies and throwing getters
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxQueueSize: 1_000_000, compression: "none", maxAttributeLength: 4096 }));
    let ended = 0;
    let accepted = 0;
    try {
      for (let chunk = 0; chunk < CHUNKS; chunk++) {
        fc.assert(
          fc.property(spanName, enrichmentValue, enrichmentValue, enrichment, returnValue, (name, inputs, metadata, enrich, output) => {
            const result = tracer.trace(name as string, () => {
              tracer.enrichSpan(enrich as Enrichment);
              // nested, in another session, with the hostile value as the child's output
              return tracer.withSession("s-fuzz", () => tracer.trace("child", () => output));
            }, { inputs, metadata: metadata as Record<string, unknown> });
            expect(result).toBe(output); // the caller's value comes back untouched
            ended += 2;
          }),
          { numRuns: CASES / CHUNKS, seed: SEED + 100 + chunk },
        );
        accepted += await drainChunk(tracer, ctx.receiver);
      }
      expect(accepted).toBe(ended);
      expect(tracer.stats()).toMatchObject({ exported: ended, failed: 0, dropped: 0 });
    } finally {
      await tracer.shutdown();
    }
  }, 120_000);

  it("enrichSpan outside any span, and async traces with hostile results, never throw", async () => {
    captureConsole();
    const tracer = HoneyHiveTracer.init(options(ctx.receiver));
    try {
      await fc.assert(
        fc.asyncProperty(enrichment, returnValue, async (enrich, output) => {
          tracer.enrichSpan(enrich as Enrichment); // no active span: a no-op
          const got = await tracer.trace("async", async () => {
            await Promise.resolve();
            tracer.enrichSpan(enrich as Enrichment);
            return output;
          });
          expect(got).toBe(output);
        }),
        { numRuns: 500, seed: SEED + 200 },
      );
      await tracer.flush();
      checkPayloads(ctx.receiver);
      expect(ctx.receiver.accepted).toHaveLength(500);
    } finally {
      await tracer.shutdown();
    }
  });
});
