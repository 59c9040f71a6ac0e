import type { Attributes, AttributeValue } from "@opentelemetry/api";
import { isCoreAttribute } from "../attributes/core.js";
import { RESULT_ATTRIBUTE_PATTERNS, type TierMatcher, addRanges, droppedRangeKey, isRecordKey, listPosition, parseRanges, tierMatcher } from "./tiers.js";
import { fitEvents, linkBytes } from "../truncation/events.js";
import { fitSpanBudget, spanAttributeBytes, truncateAttributeValue } from "../truncation/value.js";
import { utf8ByteLength } from "../truncation/utf8.js";
import type { Logger } from "../log.js";
import { describeError } from "../log.js";
import { type Aside, asideEntries, cutOf, keepAside, takeFromCut } from "./aside.js";
import type { MutableSpan } from "./span-internals.js";
import { attributeCount, countDropped, evictAttribute, rawSetAttribute, spanCountLimit } from "./span-internals.js";

export interface GuardSettings {
  maxAttributes: number;
  maxAttributeLength: number;
  maxSpanSize: number;
  preserveCoreAttributes: boolean;
  /** patterns added to the result tier (RESULT_ATTRIBUTE_PATTERNS) */
  preserveAttributes?: readonly string[];
  log: Logger;
}

/** Protection ranks: core, then results, then bulk input (what gives way). */
const CORE = 0;
const RESULT = 1;
const BULK = 2;

const has = Object.hasOwn;

/** Where a cut value's original size is recorded; documented in the README. */
export function originalBytesKey(key: string): string {
  return `honeyhive.truncated.${key}.original_bytes`;
}

/** UTF-8 bytes are at most 3 per UTF-16 unit; numbers and booleans count 8, as the budget does. */
function bytesBound(key: string, value: unknown): number {
  let n = key.length * 3;
  for (const v of Array.isArray(value) ? value : [value]) n += typeof v === "string" ? v.length * 3 : 8;
  return n;
}

/** The value cut to `max` bytes, or undefined when it fits (judged without reading characters first). */
function cutValue(value: unknown, max: number) {
  const long = (v: unknown) => typeof v === "string" && v.length * 3 > max;
  return (Array.isArray(value) ? value.some(long) : long(value)) ? truncateAttributeValue(value, max) : undefined;
}

/** A full span's bulk keys in the order they give way; the list position of those whose drop is recorded. */
interface Plan {
  aside: Aside | undefined;
  order: Array<[string, { list: string; index: number } | undefined]>;
  at: number;
}

type SetAttribute = (this: MutableSpan, key: string, value: AttributeValue) => MutableSpan;

/**
 * Decorates spans of any SDK provider: byte-accurate truncation of values and room kept for core
 * attributes. One guard per processor; installing it on a span only swaps one method on that
 * instance, so nothing is kept per span once it ends.
 */
export class SpanGuard {
  readonly #s: GuardSettings;
  readonly #isResult: TierMatcher;
  readonly #tail: number;
  readonly #guarded: SetAttribute;
  readonly #checked: SetAttribute;
  /** the SDK's own setAttribute, bound once per span class: a lookup per call costs more than the call */
  #sdkProto: object | undefined;
  #sdkSetAttribute!: SetAttribute;
  /** per full span that had to make room: the order its bulk keys give way in (see #plan) */
  readonly #plans = new WeakMap<MutableSpan, Plan>();

  constructor(s: GuardSettings) {
    this.#s = s;
    const isResult = tierMatcher([...RESULT_ATTRIBUTE_PATTERNS, ...(s.preserveAttributes ?? [])]);
    this.#isResult = isResult;
    // how many refused list elements are kept aside for the end (the newest): a few per message
    const tail = s.preserveCoreAttributes ? Math.max(16, s.maxAttributes >> 6) : 0;
    this.#tail = tail;
    const guard = this;
    const shortString = Math.floor(s.maxAttributeLength / 3);
    const fail = (key: string, err: unknown) =>
      s.log.once("guard-set", "error", `setAttribute(${JSON.stringify(String(key))}) failed inside honeyhive-edge: ${describeError(err)}`);
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
          const spanLimit = spanCountLimit(this);
          if (count < spanLimit && count < s.maxAttributes) {
            this._hhBytesBound = bound + (key.length + (typeof value === "string" ? value.length : 3)) * 3;
            return guard.#sdkSetAttribute.call(this, key, value);
          }
          // full: a new bulk key is dropped and counted, as the SDK would (the newest few are kept aside for the
          // end); an existing one updates. Records of what was dropped are protected as results are.
          if (count >= spanLimit && key !== "" && !this.ended && !isCoreAttribute(key) && !isResult(key) && !isRecordKey(key) && !has(this.attributes, key)) {
            countDropped(this);
            if (tail > 0) keepAside(this, key, value, tail);
            return this;
          }
        }
        guard.#set(this, key, value);
      } catch (err) {
        fail(key, err);
      }
      return this;
    };
    // spans of another span class than the first one seen (two SDK copies in one app): no fast path
    this.#checked = function (key, value) {
      try {
        guard.#set(this, key, value);
      } catch (err) {
        fail(key, err);
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
    const max = this.#maxLength(span);
    // a provider that cuts values shorter (by UTF-16 units): every string takes the byte-aware slow path
    span.setAttribute = proto === this.#sdkProto && max === this.#s.maxAttributeLength ? this.#guarded : this.#checked;
    if (max < this.#s.maxAttributeLength) {
      this.#s.log.once(
        "value-limit",
        "warn",
        `this TracerProvider cuts attribute values at ${max} characters, below maxAttributeLength: create it with spanLimits: tracer.limits.`,
      );
    }
    span._hhBytesBound = 0;
    span._hhAside = undefined; // one shape for every span: the hot path stays monomorphic
    if (span._attributesCount === 0) return; // the common case: no startSpan attributes to look at
    for (const key in span.attributes) {
      let value = span.attributes[key];
      const cut = cutValue(value, max);
      if (cut) {
        rawSetAttribute(span, key, (value = cut.value));
        this.#record(span, originalBytesKey(key), cut.originalBytes);
      }
      span._hhBytesBound += bytesBound(key, value);
    }
  }

  /** The value limit in bytes: ours, or the span's own when its provider cuts shorter. */
  #maxLength(span: MutableSpan): number {
    const own = span._spanLimits?.attributeValueLengthLimit;
    return own !== undefined && own >= 0 && own < this.#s.maxAttributeLength ? own : this.#s.maxAttributeLength;
  }

  /** Pre-truncates the attributes given to startSpan, before the SDK can cut them by UTF-16 units. */
  truncateInitial(attributes: Attributes): Attributes {
    let out: Attributes | undefined;
    for (const key in attributes) {
      const cut = cutValue(attributes[key], this.#s.maxAttributeLength);
      if (!cut) continue;
      out ??= { ...attributes };
      out[key] = cut.value;
      out[originalBytesKey(key)] = cut.originalBytes;
    }
    return out ?? attributes;
  }

  #set(span: MutableSpan, key: string, value: AttributeValue): void {
    const cut = cutValue(value, this.#maxLength(span));
    if (cut) value = cut.value;
    // an empty key is the SDK's to refuse (not counted as dropped)
    const stored = value == null || key === "" || has(span.attributes, key) || span.ended || this.#makeRoom(span, key, value);
    if (stored) rawSetAttribute(span, key, value);
    // an overwrite counts twice: still an upper bound, and cheaper than subtracting the old value
    if (span._hhBytesBound !== undefined && value != null) span._hhBytesBound += bytesBound(key, value);
    // a refused value leaves no record of its cut (it would take a slot for nothing)
    if (cut && stored) this.#record(span, originalBytesKey(key), cut.originalBytes);
  }

  #rank(key: string): number {
    if (isCoreAttribute(key)) return CORE;
    return this.#isResult(key) || isRecordKey(key) ? RESULT : BULK;
  }

  #limit(span: MutableSpan): number {
    return Math.min(spanCountLimit(span), this.#s.maxAttributes);
  }

  /**
   * Whether a new key may be stored. On a full span a core or result key takes the place of a bulk one
   * (see #evict); a bulk key is refused and counted, and if it is a list element kept aside for the end.
   */
  #makeRoom(span: MutableSpan, key: string, value?: AttributeValue): boolean {
    if (attributeCount(span) < this.#limit(span)) return true;
    const rank = this.#s.preserveCoreAttributes ? this.#rank(key) : BULK;
    if (rank === BULK) {
      countDropped(span);
      if (this.#tail > 0 && value !== undefined) keepAside(span, key, value, this.#tail);
      return false;
    }
    const cut = span._hhAside && cutOf(span._hhAside, this.#tail);
    const [victim] = cut ? takeFromCut(span.attributes, cut, 1) : [];
    if (victim !== undefined) evictAttribute(span, victim);
    else if (!this.#evict(span, rank)) {
      countDropped(span); // nothing ranked below it: refused, and counted as the SDK would
      return false;
    }
    return true;
  }

  /**
   * Frees a slot, taking a key ranked below `rank`: the next bulk key of the span's plan (see #plan), else for a
   * core key the newest result. Each list's dropped indexes go to one attribute (honeyhive.dropped.<list>), whose
   * first write takes a slot too. Whether a slot is free for the caller.
   */
  #evict(span: MutableSpan, rank: number): boolean {
    const attrs = span.attributes;
    let plan = this.#plans.get(span);
    if (plan === undefined || plan.aside !== span._hhAside) this.#plans.set(span, (plan = this.#plan(span)));
    const dropped = new Map<string, number[]>();
    for (let need = 1; need > 0; need--) {
      while (plan.at < plan.order.length && !has(attrs, plan.order[plan.at][0])) plan.at++;
      const next = plan.order[plan.at++];
      let key = next?.[0];
      const at = next?.[1];
      if (key === undefined && rank === CORE) {
        const keys = Object.keys(attrs);
        for (let j = keys.length - 1; j >= 0 && key === undefined; j--) if (this.#rank(keys[j]) === RESULT) key = keys[j];
      }
      if (key === undefined) break;
      evictAttribute(span, key);
      if (at === undefined) continue;
      let list = dropped.get(at.list);
      if (list === undefined) {
        dropped.set(at.list, (list = []));
        if (!has(attrs, droppedRangeKey(at.list))) need++;
      }
      list.push(at.index);
    }
    for (const [list, indexes] of dropped) {
      const key = droppedRangeKey(list);
      rawSetAttribute(span, key, addRanges(attrs[key], indexes.map((i) => [i, i])));
    }
    return attributeCount(span) < this.#limit(span);
  }

  /**
   * The order in which a full span's bulk keys give way, found in one pass and followed by every later key that
   * needs room (a key at a time would make 500 result keys 500 passes). First elements of a flattened list past
   * its first (the system prompt): the oldest while nothing was refused, else (the aside exists) those just before
   * the refused newest, so the dropped elements stay one range; a list already cut gives way next to its dropped
   * range, the oldest above it first. Then every other bulk key, newest first. A bulk key is never added to a full
   * span, so the plan holds until the span refuses its first key (the direction changes) or ends.
   */
  #plan(span: MutableSpan): Plan {
    const aside = span._hhAside;
    const attrs = span.attributes;
    const bulk = Object.keys(attrs).filter((k) => this.#rank(k) === BULK);
    const order: Plan["order"] = [];
    const above: Plan["order"] = [];
    const below: Plan["order"] = [];
    const cutAt = new Map<string, number[] | undefined>();
    for (let j = 0; j < bulk.length; j++) {
      const k = bulk[aside !== undefined ? bulk.length - 1 - j : j];
      const at = listPosition(k);
      if (at === undefined || at.index === 0) continue;
      if (!cutAt.has(at.list)) cutAt.set(at.list, parseRanges(attrs[droppedRangeKey(at.list)]).at(-1));
      const range = cutAt.get(at.list);
      if (range === undefined) order.push([k, at]);
      else if (at.index > range[1]) above.push([k, at]);
      else if (at.index < range[0]) below.push([k, at]);
    }
    above.sort((x, y) => x[1]!.index - y[1]!.index);
    below.sort((x, y) => y[1]!.index - x[1]!.index);
    order.push(...above, ...below);
    for (let j = bulk.length - 1; j >= 0; j--) order.push([bulk[j], undefined]);
    return { aside, order, at: 0 };
  }

  #record(span: MutableSpan, key: string, bytes: number): void {
    const previous = span.attributes[key];
    if (typeof previous === "number" && previous >= bytes) return; // keep the true original size
    if (has(span.attributes, key) || this.#makeRoom(span, key)) rawSetAttribute(span, key, bytes);
  }

  /**
   * onEnding: the newest list elements refused while the span was full take the places of older ones
   * from the middle of their list; nothing of this stays on the span.
   */
  #restoreNewest(span: MutableSpan): void {
    const aside = span._hhAside;
    if (aside === undefined) return;
    span._hhAside = undefined;
    this.#plans.delete(span); // the elements put back are not in it
    const cut = cutOf(aside, this.#tail);
    if (!cut) return;
    const attrs = span.attributes;
    const entries = new Map<string, [AttributeValue, number]>(); // the last value of a key wins
    let highest = cut.firstRefused;
    let lowest = Infinity;
    for (const [key, value] of asideEntries(aside, this.#tail)) {
      const at = listPosition(key);
      if (at?.list !== cut.list || has(attrs, key)) continue;
      entries.delete(key);
      entries.set(key, [value, at.index]);
      highest = Math.max(highest, at.index);
      lowest = Math.min(lowest, at.index);
    }
    const rangeKey = droppedRangeKey(cut.list);
    const rangeSlot = has(attrs, rangeKey) ? 0 : 1;
    const victims = takeFromCut(attrs, cut, entries.size + rangeSlot, lowest);
    // the newest, as many as older elements give way (the range record first)
    const keep = [...entries].slice(entries.size - Math.max(0, victims.length - rangeSlot));
    const lowestBack = keep.reduce((m, [, [, index]]) => Math.min(m, index), highest + 1);
    const from = cut.low ?? cut.firstRefused;
    // add first, remove after: V8 rehashes a dictionary that had keys deleted on its next add (per span)
    if (span._attributesCount !== undefined) span._attributesCount -= victims.length;
    // the record's slot: its own, a victim's, or (none given way) one made as for any record
    if (from < lowestBack && (victims.length > 0 || !rangeSlot || this.#makeRoom(span, rangeKey))) {
      rawSetAttribute(span, rangeKey, addRanges(attrs[rangeKey], [[from, lowestBack - 1]]));
    }
    for (const [key, [value]] of keep) rawSetAttribute(span, key, value);
    for (const key of victims) delete attrs[key];
    countDropped(span, victims.length - keep.length); // the ones kept were counted when refused
  }

  /**
   * onEnding, after the core keys: the newest list elements back; event values cut by bytes (the SDK has cut
   * them by UTF-16 units to maxAttributeLength, and cutting that by bytes gives what cutting the original
   * would); then the span budget: attribute bytes, events' and links' included, within maxSpanSize. Events get
   * what the attributes leave, at least a quarter (their values shrink, the oldest go first, counted); the
   * attributes the rest. Core values are never cut.
   */
  finish(span: MutableSpan): void {
    this.#restoreNewest(span);
    const length = this.#maxLength(span);
    for (const { attributes } of span.events) {
      for (const key in attributes) {
        const cut = cutValue(attributes[key], length);
        if (cut) attributes[key] = cut.value;
      }
    }
    const max = this.#s.maxSpanSize;
    const bound = span._hhBytesBound;
    const fits = bound !== undefined && bound <= max;
    let budget = max;
    if (span.events.length > 0 || span.links.length > 0) {
      const links = linkBytes(span.links);
      const events = fitEvents(span.events, Math.max(max - (fits ? bound : spanAttributeBytes(span.attributes)) - links, Math.floor(max / 4)));
      if (events.dropped > 0 && span._droppedEventsCount !== undefined) span._droppedEventsCount += events.dropped;
      budget = max - events.bytes - links;
    }
    if (bound !== undefined && bound <= budget) return;
    let cuts = fitSpanBudget(span.attributes, budget, isCoreAttribute);
    if (cuts.length === 0) return;
    // the original-size records take bytes too: plan again with room for them
    const reserve = (list: typeof cuts) => list.reduce((n, c) => n + utf8ByteLength(originalBytesKey(c.key)) + 8, 0);
    let room = reserve(cuts);
    for (let round = 0; round < 3; round++) {
      cuts = fitSpanBudget(span.attributes, budget - room, isCoreAttribute);
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
