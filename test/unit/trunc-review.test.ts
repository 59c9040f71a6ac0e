// Review of the JSON cuts: one array cutter for top-level and nested arrays, so every cut of a JSON array or
// object stays valid JSON within the byte limit (before, a top-level array whose newest element did not fit
// whole fell back to the text head cut: invalid JSON).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutWithin } from "../helpers/cut.js";
import { utf8ByteLength } from "../../src/truncation/utf8.js";
import { TRUNCATION_MARKER, truncateAttributeValue } from "../../src/truncation/value.js";

const cp = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCodePoint(c));
const piece = fc.oneof(
  { weight: 4, arbitrary: cp(0x00, 0x7f) },
  { weight: 2, arbitrary: cp(0x80, 0x7ff) },
  { weight: 2, arbitrary: cp(0x4e00, 0x9fff) },
  { weight: 2, arbitrary: cp(0x1f300, 0x1faff) },
  { weight: 1, arbitrary: cp(0xd800, 0xdfff) }, // lone surrogates: JSON.stringify escapes them
);
const text = fc.oneof(
  fc.array(piece, { maxLength: 30 }).map((a) => a.join("")),
  fc.array(piece, { maxLength: 300 }).map((a) => a.join("")),
);
const leaf = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const tree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 6 }),
  object: fc.dictionary(fc.string({ maxLength: 6 }), tie("value"), { maxKeys: 5 }),
}));
const message = fc.record({ role: fc.constantFrom("system", "developer", "user", "assistant"), content: tree.value });
/** A top-level array: any values, or a message list, often with a system message first. */
const array = fc.oneof(
  tree.array,
  fc.array(message, { minLength: 1, maxLength: 12 }),
  fc.tuple(fc.record({ role: fc.constant("system"), content: text }), fc.array(message, { maxLength: 12 })).map(([s, r]) => [s, ...r]),
);
/** Compact, or pretty-printed (whitespace between and inside elements). */
const doc = (v: fc.Arbitrary<unknown>) =>
  fc.tuple(v, fc.constantFrom(undefined, 1, "\t", 2)).map(([x, indent]) => ({ value: x, s: JSON.stringify(x, null, indent) }));
const withLimit = (v: fc.Arbitrary<unknown>, min: number) =>
  doc(v).chain((d) => fc.tuple(fc.constant(d), fc.integer({ min, max: utf8ByteLength(d.s) + 8 })));

const parses = (s: string): boolean => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

/** What no cut of an object can remove: its keys, numbers, booleans and nulls (strings "", arrays []). */
function skeleton(v: unknown): unknown {
  if (typeof v === "string") return "";
  if (Array.isArray(v)) return [];
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, skeleton(x)]));
  return v;
}

describe("every cut of a JSON document is valid JSON within the limit (property)", () => {
  it("a JSON array, at any limit from 2 bytes (the least array, [])", () => {
    fc.assert(
      fc.property(withLimit(array, 2), ([{ value, s }, limit]) => {
        const v = cutWithin(s, limit);
        if (v === undefined) return;
        expect(parses(v), `${JSON.stringify(s)} at ${limit} → ${JSON.stringify(v)}`).toBe(true);
        expect(Array.isArray(JSON.parse(v))).toBe(true);
        // last: the marker (nothing more fitted), or the newest element, whole or cut inside (an object keeps its keys)
        const [newest, last] = [(value as unknown[]).at(-1), (JSON.parse(v) as unknown[]).at(-1)];
        const plain = (x: unknown) => typeof x === "object" && x !== null && !Array.isArray(x);
        if (plain(last)) expect(Object.keys(last as object)).toEqual(Object.keys(newest as object));
        else if (typeof last === "string" && typeof newest !== "string") expect(last).toMatch(/^…\[\d+ earlier items truncated\]$/);
      }),
      { numRuns: 3000 },
    );
  });

  it("a JSON object, at any limit its keys fit in (else the head cut, as before)", () => {
    fc.assert(
      fc.property(withLimit(tree.object, 2), ([{ value, s }, limit]) => {
        const v = cutWithin(s, limit);
        if (v === undefined) return;
        if (utf8ByteLength(JSON.stringify(skeleton(value))) <= limit) {
          expect(parses(v), `${JSON.stringify(s)} at ${limit} → ${JSON.stringify(v)}`).toBe(true);
          expect(Object.keys(JSON.parse(v))).toEqual(Object.keys(value as object));
        } else if (!parses(v)) expect(v.endsWith(TRUNCATION_MARKER) || limit < 14).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("one array cutter: a top-level array and an array inside an object cut alike", () => {
  it("a message list whose newest message is over the limit: the system message, the marker, the newest cut inside (property)", () => {
    const small = fc.record({ role: fc.constantFrom("user", "assistant"), content: fc.array(piece, { maxLength: 20 }).map((a) => a.join("")) });
    const big = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 20 }), fc.integer({ min: 30, max: 200 })).map(([a, k]) => a.join("").repeat(k));
    fc.assert(
      fc.property(fc.array(small, { maxLength: 10 }), big, fc.integer({ min: 220, max: 1200 }), fc.boolean(), (rest, content, limit, nested) => {
        const list = [{ role: "system", content: "Be brief." }, ...rest, { role: "user", content }];
        fc.pre(utf8ByteLength(JSON.stringify(content)) > limit);
        const s = JSON.stringify(nested ? { messages: list } : list);
        const out = JSON.parse(truncateAttributeValue(s, limit)!.value as string);
        expect(utf8ByteLength(JSON.stringify(out))).toBeLessThanOrEqual(limit);
        const got = (nested ? out.messages : out) as Array<{ role: string; content: string }>;
        expect(got[0]).toEqual(list[0]);
        if (rest.length > 0) expect(got[1]).toBe(`…[${rest.length} earlier items truncated]`);
        expect(got).toHaveLength(rest.length > 0 ? 3 : 2);
        const last = got.at(-1)!;
        expect(last.role).toBe("user");
        expect(last.content.endsWith(TRUNCATION_MARKER)).toBe(true);
        const prefix = last.content.slice(0, -TRUNCATION_MARKER.length);
        expect(content.startsWith(prefix)).toBe(true);
        expect(prefix.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it("the newest element shrinks inside when it does not fit whole, after the system message and the marker", () => {
    const list = [{ role: "system", content: "Be brief." }, { role: "user", content: "old" }, { role: "user", content: "ü".repeat(5000) }];
    const top = JSON.parse(truncateAttributeValue(JSON.stringify(list), 1024)!.value as string);
    const nested = JSON.parse(truncateAttributeValue(JSON.stringify({ messages: list }), 1024 + 13)!.value as string);
    expect(top).toEqual(nested.messages); // {"messages":…} adds 13 bytes
    expect(top[0]).toEqual(list[0]);
    expect(top[1]).toBe("…[1 earlier items truncated]");
    expect(top[2].role).toBe("user");
    expect(top[2].content.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(list[2].content.startsWith(top[2].content.slice(0, -TRUNCATION_MARKER.length))).toBe(true);
  });
});
