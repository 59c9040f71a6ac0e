// A full span's newest refused keys, and the cut that makes room for them in the middle of their list.
import type { Attributes, AttributeValue } from "@opentelemetry/api";
import type { MutableSpan } from "./span-internals.js";
import { attributeCount } from "./span-internals.js";
import { listPosition } from "./tiers.js";

/** Where a list gives way: downward from just below its first refused element, never its element 0. */
export interface Cut {
  list: string;
  /** the first refused element's index: the kept ones are below it */
  firstRefused: number;
  next: number;
  si: number;
  suffixes: string[];
  /** the lowest index evicted so far */
  low?: number;
}

/** A ring of the newest `tail` refused keys and values (key, value, key, value…), lives until the span ends. */
export interface Aside {
  at: number;
  items: unknown[];
  /** the first refused element of a list that can give way, whatever was refused before it */
  first?: string;
  cut?: Cut;
}

/** The hot path of a full span: two array stores (and, until a list element is refused, a look at the key). */
export function keepAside(span: MutableSpan, key: string, value: AttributeValue, tail: number): void {
  const aside = (span._hhAside ??= { at: 0, items: new Array(tail * 2), first: undefined });
  if (aside.first === undefined) {
    const at = listPosition(key);
    // a flattened list counts up from 0, so its kept elements lie below the span's attribute count; an index far
    // beyond (a timestamp, an id used as a key) is no such list, and walking down from it would never end
    if (at !== undefined && at.index > 1 && at.index <= attributeCount(span)) aside.first = key;
  }
  const slot = (aside.at++ % tail) * 2;
  aside.items[slot] = key;
  aside.items[slot + 1] = value;
}

/** The ring's entries, oldest first: [key, value]. */
export function asideEntries(aside: Aside, tail: number): Array<[string, AttributeValue]> {
  const out: Array<[string, AttributeValue]> = [];
  for (let i = Math.max(0, aside.at - tail); i < aside.at; i++) out.push([aside.items[(i % tail) * 2] as string, aside.items[(i % tail) * 2 + 1] as AttributeValue]);
  return out;
}

/** The list of the first refused list element, and the key shapes of its elements seen in the ring (none yet: undefined). */
export function cutOf(aside: Aside, tail: number): Cut | undefined {
  const key = aside.first;
  if (aside.cut !== undefined || key === undefined) return aside.cut;
  const first = listPosition(key)!;
  const suffix = (k: string, index: number) => k.slice(first.list.length + 1 + String(index).length);
  const suffixes = new Set([suffix(key, first.index)]);
  for (const [k] of asideEntries(aside, tail)) {
    const at = listPosition(k);
    if (at?.list === first.list) suffixes.add(suffix(k, at.index));
  }
  // from the first refused element itself: its first keys may have been kept
  return (aside.cut = { list: first.list, firstRefused: first.index, next: first.index, si: 0, suffixes: [...suffixes] });
}

/**
 * Up to `n` keys of the cut's list with an index below `below`, the highest kept indexes first (so kept and
 * dropped stay two runs), found by building their keys: no pass over the span's attributes. The caller removes them.
 */
export function takeFromCut(attrs: Attributes, cut: Cut, n: number, below = Infinity): string[] {
  const out: string[] = [];
  while (out.length < n && cut.next >= 1) {
    if (cut.si >= cut.suffixes.length || cut.next >= below) {
      cut.si = 0;
      cut.next--;
      continue;
    }
    const key = `${cut.list}.${cut.next}${cut.suffixes[cut.si++]}`;
    if (Object.hasOwn(attrs, key)) {
      cut.low = cut.next;
      out.push(key);
    }
  }
  return out;
}
