import { expect } from "vitest";
import { utf8ByteLength } from "../../src/truncation/utf8.js";
import { truncateAttributeValue } from "../../src/truncation/value.js";

/** `s` cut to `limit` bytes: undefined when it fits (and nothing was cut), else the cut, checked to be within the limit. */
export function cutWithin(s: string, limit: number): string | undefined {
  const cut = truncateAttributeValue(s, limit);
  if (utf8ByteLength(s) <= limit) {
    expect(cut).toBeUndefined();
    return undefined;
  }
  const v = cut!.value as string;
  expect(utf8ByteLength(v)).toBeLessThanOrEqual(limit);
  return v;
}
