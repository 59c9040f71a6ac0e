// Example tests for attribute-value truncation and the per-span byte budget.
import { describe, expect, it } from "vitest";
import { utf8ByteLength } from "../../src/truncation/utf8.js";
import {
  TRUNCATION_MARKER,
  fitSpanBudget,
  spanAttributeBytes,
  truncateAttributeValue,
} from "../../src/truncation/value.js";

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe("truncateAttributeValue", () => {
  it("returns undefined when nothing has to change", () => {
    expect(truncateAttributeValue("short", 100)).toBeUndefined();
    expect(truncateAttributeValue("ab", 2)).toBeUndefined(); // exactly at the limit
    expect(truncateAttributeValue("é".repeat(10), 20)).toBeUndefined(); // length*3 > limit but bytes fit
    expect(truncateAttributeValue(12345, 1)).toBeUndefined();
    expect(truncateAttributeValue(true, 0)).toBeUndefined();
    expect(truncateAttributeValue([1, 2, 3], 1)).toBeUndefined();
    expect(truncateAttributeValue(["a", "b"], 10)).toBeUndefined();
    expect(truncateAttributeValue(null, 0)).toBeUndefined();
  });

  it("head-cuts with the marker inside the limit and reports the original bytes", () => {
    const s = "日本語のテキスト😀".repeat(200);
    const r = truncateAttributeValue(s, 1000)!;
    expect(typeof r.value).toBe("string");
    const v = r.value as string;
    expect(v.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(bytes(v)).toBeLessThanOrEqual(1000);
    expect(bytes(v)).toBeGreaterThan(1000 - 4 - 1); // maximal up to one code point
    expect(s.startsWith(v.slice(0, -TRUNCATION_MARKER.length))).toBe(true);
    expect(r.originalBytes).toBe(bytes(s));
  });

  it("uses a bare cut when the limit is below the marker size", () => {
    const r = truncateAttributeValue("abcdefghijklmnopqrstuvwxyz", 10)!;
    expect(r.value).toBe("abcdefghij");
    expect(utf8ByteLength(TRUNCATION_MARKER)).toBe(14);
    expect(truncateAttributeValue("abcdefghijklmnopqrstuvwxyz", 14)!.value).toBe(TRUNCATION_MARKER);
  });

  it("cuts a JSON message list to the newest messages, valid JSON with the marker element first", () => {
    const messages = Array.from({ length: 200 }, (_, i) => ({
      role: i % 2 ? "assistant" : "user",
      content: `message ${i}: ${"lorem ipsum ✓ ".repeat(20)}`,
    }));
    const s = JSON.stringify(messages);
    const r = truncateAttributeValue(s, 10 * 1024)!;
    const v = r.value as string;
    expect(bytes(v)).toBeLessThanOrEqual(10 * 1024);
    expect(r.originalBytes).toBe(bytes(s));
    const parsed = JSON.parse(v) as unknown[];
    const kept = parsed.length - 1;
    expect(kept).toBeGreaterThan(0);
    expect(parsed[0]).toBe(`…[${200 - kept} earlier items truncated]`);
    expect(parsed.slice(1)).toEqual(messages.slice(200 - kept)); // the newest, in order
    // maximal: one more message would not have fit
    const oneMore = JSON.stringify([`…[${199 - kept} earlier items truncated]`, ...messages.slice(199 - kept)]);
    expect(bytes(oneMore)).toBeGreaterThan(10 * 1024);
  });

  it("keeps a leading system message before the marker", () => {
    const messages = [{ role: "system", content: "Be brief." }, ...Array.from({ length: 300 }, (_, i) => ({ role: "user", content: `question ${i} ${"·".repeat(40)}` }))];
    const v = truncateAttributeValue(JSON.stringify(messages), 4096)!.value as string;
    expect(bytes(v)).toBeLessThanOrEqual(4096);
    const parsed = JSON.parse(v) as unknown[];
    expect(parsed[0]).toEqual(messages[0]);
    expect(parsed[1]).toBe(`…[${301 - parsed.length + 1} earlier items truncated]`);
    expect(parsed.at(-1)).toEqual(messages.at(-1));
  });

  it("cuts a JSON array without parsing its middle: the kept ends are parsed, the rest only scanned", () => {
    // the middle is no valid JSON (a bare word inside): a whole-text JSON.parse would refuse it
    const s = `[{"role":"system","content":"rules"},${'{"role":"user","content":"x"},'.repeat(2000)}{"bad": nope},${'{"role":"user","content":"y"},'.repeat(50)}{"role":"user","content":"last"}]`;
    const v = truncateAttributeValue(s, 1024)!.value as string;
    const parsed = JSON.parse(v) as Array<{ content?: string }>;
    expect(parsed[0]).toEqual({ role: "system", content: "rules" });
    expect(parsed.at(-1)).toEqual({ role: "user", content: "last" });
  });

  it("keeps a JSON object a valid object: its largest values shrink inside, with the marker", () => {
    const input = { model: "gpt-4o", temperature: 0.2, messages: Array.from({ length: 400 }, (_, i) => ({ role: i ? "user" : "system", content: `turn ${i} ${"é".repeat(100)}` })), note: "ü".repeat(5000) };
    const s = JSON.stringify(input);
    const r = truncateAttributeValue(s, 8192)!;
    const v = r.value as string;
    expect(bytes(v)).toBeLessThanOrEqual(8192);
    expect(r.originalBytes).toBe(bytes(s));
    const out = JSON.parse(v);
    expect(Object.keys(out)).toEqual(["model", "temperature", "messages", "note"]);
    expect(out.model).toBe("gpt-4o");
    expect(out.temperature).toBe(0.2);
    expect(out.messages[0]).toEqual(input.messages[0]);
    expect(out.messages[1]).toMatch(/earlier items truncated/);
    expect(out.messages.at(-1)).toEqual(input.messages.at(-1));
    expect(out.note.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(input.note.startsWith(out.note.slice(0, -TRUNCATION_MARKER.length))).toBe(true);
    // the AI SDK's legacy ai.prompt: {"system":…,"prompt":…}
    const prompt = JSON.stringify({ system: "You are helpful.", prompt: "東京".repeat(10000) });
    const p = JSON.parse(truncateAttributeValue(prompt, 2048)!.value as string);
    expect(p.system).toBe("You are helpful.");
    expect(p.prompt.endsWith(TRUNCATION_MARKER)).toBe(true);
  });

  it("shrinks the newest element inside when not even it fits whole: still a JSON array (was the head cut, invalid JSON)", () => {
    const s = JSON.stringify(["x".repeat(50), "y".repeat(500)]);
    const v = truncateAttributeValue(s, 100)!.value as string;
    expect(bytes(v)).toBeLessThanOrEqual(100);
    const parsed = JSON.parse(v) as string[];
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toBe("…[1 earlier items truncated]");
    expect(parsed[1]).toBe("y".repeat(100 - 2 - bytes(JSON.stringify(parsed[0])) - 1 - 2 - 14) + TRUNCATION_MARKER); // maximal
  });

  it("treats bracketed non-JSON as plain text", () => {
    const s = `[not json ${"z".repeat(200)}]`;
    const v = truncateAttributeValue(s, 50)!.value as string;
    expect(v).toBe(s.slice(0, 36) + TRUNCATION_MARKER);
  });

  it("cuts arrays of strings element-wise", () => {
    const arr = ["short", "ü".repeat(100), "ok", "😀".repeat(50)];
    const r = truncateAttributeValue(arr, 40)!;
    const v = r.value as string[];
    expect(v).toHaveLength(4);
    expect(v[0]).toBe("short");
    expect(v[2]).toBe("ok");
    for (const el of v) expect(bytes(el)).toBeLessThanOrEqual(40);
    expect(v[1]).toBe("ü".repeat(13) + TRUNCATION_MARKER);
    expect(v[3]).toBe("😀".repeat(6) + TRUNCATION_MARKER);
    expect(r.originalBytes).toBe(5 + 200 + 2 + 200);
  });
});

describe("fitSpanBudget", () => {
  const isCore = (k: string) => k.startsWith("honeyhive.") || k === "honeyhive_event_type";

  it("returns [] quickly when the span obviously fits", () => {
    expect(fitSpanBudget({ a: "x".repeat(10), n: 5 }, 1000, isCore)).toEqual([]);
  });

  it("brings 300 values of 100 KB under a 5 MB budget without touching core values", () => {
    const attrs: Record<string, unknown> = {
      "honeyhive.session_id": "7f1c2d4e-0000-4000-8000-000000000000",
      "honeyhive.project": "p".repeat(200_000), // a huge core value: never cut
      honeyhive_event_type: "model",
      "llm.count": 42,
    };
    for (let i = 0; i < 300; i++) attrs[`honeyhive_inputs.chunk.${i}`] = `${i}:` + "abcé".repeat(20_480);
    const budget = 5 * 1024 * 1024;
    const cuts = fitSpanBudget(attrs, budget, isCore);
    expect(cuts.length).toBe(300);
    const after = { ...attrs };
    for (const c of cuts) {
      expect(isCore(c.key)).toBe(false);
      expect(c.originalBytes).toBe(utf8ByteLength(attrs[c.key] as string));
      after[c.key] = c.value;
    }
    expect(spanAttributeBytes(after)).toBeLessThanOrEqual(budget);
    expect(after["honeyhive.project"]).toBe(attrs["honeyhive.project"]);
    expect(after["honeyhive.session_id"]).toBe(attrs["honeyhive.session_id"]);
    expect(after.honeyhive_event_type).toBe("model");
  });

  it("shrinks the largest values first: a small value stays whole", () => {
    const attrs = { small: "s".repeat(1000), medium: "m".repeat(5000), huge: "h".repeat(100_000) };
    const cuts = fitSpanBudget(attrs, 20_000, isCore);
    expect(cuts.map((c) => c.key)).toEqual(["huge"]);
    const after = { ...attrs, huge: cuts[0].value as string };
    expect(spanAttributeBytes(after)).toBeLessThanOrEqual(20_000);
    expect(spanAttributeBytes(after)).toBeGreaterThan(20_000 - 16); // uses the room it has
  });

  it("caps the large values to a common ceiling", () => {
    const attrs = { a: "a".repeat(10_000), b: "b".repeat(20_000), c: "c".repeat(500) };
    const cuts = fitSpanBudget(attrs, 12_503, isCore); // keys 3 bytes + c 500 → 12 000 for a and b
    expect(cuts.map((c) => [c.key, bytes(c.value as string)])).toEqual([
      ["a", 6000],
      ["b", 6000],
    ]);
  });

  it("treats string array elements as separate values", () => {
    const attrs = { arr: ["x".repeat(3000), "y".repeat(10)], s: "z".repeat(3000) };
    const cuts = fitSpanBudget(attrs, 4000, isCore);
    const after: Record<string, unknown> = { ...attrs };
    for (const c of cuts) after[c.key] = c.value;
    expect(spanAttributeBytes(after)).toBeLessThanOrEqual(4000);
    expect((after.arr as string[])[1]).toBe("y".repeat(10));
  });

  it("is best effort when core attributes alone exceed the budget: non-core become empty, core untouched", () => {
    const attrs = { "honeyhive.session_id": "s".repeat(5000), other: "o".repeat(5000), n: 1 };
    const cuts = fitSpanBudget(attrs, 1000, isCore);
    expect(cuts).toEqual([{ key: "other", value: "", originalBytes: 5000 }]);
  });
});
