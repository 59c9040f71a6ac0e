// The W3C Trace Context (traceparent, tracestate) and Baggage header formats, as small as the Workers budget
// wants: @opentelemetry/core's propagators and the API's baggage cost ~2.5 KiB gzip there (measured with
// test/bench/p6-sizes.mjs). Tests check both directions against @opentelemetry/core's propagators.
import { TraceFlags, isSpanContextValid, type SpanContext, type TraceState } from "@opentelemetry/api";

// version 00 exactly; a later version may append fields after a "-" (W3C: parse what you know)
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** A remote SpanContext from `traceparent` (and `tracestate`); undefined when malformed or all-zero. */
export function parseTraceparent(traceparent: string | undefined, tracestate: string | undefined): SpanContext | undefined {
  const m = traceparent === undefined ? null : TRACEPARENT.exec(traceparent.trim());
  if (!m || m[1] === "ff" || (m[1] === "00" && m[5] !== undefined)) return undefined;
  // sampled whatever the caller decided: its "not sampled" would make our ParentBased sampler drop the whole
  // request, and HoneyHive's spans are the product, not a sample (the flag goes on downstream as sampled)
  const sc: SpanContext = { traceId: m[2], spanId: m[3], traceFlags: parseInt(m[4], 16) | TraceFlags.SAMPLED, isRemote: true };
  if (!isSpanContextValid(sc)) return undefined;
  const state = tracestate === undefined ? undefined : traceStateOf(tracestate);
  if (state) sc.traceState = state;
  return sc;
}

export function formatTraceparent(sc: SpanContext): string {
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, "0")}`;
}

// W3C: at most 32 list members; 512 characters are what every vendor must pass on
const TRACESTATE_MEMBER = /^[a-z0-9][_0-9a-z\-*/@]{0,255}=[\x21-\x2b\x2d-\x3c\x3e-\x7e ]{0,256}$/;

/** The caller's tracestate, carried on unchanged (our spans add no entry of their own). */
function traceStateOf(raw: string): TraceState | undefined {
  const members = raw.length > 512 ? [] : raw.split(",").map((m) => m.trim()).filter((m) => TRACESTATE_MEMBER.test(m)).slice(0, 32);
  return members.length ? stateFrom(members) : undefined;
}

// methods, not arrow properties: bundlers that keep names (wrangler) wrap each named arrow
function stateFrom(members: string[]): TraceState {
  const without = (key: string) => members.filter((m) => !m.startsWith(`${key}=`));
  return {
    get(key) {
      return members.find((m) => m.startsWith(`${key}=`))?.slice(key.length + 1);
    },
    set(key, value) {
      return stateFrom([`${key}=${value}`, ...without(key)]);
    },
    unset(key) {
      return stateFrom(without(key));
    },
    serialize() {
      return members.join(",");
    },
  };
}

/** W3C Baggage limits: 8192 bytes per header, 180 entries, 4096 bytes per entry (we read a prefix of a longer one). */
const BAGGAGE_MAX = 8192;
const ENTRY_MAX = 4096;
const ENTRIES_MAX = 180;

/** The values of `keys` in a baggage header (metadata after ";" ignored); nothing else is kept. */
export function readBaggage(header: string | undefined, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  // past the limit, the entry cut in two is dropped, not read as a shorter value
  const kept = header.length > BAGGAGE_MAX ? header.slice(0, header.lastIndexOf(",", BAGGAGE_MAX)) : header;
  const entries = kept.split(",", ENTRIES_MAX);
  for (const entry of entries) {
    if (entry.length > ENTRY_MAX) continue;
    const pair = entry.split(";", 1)[0];
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const key = decode(pair.slice(0, eq).trim());
    if (key === undefined || !keys.includes(key)) continue;
    const value = decode(pair.slice(eq + 1).trim());
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A baggage header with `entries` set, keeping the other members of `existing` (the app's own). */
export function writeBaggage(existing: string | undefined, entries: Record<string, string>): string {
  const ours = Object.keys(entries);
  const kept = (existing ?? "").split(",").map((m) => m.trim()).filter((m) => {
    const eq = m.indexOf("=");
    return eq > 0 && !ours.includes(decode(m.slice(0, eq).trim()) ?? "");
  });
  const written = ours.map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(entries[k])}`);
  let header = written.join(",");
  for (const m of kept) if (header.length + m.length + 1 <= BAGGAGE_MAX) header += `,${m}`;
  return header;
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
