// Property tests for UTF-8 byte truncation against the platform's own encoder/decoder as the oracle.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutWithin } from "../helpers/cut.js";
import { truncateUtf8, utf8ByteLength } from "../../src/truncation/utf8.js";
import { TRUNCATION_MARKER, truncateAttributeValue } from "../../src/truncation/value.js";
import { arrayElements } from "../../src/truncation/json.js";

const encoder = new TextEncoder();
const fatal = new TextDecoder("utf-8", { fatal: true });
const RUNS = 4000;

const cp = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCodePoint(c));
// One "piece" of text of each width class, plus lone surrogates (a lone high followed by a lone low may
// happen to form a valid pair — that is how JS strings behave, so it is fine to generate).
const piece = fc.oneof(
  { weight: 4, arbitrary: cp(0x00, 0x7f) }, // ASCII, 1 byte
  { weight: 2, arbitrary: cp(0x80, 0x7ff) }, // Latin & co., 2 bytes
  { weight: 2, arbitrary: cp(0x4e00, 0x9fff) }, // CJK, 3 bytes
  { weight: 2, arbitrary: cp(0x1f300, 0x1faff) }, // astral emoji, 4 bytes (a surrogate pair)
  { weight: 1, arbitrary: cp(0x300, 0x36f) }, // combining marks
  { weight: 1, arbitrary: cp(0xd800, 0xdbff) }, // lone high surrogate
  { weight: 1, arbitrary: cp(0xdc00, 0xdfff) }, // lone low surrogate
  { weight: 1, arbitrary: cp(0xff00, 0xffff) }, // fullwidth forms and specials, incl. a real U+FFFD
);
const text = fc.oneof(
  fc.array(piece, { maxLength: 40 }).map((a) => a.join("")),
  fc.array(piece, { maxLength: 400 }).map((a) => a.join("")),
);
const wellFormedText = fc
  .array(fc.oneof(cp(0x00, 0x7f), cp(0x80, 0x7ff), cp(0x4e00, 0x9fff), cp(0x1f300, 0x1faff), cp(0x300, 0x36f)), {
    maxLength: 200,
  })
  .map((a) => a.join(""));
// A string and a limit from 0 to a little past its byte length.
const textAndLimit = text.chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 0, max: utf8ByteLength(s) + 8 })));

// Long strings (up to ~300 K units) with limits near the 64 KB chunk size of the encodeInto path.
const CHUNK = 1 << 16;
const bigTextAndLimit = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 60 }), fc.integer({ min: 200, max: 4000 }))
  .map(([a, k]) => a.join("").repeat(k))
  .chain((s) => {
    const b = utf8ByteLength(s);
    const near = (x: number) => fc.integer({ min: Math.max(0, x - 8), max: x + 8 });
    return fc.tuple(fc.constant(s), fc.oneof(fc.integer({ min: 0, max: b + 8 }), near(CHUNK), near(2 * CHUNK), near(b)));
  });

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** Reference: replace every lone surrogate by U+FFFD, unit by unit. */
function wellFormed(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHigh(c) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      out += s[i] + s[i + 1];
      i++;
    } else out += isHigh(c) || isLow(c) ? "\uFFFD" : s[i];
  }
  return out;
}
const hasLoneSurrogate = (s: string) => wellFormed(s) !== s;
/** UTF-8 bytes of the code point starting at unit `i` of `s`. */
const nextCodePointBytes = (s: string, i: number) =>
  s.codePointAt(i)! > 0xffff ? 4 : encoder.encode(s.slice(i, i + 1)).length;

describe("truncateUtf8 (property)", () => {
  it("fits the limit in real UTF-8 bytes", () => {
    fc.assert(
      fc.property(textAndLimit, ([s, limit]) => {
        expect(encoder.encode(truncateUtf8(s, limit)).length).toBeLessThanOrEqual(limit);
      }),
      { numRuns: RUNS },
    );
  });

  it("is an exact prefix at a code-point boundary, or the input itself", () => {
    fc.assert(
      fc.property(textAndLimit, ([s, limit]) => {
        const out = truncateUtf8(s, limit);
        if (out === s) return; // nothing was cut: identity
        const k = out.length;
        expect(k).toBeLessThan(s.length);
        expect(out).toBe(s.slice(0, k));
        // never between the two halves of a surrogate pair
        expect(k > 0 && isHigh(s.charCodeAt(k - 1)) && isLow(s.charCodeAt(k))).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it("is maximal: the next code point would not fit", () => {
    fc.assert(
      fc.property(textAndLimit, ([s, limit]) => {
        const out = truncateUtf8(s, limit);
        if (out === s) {
          expect(utf8ByteLength(s)).toBeLessThanOrEqual(limit);
          return;
        }
        const next = nextCodePointBytes(s, out.length);
        expect(encoder.encode(out).length + next).toBeGreaterThan(limit);
      }),
      { numRuns: RUNS },
    );
  });

  it("encodes to valid UTF-8 (lone surrogates go out as U+FFFD, counted as 3 bytes)", () => {
    fc.assert(
      fc.property(textAndLimit, ([s, limit]) => {
        const out = truncateUtf8(s, limit);
        const bytes = encoder.encode(out);
        expect(() => fatal.decode(bytes)).not.toThrow();
        // what our OTLP encoders send: the well-formed string, byte for byte the same length
        expect(encoder.encode(wellFormed(out)).length).toBe(bytes.length);
        expect(hasLoneSurrogate(wellFormed(out))).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it("returns the input for limits ≥ its byte length, and '' for 0", () => {
    fc.assert(
      fc.property(text, fc.nat(16), (s, extra) => {
        expect(truncateUtf8(s, utf8ByteLength(s) + extra)).toBe(s);
        expect(truncateUtf8(s, 0)).toBe("");
      }),
      { numRuns: RUNS },
    );
  });
});

describe("truncateUtf8 on long strings (property)", () => {
  it("fits, and is a maximal exact prefix at a code-point boundary", () => {
    fc.assert(
      fc.property(bigTextAndLimit, ([s, limit]) => {
        const out = truncateUtf8(s, limit);
        const outBytes = encoder.encode(out).length;
        expect(outBytes).toBeLessThanOrEqual(limit);
        if (out === s) {
          expect(utf8ByteLength(s)).toBeLessThanOrEqual(limit);
          return;
        }
        const k = out.length;
        expect(out).toBe(s.slice(0, k));
        expect(k > 0 && isHigh(s.charCodeAt(k - 1)) && isLow(s.charCodeAt(k))).toBe(false);
        expect(outBytes + nextCodePointBytes(s, k)).toBeGreaterThan(limit);
      }),
      { numRuns: 300 },
    );
  });

  it("utf8ByteLength matches TextEncoder across chunk borders", () => {
    fc.assert(
      fc.property(bigTextAndLimit, ([s]) => {
        expect(utf8ByteLength(s)).toBe(encoder.encode(s).length);
      }),
      { numRuns: 300 },
    );
  });
});

describe("utf8ByteLength (property)", () => {
  it("equals TextEncoder's length for well-formed strings", () => {
    fc.assert(
      fc.property(wellFormedText, (s) => {
        expect(utf8ByteLength(s)).toBe(encoder.encode(s).length);
      }),
      { numRuns: RUNS },
    );
  });

  it("counts lone surrogates as 3 bytes (U+FFFD), same as TextEncoder", () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(utf8ByteLength(s)).toBe(utf8ByteLength(wellFormed(s)));
        expect(utf8ByteLength(s)).toBe(encoder.encode(s).length);
      }),
      { numRuns: RUNS },
    );
    expect(utf8ByteLength("\uD800")).toBe(3);
    expect(utf8ByteLength("\uDC00\uD800")).toBe(6);
    expect(utf8ByteLength("\uD83D\uDE00")).toBe(4);
  });
});

// JSON values keep their structure: objects stay objects with their keys, message arrays keep the system
// message; every cut string is an exact prefix of its original at a code-point boundary, plus the marker.
const MARKER = "…[truncated]";
const jsonLeaf = fc.oneof(wellFormedText, text, fc.integer(), fc.boolean(), fc.constant(null));
const message = fc.record({ role: fc.constantFrom("user", "assistant", "tool"), content: text });
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, jsonLeaf, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 6 }),
  object: fc.dictionary(fc.string({ maxLength: 6 }), tie("value"), { maxKeys: 5 }),
})).object as fc.Arbitrary<Record<string, unknown>>;

/** What no cut can remove from an object: its keys, numbers, booleans and nulls (strings "", arrays []). */
function skeleton(v: unknown): unknown {
  if (typeof v === "string") return "";
  if (Array.isArray(v)) return [];
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, skeleton(x)]));
  return v;
}

/** Every string of `out` is its counterpart in `orig`, or an exact code-point-boundary prefix + marker. */
function expectPrefixes(orig: unknown, out: unknown): void {
  if (typeof out === "string" && typeof orig === "string") {
    if (out === orig) return;
    // the marker, unless not even it fitted (then the cut is short)
    const marked = out.endsWith(MARKER);
    if (!marked) expect(utf8ByteLength(JSON.stringify(out)), JSON.stringify(out)).toBeLessThanOrEqual(2 + 14 + 12);
    const prefix = marked ? out.slice(0, -MARKER.length) : out;
    expect(orig.startsWith(prefix)).toBe(true);
    const last = prefix.charCodeAt(prefix.length - 1);
    expect(isHigh(last) && isLow(orig.charCodeAt(prefix.length))).toBe(false); // no pair split
  } else if (out !== null && typeof out === "object" && !Array.isArray(out)) {
    expect(Object.keys(out)).toEqual(Object.keys(orig as object));
    for (const k of Object.keys(out)) expectPrefixes((orig as Record<string, unknown>)[k], (out as Record<string, unknown>)[k]);
  } else if (Array.isArray(out)) {
    expect(Array.isArray(orig)).toBe(true);
  } else expect(out).toEqual(orig);
}

describe("truncateAttributeValue on JSON (property)", () => {
  it("an object stays a valid object within the limit, its strings exact prefixes", () => {
    fc.assert(
      fc.property(jsonValue, fc.integer({ min: 64, max: 2000 }), (obj, limit) => {
        const s = JSON.stringify(obj);
        const v = cutWithin(s, limit);
        if (v === undefined) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(v);
        } catch {
          // only when not even the keys fit: then it is the plain head cut
          expect(v.endsWith(TRUNCATION_MARKER) && s.startsWith(v.slice(0, -TRUNCATION_MARKER.length))).toBe(true);
          expect(utf8ByteLength(JSON.stringify(skeleton(obj)))).toBeGreaterThan(limit - 32);
          return;
        }
        expectPrefixes(obj, parsed);
      }),
      { numRuns: 600 },
    );
  });

  it("a message array keeps its system message first and its newest messages last", () => {
    fc.assert(
      fc.property(wellFormedText, fc.array(message, { minLength: 2, maxLength: 40 }), fc.integer({ min: 200, max: 3000 }), (system, rest, limit) => {
        const messages = [{ role: "system", content: system.slice(0, 40) }, ...rest];
        const s = JSON.stringify(messages);
        const cut = truncateAttributeValue(s, limit);
        if (utf8ByteLength(s) <= limit) return;
        const v = cut!.value as string;
        expect(utf8ByteLength(v)).toBeLessThanOrEqual(limit);
        const parsed = JSON.parse(v) as unknown[]; // always JSON: when not even the newest fits whole, it shrinks inside
        expect(parsed[0]).toEqual(messages[0]);
        const newest = messages.at(-1)!;
        const shrunk = parsed.length > 1 && typeof parsed.at(-1) === "object" && JSON.stringify(parsed.at(-1)) !== JSON.stringify(newest);
        if (shrunk) {
          const last = parsed.pop() as { role: string; content: string };
          expect(last.role).toBe(newest.role);
          expectPrefixes(newest.content, last.content);
          expect(parsed.length).toBe(messages.length > 2 ? 2 : 1); // the marker counts all but the system and the newest
          if (messages.length > 2) expect(parsed[1]).toBe(`…[${messages.length - 2} earlier items truncated]`);
          return;
        }
        expect(parsed[1]).toMatch(/^…\[\d+ earlier items truncated\]$/);
        const kept = parsed.slice(2);
        expect(kept).toEqual(messages.slice(messages.length - kept.length));
        expect(Number(String(parsed[1]).match(/\d+/)![0])).toBe(messages.length - 1 - kept.length);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("arrayElements (property)", () => {
  it("finds every top-level element of any JSON array, whatever its strings hold", () => {
    fc.assert(
      fc.property(fc.array(jsonValue.map((o) => Object.values(o)[0] ?? o), { maxLength: 8 }), fc.constantFrom("", " ", "\n  "), (arr, ws) => {
        const s = ws + "[" + ws + arr.map((el) => JSON.stringify(el) ?? "null").join(ws + "," + ws) + ws + "]" + ws;
        expect(arrayElements(s)).toEqual(arr.map((el) => JSON.stringify(el) ?? "null"));
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses what is not an array", () => {
    for (const s of ["[1,]", "[,1]", "[1] x", '["a]', "{}", "[1,2"]) expect(arrayElements(s), s).toBeUndefined();
    expect(arrayElements("[]")).toEqual([]);
  });
});
