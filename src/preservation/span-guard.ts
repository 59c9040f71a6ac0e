import type { Attributes, AttributeValue } from "@opentelemetry/api";
import { isCoreAttribute } from "../attributes/core.js";
import { fitSpanBudget, truncateAttributeValue } from "../truncation/value.js";
import { utf8ByteLength } from "../truncation/utf8.js";
import type { Logger } from "../log.js";
import { describeError } from "../log.js";
import type { MutableSpan } from "./span-internals.js";
import { attributeCount, countDropped, evictAttribute, rawSetAttribute, spanCountLimit } from "./span-internals.js";

export interface GuardSettings {
  maxAttributes: number;
  maxAttributeLength: number;
  maxSpanSize: number;
  preserveCoreAttributes: boolean;
  log: Logger;
}

/** Where a cut value's original size is recorded; documented in the README. */
export function originalBytesKey(key: string): string {
  return `honeyhive.truncated.${key}.original_bytes`;
}

/** UTF-8 bytes are at most 3 per UTF-16 unit; numbers and booleans count 8, as the budget does. */
function bytesBound(key: string, value: unknown): number {
  let n = key.length * 3;
  if (typeof value === "string") n += value.length * 3;
  else if (Array.isArray(value)) for (const v of value) n += typeof v === "string" ? v.length * 3 : 8;
  else n += 8;
  return n;
}

function mustTruncate(value: unknown, max: number): boolean {
  if (typeof value === "string") return value.length * 3 > max;
  return Array.isArray(value) && value.some((v) => typeof v === "string" && v.length * 3 > max);
}

/**
 * Decorates spans of any SDK provider: byte-accurate truncation of values and room kept for core
 * attributes. One guard per processor; installing it on a span only swaps one method on that
 * instance, so nothing is kept per span once it ends.
 */
type SetAttribute = (this: MutableSpan, key: string, value: AttributeValue) => MutableSpan;

export class SpanGuard {
  readonly #s: GuardSettings;
  readonly #guarded: SetAttribute;
  readonly #checked: SetAttribute;
  /** the SDK's own setAttribute, bound once per span class: a lookup per call costs more than the call */
  #sdkProto: object | undefined;
  #sdkSetAttribute!: SetAttribute;

  constructor(s: GuardSettings) {
    this.#s = s;
    const guard = this;
    const shortString = Math.floor(s.maxAttributeLength / 3);
    this.#guarded = function (key, value) {
      try {
        // hot paths: a short string, number or boolean needs no truncation, only a room check
        const count = this._attributesCount;
        const bound = this._hhBytesBound;
        if (
          (typeof value === "string" ? value.length <= shortString : typeof value === "number" || typeof value === "boolean") &&
          count !== undefined &&
          bound !== undefined
        ) {
          const spanLimit = this._spanLimits?.attributeCountLimit ?? Number.POSITIVE_INFINITY;
          if (count < spanLimit && count < s.maxAttributes) {
            this._hhBytesBound = bound + (key.length + (typeof value === "string" ? value.length : 3)) * 3;
            return guard.#sdkSetAttribute.call(this, key, value);
          }
          if (count >= spanLimit && !isCoreAttribute(key)) {
            // full: a new non-core key is dropped and counted, as the SDK would; an existing one updates
            if (key !== "" && !this.ended && !Object.prototype.hasOwnProperty.call(this.attributes, key)) {
              countDropped(this);
              return this;
            }
            this._hhBytesBound = bound + bytesBound(key, value);
            rawSetAttribute(this, key, value);
            return this;
          }
        }
        guard.#set(this, key, value);
      } catch (err) {
        s.log.once("guard-set", "error", `setAttribute(${JSON.stringify(String(key))}) failed inside honeyhive-edge: ${describeError(err)}`);
      }
      return this;
    };
    // spans of another span class than the first one seen (two SDK copies in one app): no fast path
    this.#checked = function (key, value) {
      try {
        guard.#set(this, key, value);
      } catch (err) {
        s.log.once("guard-set", "error", `setAttribute failed inside honeyhive-edge: ${describeError(err)}`);
      }
      return this;
    };
  }

  /** onStart: guard later writes and bring attributes set at construction within the rules. */
  install(span: MutableSpan): void {
    const proto = Object.getPrototypeOf(span);
    if (this.#sdkProto === undefined) {
      this.#sdkProto = proto;
      this.#sdkSetAttribute = proto.setAttribute;
    }
    span.setAttribute = proto === this.#sdkProto ? this.#guarded : this.#checked;
    span._hhBytesBound = 0;
    if (span._attributesCount === 0) return; // the common case: no startSpan attributes to look at
    const max = this.#s.maxAttributeLength;
    for (const key in span.attributes) {
      const value = span.attributes[key];
      if (mustTruncate(value, max)) this.#set(span, key, value as AttributeValue);
      else span._hhBytesBound += bytesBound(key, value);
    }
  }

  /** Pre-truncates the attributes given to startSpan, before the SDK can cut them by UTF-16 units. */
  truncateInitial(attributes: Attributes): Attributes {
    const max = this.#s.maxAttributeLength;
    let out: Attributes | undefined;
    for (const key in attributes) {
      const value = attributes[key];
      if (!mustTruncate(value, max)) continue;
      const cut = truncateAttributeValue(value, max);
      if (!cut) continue;
      out ??= { ...attributes };
      out[key] = cut.value;
      out[originalBytesKey(key)] = cut.originalBytes;
    }
    return out ?? attributes;
  }

  #set(span: MutableSpan, key: string, value: AttributeValue): void {
    let originalBytes: number | undefined;
    if (mustTruncate(value, this.#s.maxAttributeLength)) {
      const cut = truncateAttributeValue(value, this.#s.maxAttributeLength);
      if (cut) {
        value = cut.value;
        originalBytes = cut.originalBytes;
      }
    }
    if (value == null || Object.prototype.hasOwnProperty.call(span.attributes, key) || span.ended) {
      rawSetAttribute(span, key, value);
    } else if (this.#makeRoom(span, key)) {
      rawSetAttribute(span, key, value);
    }
    // an overwrite counts twice: still an upper bound, and cheaper than subtracting the old value
    if (span._hhBytesBound !== undefined && value != null) span._hhBytesBound += bytesBound(key, value);
    if (originalBytes !== undefined) this.#record(span, originalBytesKey(key), originalBytes);
  }

  /** Whether a new key may be stored: core keys evict the newest non-core key when the span is full. */
  #makeRoom(span: MutableSpan, key: string): boolean {
    const limit = Math.min(spanCountLimit(span), this.#s.maxAttributes);
    if (attributeCount(span) < limit) return true;
    if (!this.#s.preserveCoreAttributes || !isCoreAttribute(key)) {
      countDropped(span);
      return false;
    }
    let victim: string | undefined;
    for (const k in span.attributes) if (!isCoreAttribute(k)) victim = k;
    if (victim === undefined) return false;
    evictAttribute(span, victim);
    return true;
  }

  #record(span: MutableSpan, key: string, bytes: number): void {
    const previous = span.attributes[key];
    if (typeof previous === "number" && previous >= bytes) return; // keep the true original size
    if (Object.prototype.hasOwnProperty.call(span.attributes, key) || this.#makeRoom(span, key)) {
      rawSetAttribute(span, key, bytes);
    }
  }

  /**
   * onEnding: event attribute values cut by bytes. The SDK has already cut them by UTF-16 units to
   * maxAttributeLength; cutting that by bytes gives the same result as cutting the original would.
   */
  truncateEvents(span: MutableSpan): void {
    const max = this.#s.maxAttributeLength;
    for (const event of span.events) {
      const attrs = event.attributes;
      for (const key in attrs) {
        if (!mustTruncate(attrs[key], max)) continue;
        const cut = truncateAttributeValue(attrs[key], max);
        if (cut) attrs[key] = cut.value;
      }
    }
  }

  /** onEnding: the span's total attribute bytes stay within maxSpanSize; core values are never cut. */
  enforceSpanBudget(span: MutableSpan): void {
    if (span._hhBytesBound !== undefined && span._hhBytesBound <= this.#s.maxSpanSize) return;
    let cuts = fitSpanBudget(span.attributes, this.#s.maxSpanSize, isCoreAttribute);
    if (cuts.length === 0) return;
    // the original-size records take bytes too: plan again with room for them
    const reserve = (list: typeof cuts) => list.reduce((n, c) => n + utf8ByteLength(originalBytesKey(c.key)) + 8, 0);
    let room = reserve(cuts);
    for (let round = 0; round < 3; round++) {
      cuts = fitSpanBudget(span.attributes, this.#s.maxSpanSize - room, isCoreAttribute);
      const needed = reserve(cuts);
      if (needed <= room) break;
      room = needed;
    }
    for (const c of cuts) {
      rawSetAttribute(span, c.key, c.value);
      this.#record(span, originalBytesKey(c.key), c.originalBytes);
    }
  }
}
