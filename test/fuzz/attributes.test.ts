// Property: whatever keys, values and names a caller hands to span APIs, nothing escapes into the caller,
// every span is exported, and every request body is valid UTF-8 JSON (checked on the receiver's raw bytes).
import type { Attributes, Span } from "@opentelemetry/api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { captureConsole, options, useTestReceiver } from "../reliability/helpers.js";
import { SEED, anyValue, attributeKey, attributes, nastyString, spanName, spanOptions, time } from "./arbitraries.js";
import { drainChunk } from "./payloads.js";

const ctx = useTestReceiver({ keepBodies: true });
export const CASES = Number(process.env.FUZZ_CASES ?? 40_000); // of the suite's >= 100,000 (with enrich: 20,000, config: 45,000)
const CHUNKS = 8;

type Op =
  | { setAttribute: [string, unknown] }
  | { setAttributes: Record<string, unknown> }
  | { addEvent: [unknown, Record<string, unknown>, unknown] }
  | { updateName: unknown }
  | { setStatus: { code: unknown; message: unknown } }
  | { recordException: unknown };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(attributeKey, anyValue).map((a) => ({ setAttribute: a })) },
  { weight: 3, arbitrary: attributes.map((a) => ({ setAttributes: a })) },
  { weight: 1, arbitrary: fc.tuple(spanName, attributes, time).map((a) => ({ addEvent: a })) },
  { weight: 1, arbitrary: spanName.map((n) => ({ updateName: n })) },
  { weight: 1, arbitrary: fc.record({ code: fc.oneof(fc.integer({ min: -1, max: 3 }), anyValue), message: anyValue }).map((s) => ({ setStatus: s })) },
  // what recordException's type allows (OpenTelemetry's own SDK throws on e.g. a null-prototype object)
  {
    weight: 1,
    arbitrary: fc
      .oneof(nastyString, nastyString.map((m) => new Error(m)), fc.record({ message: nastyString, name: nastyString, code: fc.oneof(nastyString, fc.integer()) }, { requiredKeys: [], noNullPrototype: true }))
      .map((e) => ({ recordException: e })),
  },
);

function apply(span: Span, o: Op): void {
  if ("setAttribute" in o) span.setAttribute(...(o.setAttribute as [string, never]));
  else if ("setAttributes" in o) span.setAttributes(o.setAttributes as Attributes);
  else if ("addEvent" in o) span.addEvent(o.addEvent[0] as string, o.addEvent[1] as Attributes, o.addEvent[2] as number);
  else if ("updateName" in o) span.updateName(o.updateName as string);
  else if ("setStatus" in o) span.setStatus(o.setStatus as never);
  else span.recordException(o.recordException as Error);
}

describe("fuzz: attribute keys, values and names", () => {
  it(`${CASES} cases: no exception escapes, every span exported, every payload valid UTF-8 JSON`, async () => {
    const lines = captureConsole();
    const tracer = HoneyHiveTracer.init(options(ctx.receiver, { maxQueueSize: 1_000_000, compression: "none", maxAttributes: 128, maxAttributeLength: 1024 }));
    const manual = tracer.getTracer("fuzz");
    let ended = 0;
    let accepted = 0;
    try {
      for (let chunk = 0; chunk < CHUNKS; chunk++) {
        fc.assert(
          fc.property(spanName, attributes, fc.array(op, { maxLength: 5 }), fc.boolean(), spanOptions, time, (name, initial, ops, viaTrace, opts, endTime) => {
            if (viaTrace) {
              // the same through tracer.trace, whose inputs/metadata/outputs are flattened
              tracer.trace(name as string, (span) => {
                for (const o of ops) apply(span, o);
                return initial;
              }, { inputs: initial, metadata: { k: name }, eventType: typeof name === "string" ? name : undefined });
            } else {
              const span = manual.startSpan(name as string, { ...(opts as object), attributes: initial as Attributes });
              for (const o of ops) apply(span, o);
              span.end(endTime as number);
            }
            ended++;
          }),
          { numRuns: CASES / CHUNKS, seed: SEED + chunk },
        );
        accepted += await drainChunk(tracer, ctx.receiver);
      }
      expect(accepted).toBe(ended);
      expect(tracer.stats()).toMatchObject({ exported: ended, failed: 0, dropped: 0 });
      expect(lines.filter((l) => /failed|error/i.test(l))).toEqual([]);
    } finally {
      await tracer.shutdown();
    }
  }, 120_000);
});
