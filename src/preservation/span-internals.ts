import type { Attributes, AttributeValue, SpanAttributes } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanLimits } from "@opentelemetry/sdk-trace-base";
import type { Aside } from "./aside.js";

/**
 * The few SpanImpl internals we rely on (sdk-trace 2.x, pinned). JS OpenTelemetry drops *new* keys
 * once a span is full, so keeping room for core keys means evicting a non-core key ourselves, and
 * that has to keep the span's own count and dropped-count honest. test/unit/span-internals.test.ts
 * fails if a version bump renames these.
 */
export type MutableSpan = Span &
  ReadableSpan & {
    attributes: Attributes;
    _attributesCount?: number;
    _droppedAttributesCount?: number;
    _droppedEventsCount?: number;
    _spanLimits?: SpanLimits;
    /** ours: an upper bound of the span's attribute bytes, so the span budget check is O(1) when it fits */
    _hhBytesBound?: number;
    /** ours: the processor's end-of-span work has run (it runs once, in onEnding or else in onEnd) */
    _hhFinished?: boolean;
    _ended?: boolean;
    /** ours, while the span is full: the newest refused keys and values, a ring read back at the end */
    _hhAside?: Aside;
  };

export function attributeCount(span: MutableSpan): number {
  return span._attributesCount ?? Object.keys(span.attributes).length;
}

export function spanCountLimit(span: MutableSpan): number {
  return span._spanLimits?.attributeCountLimit ?? Number.POSITIVE_INFINITY;
}

/** Removes a key the span holds and counts it as dropped, as OpenTelemetry would have. */
export function evictAttribute(span: MutableSpan, key: string): void {
  delete span.attributes[key];
  if (span._attributesCount !== undefined) span._attributesCount--;
  countDropped(span);
}

/** Counts `n` keys (1: one we refused without storing it; negative: kept after all). */
export function countDropped(span: MutableSpan, n = 1): void {
  if (span._droppedAttributesCount !== undefined) span._droppedAttributesCount += n;
}

type SetAttribute = (this: MutableSpan, key: string, value: AttributeValue) => MutableSpan;

/** The span class's own setAttribute, bypassing the guard on the instance (the guard's slow paths only). */
export function rawSetAttribute(span: MutableSpan, key: string, value: AttributeValue): void {
  (Object.getPrototypeOf(span).setAttribute as SetAttribute).call(span, key, value);
}

/**
 * Runs fn with an ended span open again. A provider that never calls onEnding leaves the end-of-span
 * work to onEnd, where the SDK ignores every write; reopened, the span's own setAttribute (and so every
 * write path of the guard, limits included) works exactly as in onEnding. Synchronous: no user code runs.
 */
export function whileOpen(span: MutableSpan, fn: () => void): void {
  if (span._ended !== true) return fn();
  span._ended = false;
  try {
    fn();
  } finally {
    span._ended = true;
  }
}

export type { SpanAttributes };
