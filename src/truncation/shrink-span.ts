import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { isCoreAttribute } from "../attributes/core.js";
import { originalBytesKey } from "../preservation/span-guard.js";
import { RESULT_ATTRIBUTE_PATTERNS, type TierMatcher, isRecordKey, tierMatcher } from "../preservation/tiers.js";
import { fitSpanBudget, spanAttributeBytes, truncateAttributeValue } from "./value.js";

/** Compiled on the first span to shrink (an unload): nothing at startup. */
let builtIn: TierMatcher | undefined;

/** The bytes a span takes in a request body of its own (the real encoder's output). */
export type EncodedSize = (span: ReadableSpan) => number;

/** Rounds of cutting or dropping, each one re-measured with the real encoding. */
const ROUNDS = 12;
/** A value is not cut below this (its key's bytes included): past that, dropping the newest attributes keeps more. */
const MIN_CUT_BYTES = 1024;
/** What an OTLP/JSON attribute costs around its key and value ({"key":…,"value":{"stringValue":…}}), about. */
const PER_ATTRIBUTE_OVERHEAD = 40;

/**
 * A copy of `span` whose encoding fits `maxBytes`, for a request that cannot be larger (a browser's keepalive
 * fetch at unload): better a span with its values cut than no span at all. As the span budget does it, the
 * largest values are cut first (each ends with the truncation marker, its original size recorded as
 * honeyhive.truncated.<key>.original_bytes), none below MIN_CUT_BYTES; when that is not enough (many small
 * attributes), the newest are dropped (counted in droppedAttributesCount), then events. Bulk input gives way
 * before results (the result tier) at each step; core attributes and the records of what was cut or dropped are
 * never touched. The span itself is not changed; the copy inherits the rest from it.
 */
export function shrinkSpanToFit(span: ReadableSpan, maxBytes: number, size: EncodedSize, isResult?: TierMatcher): ReadableSpan {
  let bytes = size(span);
  if (bytes <= maxBytes) return span;
  const attributes: Record<string, unknown> = { ...span.attributes };
  let events = span.events;
  let dropped = 0;
  let droppedEvents = 0;
  const copy = (): ReadableSpan =>
    Object.create(span, {
      attributes: { value: attributes, enumerable: true },
      events: { value: events, enumerable: true },
      droppedAttributesCount: { value: span.droppedAttributesCount + dropped, enumerable: true },
      droppedEventsCount: { value: span.droppedEventsCount + droppedEvents, enumerable: true },
    }) as ReadableSpan;

  isResult ??= builtIn ??= tierMatcher(RESULT_ATTRIBUTE_PATTERNS);
  const kept = (k: string) => isCoreAttribute(k) || isRecordKey(k);
  // what may give way, in turn: bulk input (results kept), then results
  const tiers = [(k: string) => kept(k) || isResult!(k), kept];
  const apply = (key: string, cut: { value: unknown; originalBytes: number } | undefined) => {
    if (!cut) return;
    attributes[key] = cut.value;
    const record = originalBytesKey(key);
    const previous = attributes[record];
    if (!(typeof previous === "number" && previous >= cut.originalBytes)) attributes[record] = cut.originalBytes;
  };
  // 1. cut the largest values: to fit while each keeps a useful size, else those larger than that to it
  for (const keep of tiers) {
    for (let round = 0; round < ROUNDS && bytes > maxBytes; round++) {
      const target = spanAttributeBytes(attributes) - (bytes - maxBytes) - 64 * (round + 1);
      const cuts = fitSpanBudget(attributes, Math.max(0, target), keep);
      if (cuts.length === 0) break;
      const useful = cuts.every((c) => spanAttributeBytes({ v: c.value }) >= MIN_CUT_BYTES);
      for (const c of cuts) apply(c.key, useful ? c : truncateAttributeValue(attributes[c.key], MIN_CUT_BYTES));
      bytes = size(copy());
      if (!useful) break;
    }
  }
  // 2. else drop the newest (as OpenTelemetry drops keys over its limit): many small attributes have no large value to cut
  for (const keep of tiers) {
    const keys = Object.keys(attributes).filter((k) => !keep(k));
    for (let round = 0; round < ROUNDS && bytes > maxBytes && keys.length > 0; round++) {
      for (let excess = bytes - maxBytes; excess > 0 && keys.length > 0; dropped++) {
        const key = keys.pop()!;
        excess -= spanAttributeBytes({ [key]: attributes[key] }) + PER_ATTRIBUTE_OVERHEAD;
        delete attributes[key];
      }
      bytes = size(copy());
    }
  }
  // 3. still too large (huge events): drop the newest events
  while (bytes > maxBytes && events.length > 0) {
    events = events.slice(0, Math.floor(events.length / 2));
    droppedEvents = span.events.length - events.length;
    bytes = size(copy());
  }
  return copy();
}

/** shrinkSpanToFit with the app's own `preserveAttributes` in the result tier, as the span guard has them. */
export function shrinkerFor(preserveAttributes: readonly string[] = []): (span: ReadableSpan, maxBytes: number, size: EncodedSize) => ReadableSpan {
  let isResult: TierMatcher | undefined;
  return (span, maxBytes, size) => shrinkSpanToFit(span, maxBytes, size, (isResult ??= tierMatcher([...RESULT_ATTRIBUTE_PATTERNS, ...preserveAttributes])));
}
