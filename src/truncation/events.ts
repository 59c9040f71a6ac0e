// Events (and links) inside the span budget: their attribute values shrink, the oldest events go first.
import { spanAttributeBytes, splitBytes, truncateAttributeValue, valueBytes, waterLevel } from "./value.js";

interface EventLike {
  name: unknown;
  attributes?: Record<string, unknown>;
}

/** Below this, a value is no longer worth keeping: the oldest events are dropped instead. */
const FLOOR = 1024;

/** An upper bound of the bytes of links' attributes, as the budget counts them (3 per UTF-16 unit). */
export function linkBytes(links: ReadonlyArray<{ attributes?: Record<string, unknown> }> | undefined): number {
  let n = 0;
  for (const link of links ?? []) n += spanAttributeBytes(link.attributes, true);
  return n;
}

/**
 * Fits `events` (in place, oldest first) into `budget` bytes, counted as upper bounds (3 bytes per UTF-16
 * unit, so nothing is scanned): while the rest cannot fit with each value at min(size, 1 KiB), the oldest
 * event goes; then the largest values shrink to a common ceiling (cut by bytes, with the marker). Returns how
 * many events went and the bytes bound of what is left.
 */
export function fitEvents(events: EventLike[], budget: number): { dropped: number; bytes: number } {
  // bounds of each event: name, keys and non-string values (`fixed`), and its string sizes
  const sizes = events.map((event) => {
    const strings: number[] = [];
    const fixed = (typeof event.name === "string" ? event.name.length * 3 : 8) + splitBytes(event.attributes, strings, true); // an app may pass any name
    return { fixed, strings };
  });
  const sum = (m: { fixed: number; strings: number[] }, cap = Infinity) => m.strings.reduce((a, b) => a + Math.min(b, cap), m.fixed);
  let total = sizes.reduce((n, m) => n + sum(m), 0);
  if (total <= budget) return { dropped: 0, bytes: total };
  let need = sizes.reduce((n, m) => n + sum(m, FLOOR), 0);
  let dropped = 0;
  while (dropped < events.length && need > budget) need -= sum(sizes[dropped++], FLOOR);
  events.splice(0, dropped);
  const kept = sizes.slice(dropped);
  const fixed = kept.reduce((n, m) => n + m.fixed, 0);
  const strings = kept.flatMap((m) => m.strings);
  const level = waterLevel(strings, budget - fixed);
  total = fixed;
  for (const event of events) {
    const attrs = event.attributes ?? {};
    for (const key in attrs) {
      const v = attrs[key];
      if (level !== Number.POSITIVE_INFINITY) {
        const cut = truncateAttributeValue(v, level);
        if (cut) attrs[key] = cut.value;
      }
      // the strings (the rest is in `fixed`); exact only where the bound is over the ceiling, so ≤ `level` long
      for (const el of Array.isArray(attrs[key]) ? (attrs[key] as unknown[]) : [attrs[key]]) {
        if (typeof el === "string") total += el.length * 3 <= level ? el.length * 3 : valueBytes(el);
      }
    }
  }
  return { dropped, bytes: total };
}
