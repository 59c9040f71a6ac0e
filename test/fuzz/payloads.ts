// What every exported request body must be, checked on the raw bytes the receiver got (keepBodies).
import { expect } from "vitest";
import type { Receiver } from "../../receiver/index.js";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Every request was accepted, is valid UTF-8 and valid JSON, and no string in it holds a lone surrogate. */
export function checkPayloads(receiver: Receiver): void {
  for (const r of receiver.requests) {
    expect(r.status, r.error).toBe(200);
    expect(r.body, `request #${r.id} kept no body`).toBeDefined();
    const text = strictUtf8.decode(r.body!); // throws on invalid UTF-8
    wellFormedStrings(JSON.parse(text), `request #${r.id}`);
  }
}

/** A "\ud800" escape is valid JSON but not text: strict backends refuse or mangle it. */
function wellFormedStrings(value: unknown, where: string): void {
  if (typeof value === "string") {
    if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed()) expect.fail(`${where}: lone surrogate in ${JSON.stringify(value.slice(0, 60))}`);
  } else if (Array.isArray(value)) {
    for (const v of value) wellFormedStrings(v, where);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      wellFormedStrings(k, where);
      wellFormedStrings(v, where);
    }
  }
}

/** The end of one fuzz chunk: export what it traced, check every body, count and forget what arrived. */
export async function drainChunk(tracer: { flush(): Promise<void> }, receiver: Receiver): Promise<number> {
  await tracer.flush();
  checkPayloads(receiver);
  const accepted = receiver.accepted.length;
  receiver.clear();
  return accepted;
}
