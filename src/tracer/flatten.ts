import type { Attributes, Span } from "@opentelemetry/api";
import type { MutableSpan } from "../preservation/span-internals.js";
import { droppedRangeKey } from "../preservation/tiers.js";

const MAX_DEPTH = 12;
/** Nodes counted exactly per call, per key the span may hold (at least 1,024); past it, a list's rest is extrapolated. */
const COUNT_PER_KEY = 64;

/** What one flatten call builds: at most `room` keys; the leaves past it are only counted. */
interface State {
  out: Attributes;
  room: number;
  skipped: number;
  countBudget: number;
  /** list key -> [first, last] index of the elements not built */
  ranges: Map<string, [number, number]>;
}

/**
 * Flattens a value into span attributes the way the Python SDK does:
 * `{ messages: [{ content }] }` under `honeyhive_inputs` → `honeyhive_inputs.messages.0.content`.
 * Total over hostile input: cycles, getters that throw, BigInt, symbols, functions never escape.
 */
export function flatten(value: unknown, prefix: string, out: Attributes = {}): Attributes {
  return flattenBounded(value, prefix, Number.POSITIVE_INFINITY, out).out;
}

/**
 * Like flatten, building at most `room` keys, so the work follows the span's limits, not the input. A list
 * that does not fit keeps its head (half the room at most) and its newest elements; the elements between
 * are counted (`skipped`, exactly up to 64 × room nodes, then extrapolated from those counted) and their
 * index range returned.
 */
export function flattenBounded(value: unknown, prefix: string, room: number, out: Attributes = {}) {
  const st: State = { out, room, skipped: 0, countBudget: Math.min(Math.max(room, 1024) * COUNT_PER_KEY, 1 << 24), ranges: new Map() };
  visit(value, prefix, st, [], 0);
  return st;
}

/**
 * Sets the flattened value on a span within what it can still hold (result keys, which the span guard keeps
 * ahead of bulk input, may take up to half the limit of a full span); the leaves not built count as dropped, and each cut
 * list records its dropped range in `honeyhive.dropped.<list>`.
 */
export function setFlattened(span: Span, value: unknown, prefix: string, isResult = false): void {
  if (!span.isRecording()) return; // sampled out: nothing would be kept
  const s = span as MutableSpan;
  const limit = s._spanLimits?.attributeCountLimit;
  const count = s._attributesCount;
  const bounded = limit !== undefined && count !== undefined && Number.isFinite(limit);
  const st = flattenBounded(value, prefix, bounded ? Math.max(0, limit - count, isResult ? Math.floor(limit / 2) : 0) : Infinity);
  span.setAttributes(st.out); // unbounded: every leaf, nothing skipped
  for (const [list, [a, b]] of st.ranges) span.setAttribute(droppedRangeKey(list), `${a}-${b}`);
  if (s._droppedAttributesCount !== undefined) s._droppedAttributesCount += st.skipped;
}

function leaf(value: unknown): string | number | boolean | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return value.toString();
    default:
      return undefined; // null, undefined, functions, symbols; objects are handled by the caller
  }
}

/** A value that stands for the whole object, checked in this order. */
function whole(obj: object, stack: object[], depth: number): string | undefined {
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? "Invalid Date" : obj.toISOString();
  if (obj instanceof Error) return `${obj.name}: ${obj.message}`;
  if (stack.includes(obj)) return "[Circular]";
  return depth >= MAX_DEPTH ? "[Truncated: too deep]" : undefined;
}

function read(obj: object, k: string): unknown {
  try {
    return (obj as Record<string, unknown>)[k];
  } catch {
    return "[Unreadable]";
  }
}

/**
 * Flattens `value` under `key` while the room lasts (the rest is counted as skipped); with no key, only counts
 * the keys it would flatten to (exact while the count budget lasts) and returns that.
 */
function visit(value: unknown, key: string | undefined, st: State, stack: object[], depth: number): number {
  const isObject = typeof value === "object" && value !== null;
  st.countBudget--; // every node read, built or counted: bounds the walk of lists whose elements take no room (holes, nulls)
  if (key !== undefined && isObject && st.room <= 0) return (st.skipped += visit(value, undefined, st, stack, depth));
  const w = isObject ? whole(value, stack, depth) : leaf(value);
  if (w !== undefined && key !== undefined && (isObject || key !== "")) {
    if (st.room > 0) {
      st.out[key] = w;
      st.room--;
    } else st.skipped++;
  }
  if (!isObject || w !== undefined) return w === undefined ? 0 : 1;
  stack.push(value);
  let n = 0;
  const pre = key ? `${key}.` : "";
  if (Array.isArray(value)) {
    if (key === undefined) n = countRange(value, 0, value.length, st, stack, depth + 1);
    else walkList(value, key, pre, st, stack, depth);
  } else {
    for (const k of Object.keys(value)) {
      // an empty segment makes "a." keys
      if (k !== "") n += visit(read(value, k), key === undefined ? undefined : pre + k, st, stack, depth + 1);
    }
  }
  stack.pop();
  return n;
}

/** A list: its head while half the room lasts, then as many of its newest as fit; the middle is counted. */
function walkList(list: unknown[], key: string, pre: string, st: State, stack: object[], depth: number): void {
  const n = list.length;
  const bounded = Number.isFinite(st.room);
  const half = bounded ? st.room / 2 : -1; // unbounded: every element
  let i = 0;
  for (; i < n && (st.room > half || i === 0) && (st.countBudget > 0 || !bounded); i++) visit(list[i], pre + i, st, stack, depth + 1);
  if (i >= n) return;
  // the newest elements that fit, leaving a slot for the range record
  let room = st.room - 1;
  let t = n;
  while (t > i && (st.countBudget > 0 || t === n)) {
    const c = visit(list[t - 1], undefined, st, stack, depth + 1);
    if (c > room) break;
    room -= c;
    t--;
  }
  if (t > i) {
    st.skipped += countRange(list, i, t, st, stack, depth + 1);
    st.ranges.set(key, [i, t - 1]);
    st.room--;
  }
  for (let j = t; j < n; j++) visit(list[j], pre + j, st, stack, depth + 1);
}

/** Keys of list[from..to): counted one by one, then, once the budget is spent, extrapolated. */
function countRange(list: unknown[], from: number, to: number, st: State, stack: object[], depth: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    if (st.countBudget <= 0 && i > from) return n + Math.round((n / (i - from)) * (to - i));
    n += visit(list[i], undefined, st, stack, depth);
  }
  return n;
}
