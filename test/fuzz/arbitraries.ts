// Hostile inputs for the fuzz suite: what a JS caller (no type checker) can hand to tracing calls.
import fc from "fast-check";

/** Fixed seeds make a failure reproducible; FUZZ_SEED explores new ground. */
export const SEED = Number(process.env.FUZZ_SEED ?? 20_240_607);

/** Strings with what breaks encoders: lone surrogates, NUL and controls, astral characters, RTL, long runs. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 3, arbitrary: fc.constantFrom("", "\uD800", "\uDC00", "a\uDBFFb", "\uDFFF\uD800", "\u0000", "\u2028\u2029", "👋🏽", "é", "\u202Eevil", "\\u0000", '"', "</script>") },
  { weight: 2, arbitrary: fc.array(fc.constantFrom("a", "\uD800", "😀", "\u0000", "é", "\uDC00", "\\"), { maxLength: 30 }).map((a) => a.join("")) },
);

/** Mostly nasty strings, rarely a long one (up to 60,000 units) to cross truncation and request-size limits. */
export const nastyValueString: fc.Arbitrary<string> = fc.oneof(
  { weight: 60, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("x", "é", "😀", "\uD83D"), fc.integer({ min: 1_000, max: 60_000 })).map(([c, n]) => c.repeat(n)) },
);

/** Attribute keys: nasty strings and the names that collide with Object.prototype or our core attributes. */
export const attributeKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: nastyString },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "length",
      // core attributes other than the session id (which a caller may blank, and the backend then rejects)
      "honeyhive_event_type", "honeyhive_event_name", "honeyhive.project", "honeyhive.source", "honeyhive.parent_id",
      "honeyhive_inputs.x", "a.b.c", "a..b", ".", "gen_ai.operation.name", "openinference.span.kind",
    ),
  },
);

const number: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 2 ** 53, 2 ** 60, -(2 ** 63), 2 ** 64, Number.MAX_VALUE, Number.MIN_VALUE),
);

/** Everything setAttribute could be handed, valid or not. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyValueString },
  { weight: 3, arbitrary: number },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, Symbol("s"), () => 1, new Date(NaN), new Date(0), new Uint8Array([1, 2]), /re/g) },
  { weight: 2, arbitrary: fc.array(fc.oneof(nastyString, number, fc.boolean(), fc.constant(null), fc.constant(undefined)), { maxLength: 8 }) },
  { weight: 1, arbitrary: fc.array(number, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }) },
);

/** An attributes object built so that "__proto__" and friends are own keys, not prototype changes. */
export const attributes: fc.Arbitrary<Record<string, unknown>> = fc.array(fc.tuple(attributeKey, anyValue), { maxLength: 8 }).map((entries) => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
});

/** A name for a span or event: mostly strings, sometimes whatever a JS caller passes instead. */
export const spanName: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constantFrom(42, null, undefined, { toString: () => "obj" }, ["a"]) },
);

const hex = (n: number) => fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: n, maxLength: n });
export const time: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.double(),
  fc.integer(),
  fc.date(),
  fc.tuple(fc.integer(), fc.integer()),
  fc.constantFrom(NaN, -1, Infinity, [NaN, 0], [-5, 2e9]),
);
/** startSpan options a caller may get wrong: unknown kinds, malformed links, odd start times. */
export const spanOptions = fc.record(
  {
    kind: fc.oneof(fc.integer({ min: -2, max: 6 }), anyValue),
    links: fc.array(
      fc.record({ context: fc.record({ traceId: fc.oneof(hex(32), nastyString), spanId: fc.oneof(hex(16), nastyString), traceFlags: fc.integer({ min: 0, max: 1 }) }), attributes }),
      { maxLength: 3 },
    ),
    startTime: time,
  },
  { requiredKeys: [], noNullPrototype: true },
);

/** Objects that fight back: cycles, depth, throwing getters and proxies, exotic prototypes, huge sizes. */
function hostileObject(): fc.Arbitrary<unknown> {
  const common = fc.constantFrom(
    "circular", "deep", "proto", "nullproto", "getter", "proxy", "numbers", "bigint", "symbols", "functions",
    "dates-errors", "collections", "frozen", "sparse", "class",
  );
  // huge ones are rare, or the suite would spend its time moving megabytes
  const huge = fc.constantFrom("huge-keys", "huge-array", "huge-string");
  return fc.oneof({ weight: 60, arbitrary: common }, { weight: 1, arbitrary: huge }).map((kind) => {
    switch (kind) {
      case "circular": {
        const a: Record<string, unknown> = { name: "a", list: [] };
        (a.list as unknown[]).push(a, { back: a });
        a.self = a;
        return a;
      }
      case "deep": {
        let o: Record<string, unknown> = { leaf: "bottom" };
        for (let i = 0; i < 500; i++) o = i % 50 === 0 ? { [`l${i}`]: o, arr: [o] } : { [`l${i}`]: o };
        return o;
      }
      case "proto":
        return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "ok": 1}');
      case "nullproto":
        return Object.assign(Object.create(null), { a: 1, b: "two" });
      case "getter":
        return Object.defineProperty({ fine: 1 }, "boom", { enumerable: true, get() { throw new Error("getter threw"); } });
      case "proxy":
        // every trap throws, except the one fast-check uses to print a counterexample
        return new Proxy({}, {
          ownKeys() { throw new Error("ownKeys trap"); },
          has: (_t, k) => k === fc.toStringMethod,
          get(_t, k) {
            if (k === fc.toStringMethod) return () => "<throwing proxy>";
            throw new Error("get trap");
          },
          getPrototypeOf() { throw new Error("getPrototypeOf trap"); },
        });
      case "huge-keys":
        return Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i]));
      case "huge-array":
        return Array.from({ length: 5000 }, (_, i) => ({ i, s: `v${i}` }));
      case "huge-string":
        return { text: "长".repeat(400_000) };
      case "numbers":
        return { nan: NaN, inf: Infinity, ninf: -Infinity, nz: -0, max: Number.MAX_VALUE, big: 2 ** 70 };
      case "bigint":
        return { b: 10n ** 30n, neg: -1n, arr: [1n, 2n] };
      case "symbols":
        return { [Symbol("hidden")]: 1, s: Symbol("value"), arr: [Symbol.iterator] };
      case "functions":
        return { f: () => 1, g: function named() {}, cls: class X {}, arr: [Math.max] };
      case "dates-errors":
        return { d: new Date(NaN), ok: new Date(0), e: new TypeError("bad \uD800"), agg: new AggregateError([new Error("x")], "many") };
      case "collections":
        return { m: new Map([["a", 1]]), s: new Set([1, 2]), t: new Uint8Array(4), w: new WeakMap(), buf: new ArrayBuffer(8) };
      case "frozen":
        return Object.freeze({ a: Object.freeze([1, 2, Object.freeze({ b: "c" })]) });
      case "sparse": {
        const arr: unknown[] = [];
        arr[1000] = "far";
        arr[3] = undefined;
        return { arr };
      }
      default:
        return new (class Widget { x = 1; get y() { return 2; } })();
    }
  });
}

/** Enrichment values: hostile objects, plain random JSON-ish values, and primitives. */
export const enrichmentValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileObject() },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.object({ maxDepth: 2, maxKeys: 6, values: [anyValue], size: "small" }) },
  { weight: 2, arbitrary: anyValue },
);

/**
 * A function's return value. Not the throwing proxy: `await` must read `.then` on it, so it throws even
 * untraced. (tracer.trace itself hands such a value back untouched: regressions.test.ts pins that.)
 */
export const returnValue: fc.Arbitrary<unknown> = enrichmentValue.filter(
  (v) => !(typeof v === "object" && v !== null && fc.toStringMethod in v && String((v as Record<symbol, () => string>)[fc.toStringMethod]()) === "<throwing proxy>"),
);

/** What enrichSpan receives: the known parts with hostile values, sometimes not an object at all. */
export const enrichment: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.record(
    { metadata: enrichmentValue, outputs: enrichmentValue, inputs: enrichmentValue, metrics: enrichmentValue, feedback: enrichmentValue, config: enrichmentValue },
    { requiredKeys: [] },
  ) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 42, "str", [], Symbol("e")) },
  { weight: 1, arbitrary: hostileObject() },
);
