// The second protected tier: attributes that carry a call's result, kept ahead of bulk input when a span is full.

/**
 * Outputs, usage and cost, model and finish, errors, and the keys the event type is detected from, in the conventions users' instrumentations write
 * (HoneyHive, OpenInference, OpenTelemetry gen_ai, OpenLLMetry, the AI SDK). A pattern is an exact key, or a
 * prefix ending in `*` ("gen_ai.usage.*" matches "gen_ai.usage.input_tokens").
 */
export const RESULT_ATTRIBUTE_PATTERNS: readonly string[] = Object.freeze([
  "honeyhive_outputs.*",
  "honeyhive_error",
  "honeyhive_metrics.*",
  "output.*",
  "llm.output_messages.*",
  "gen_ai.output.messages",
  "gen_ai.completion.*",
  "gen_ai.usage.*",
  "llm.token_count.*",
  "llm.usage.*",
  "llm.cost.*",
  "gen_ai.request.model",
  "gen_ai.response.*",
  "llm.model_name",
  "llm.response.*",
  "llm.finish_reason",
  "ai.response.*",
  "ai.usage.*",
  "ai.model.id",
  "exception.*",
  "error.type",
  // what the event type is detected from (a full span must not turn a model call into "tool")
  "gen_ai.operation.name",
  "openinference.span.kind",
  "traceloop.span.kind",
  "llm.request.type",
  "ai.operationId",
]);

/** key -> whether it is in the tier. */
export type TierMatcher = (key: string) => boolean;

interface Pattern {
  text: string;
  prefix: boolean;
}

/**
 * Compiles patterns so that a key outside the tier (the bulk of a full span) is refused after reading two
 * units: its first, and the first one where the patterns sharing that first unit differ.
 */
export function tierMatcher(patterns: readonly string[]): TierMatcher {
  if (patterns.includes("*")) return () => true;
  const groups: Record<number, Pattern[]> = {};
  for (const p of patterns) {
    const prefix = p.endsWith("*");
    const text = prefix ? p.slice(0, -1) : p;
    if (text !== "") (groups[text.charCodeAt(0)] ??= []).push({ text, prefix });
  }
  // integer keys: element lookups
  const first: Record<number, { at: number; next: Record<number, Pattern[]> }> = {};
  for (const code in groups) {
    const list = groups[code];
    // the first unit where the group's patterns differ (their common prefix's length), inside every one
    let at = Math.min(...list.map((p) => p.text.length)) - 1;
    for (const p of list) while (at > 0 && !p.text.startsWith(list[0].text.slice(0, at))) at--;
    const next: Record<number, Pattern[]> = {};
    for (const p of list) (next[p.text.charCodeAt(at)] ??= []).push(p);
    first[code] = { at, next };
  }
  return (key) => {
    const group = first[key.charCodeAt(0)];
    const list = group && group.next[key.charCodeAt(group.at)];
    if (list === undefined) return false;
    for (const p of list) if (p.prefix ? key.startsWith(p.text) : key === p.text) return true;
    return false;
  };
}

/**
 * Where a flattened list's element index sits in a key: `llm.input_messages.12.message.content` → the list
 * `llm.input_messages` and index 12 (the first all-digit segment). undefined for a key of no list.
 */
export function listPosition(key: string): { list: string; index: number } | undefined {
  let start = 0;
  for (;;) {
    const dot = key.indexOf(".", start);
    if (dot < 0) return undefined;
    let end = dot + 1;
    while (end < key.length && key.charCodeAt(end) >= 48 && key.charCodeAt(end) <= 57) end++;
    // digits up to the next dot or the end, with no leading zero (so "01" is a name, not an index)
    if (end > dot + 1 && (end === key.length || key.charCodeAt(end) === 46) && (end === dot + 2 || key.charCodeAt(dot + 1) !== 48)) {
      return { list: key.slice(0, dot), index: Number(key.slice(dot + 1, end)) };
    }
    start = dot + 1;
  }
}

/** The records of what a span lost (cut values' sizes, dropped list ranges): protected as results are. */
export function isRecordKey(key: string): boolean {
  // the "." of "honeyhive." rules out nearly every other key in one read: this runs for each key a full span refuses
  return key.charCodeAt(9) === 46 && (key.startsWith("honeyhive.truncated.") || key.startsWith("honeyhive.dropped."));
}

/** Records which elements of a list were dropped from a full span, as "first-last" (inclusive). */
export function droppedRangeKey(list: string): string {
  return `honeyhive.dropped.${list}`;
}

/** The inclusive ranges of a "a-b,c-d" record (none when it is not a string). */
export function parseRanges(record: unknown): number[][] {
  const ranges: number[][] = [];
  for (const part of typeof record === "string" && record !== "" ? record.split(",") : []) {
    const [a, b = a] = part.split("-").map(Number);
    if (Number.isInteger(a) && Number.isInteger(b)) ranges.push([a, b]);
  }
  return ranges;
}

/** Adds inclusive ranges to a "a-b,c-d" record (`previous`), merged and in order. */
export function addRanges(previous: unknown, add: ReadonlyArray<readonly number[]>): string {
  const ranges = [...parseRanges(previous), ...add].sort((x, y) => x[0] - y[0]);
  const out: number[][] = [];
  for (const [a, b] of ranges) {
    const last = out.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out.map(([a, b]) => `${a}-${b}`).join(",");
}
