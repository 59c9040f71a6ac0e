// Our OTLP/JSON byte writer against an independent encoder: otlp-transformer's protobuf serializer, both
// read back by the receiver's decoders. Strings cross every path of the writer: short ASCII (the JS loop),
// short non-ASCII (the loop bails out), long text (encodeInto), quotes/controls (JSON.stringify), lone
// surrogates (U+FFFD either way).
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonEncoding } from "../../src/export/encoding.js";
import { decodeTraceRequestJson } from "../../receiver/decode.js";
import { decodeTraceRequestProtobuf } from "../../receiver/protobuf.js";
import { nastyString, SEED } from "../fuzz/arbitraries.js";

const fatal = new TextDecoder("utf-8", { fatal: true });

function provider() {
  const ended: ReadableSpan[] = [];
  const collect: SpanProcessor = { onStart() {}, onEnd: (s) => void ended.push(s), forceFlush: async () => {}, shutdown: async () => {} };
  const limits = { attributeCountLimit: 10_000, eventCountLimit: 100 };
  return { ended, tracer: new BasicTracerProvider({ spanProcessors: [collect], spanLimits: limits }).getTracer("enc", "1") };
}

/** Both encodings of the same spans, decoded to the receiver's records. */
function both(spans: ReadableSpan[]) {
  const json = decodeTraceRequestJson(fatal.decode(jsonEncoding.encode(spans)), 1);
  const proto = decodeTraceRequestProtobuf(ProtobufTraceSerializer.serializeRequest(spans as never[])!, 1);
  return { json, proto };
}

const longString = fc.tuple(fc.constantFrom("a", "é", '"', "\n", "😀", "\uD800", "\\", "検"), nastyString, fc.integer({ min: 49, max: 3000 }))
  .map(([c, s, n]) => (c + s).repeat(Math.ceil(n / (c.length + s.length || 1))));
const value = fc.oneof(
  nastyString,
  longString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(nastyString, { maxLength: 4 }),
  fc.array(fc.integer(), { maxLength: 4 }),
);

describe("OTLP/JSON bytes", () => {
  it("decode to exactly what otlp-transformer's protobuf gives, and are strict UTF-8", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(nastyString, longString), fc.array(fc.tuple(fc.oneof(nastyString, longString), value), { maxLength: 12 }), nastyString), { minLength: 1, maxLength: 6 }),
        (specs) => {
          const { ended, tracer } = provider();
          for (const [name, entries, message] of specs) {
            const span = tracer.startSpan(name);
            for (const [k, v] of entries) span.setAttribute(k, v);
            span.addEvent(message, Object.fromEntries(entries.slice(0, 3)));
            span.setStatus({ code: 2, message });
            span.end();
          }
          const { json, proto } = both(ended);
          expect(json).toEqual(proto);
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it("stay right for thousands of keys and after a buffer that grew for a huge span", () => {
    const { ended, tracer } = provider();
    const many = tracer.startSpan("many keys");
    for (let i = 0; i < 5000; i++) many.setAttribute(`key.${i}.${"é".repeat(i % 3)}`, i);
    many.end();
    const huge = tracer.startSpan("huge"); // grows the shared buffer past what it keeps between requests
    huge.setAttribute("blob", "ü😀".repeat(3_000_000));
    huge.end();
    const small = tracer.startSpan("small");
    small.setAttribute("key.7.é", "after");
    small.end();
    for (const batch of [ended, [ended[1]!], [ended[2]!], [ended[0]!]]) {
      const { json, proto } = both(batch);
      expect(json).toEqual(proto);
    }
    const { json } = both([ended[0]!]);
    expect(Object.keys(json[0]!.attributes)).toHaveLength(5000);
    expect(json[0]!.attributes["key.4999.é"]).toBe(4999);
  });

  it("a span that throws while being written leaves nothing behind in the next document", () => {
    const { ended, tracer } = provider();
    tracer.startSpan("ok").end();
    const bad = { ...ended[0]!, spanContext: ended[0]!.spanContext.bind(ended[0]), get attributes(): never { throw new Error("getter"); } } as ReadableSpan;
    expect(() => jsonEncoding.encode([ended[0]!, bad])).toThrow("getter");
    const { json, proto } = both([ended[0]!]);
    expect(json).toEqual(proto);
    expect(json).toHaveLength(1);
  });
});
