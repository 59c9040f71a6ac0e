// W3C Trace Context and Baggage across services: what injectContext writes and what an incoming carrier brings.
// Incoming headers are untrusted: baggage is bounded (8192 bytes, 180 entries), only our keys are read from
// it, and nothing of the caller's baggage stays in our context.
import { trace, type Context } from "@opentelemetry/api";
import { isTracingSuppressed } from "@opentelemetry/core";
import { ATTR_PROJECT, ATTR_SESSION_ID, ATTR_SOURCE } from "../attributes/core.js";
import { formatTraceparent, parseTraceparent, readBaggage, writeBaggage } from "./w3c.js";

/** `Headers` (fetch) or a plain object of header names to values (Node's IncomingHttpHeaders, a message's metadata). */
export type Carrier = { get(name: string): string | null; set(name: string, value: string): void } | Record<string, unknown>;

const isHeaders = (c: Carrier): c is Extract<Carrier, { get: unknown }> => typeof (c as { get?: unknown }).get === "function";

function get(c: Carrier, key: string): string | undefined {
  if (isHeaders(c)) return c.get(key) ?? undefined;
  // plain objects: header names in any case (Node lower-cases them; hand-written ones may not); repeats joined
  const name = Object.keys(c).find((k) => k.toLowerCase() === key);
  const v = name === undefined ? undefined : c[name];
  if (Array.isArray(v)) return v.every((x) => typeof x === "string") ? v.join(",") : undefined;
  return typeof v === "string" ? v : undefined;
}

function set(c: Carrier, key: string, value: string): void {
  if (isHeaders(c)) return c.set(key, value);
  for (const k of Object.keys(c)) if (k !== key && k.toLowerCase() === key) delete c[k];
  c[key] = value;
}

/** What a carrier brings: the caller's span as the remote parent (same trace), and our baggage keys when valid. */
export interface Extracted {
  context: Context;
  sessionId?: string;
  project?: string;
  source?: string;
}

/** A value from outside: non-empty, at most 256 characters (as the sessionId option), printable ASCII. */
const SAFE = /^[\x21-\x7e]{1,256}$/;

export function extractContext(base: Context, carrier: Carrier): Extracted {
  const parent = parseTraceparent(get(carrier, "traceparent"), get(carrier, "tracestate"));
  const context = parent ? trace.setSpanContext(base, parent) : base;
  const b = readBaggage(get(carrier, "baggage"), [ATTR_SESSION_ID, ATTR_PROJECT, ATTR_SOURCE]);
  const safe = (v: string | undefined) => (v !== undefined && SAFE.test(v) ? v : undefined);
  return { context, sessionId: safe(b[ATTR_SESSION_ID]), project: safe(b[ATTR_PROJECT]), source: safe(b[ATTR_SOURCE]) };
}

/** Writes `traceparent` (and `tracestate`) for the active span, and `baggage` with our session, project and source. */
export function injectContext(ctx: Context, carrier: Carrier, ours: { sessionId: string; project: string; source: string }): void {
  if (isTracingSuppressed(ctx)) return;
  const sc = trace.getSpanContext(ctx);
  if (sc && trace.isSpanContextValid(sc)) {
    set(carrier, "traceparent", formatTraceparent(sc));
    const state = sc.traceState?.serialize();
    if (state) set(carrier, "tracestate", state);
  }
  // the app's own baggage entries already in the carrier stay; ours replace any of the same name
  const baggage = writeBaggage(get(carrier, "baggage"), { [ATTR_SESSION_ID]: ours.sessionId, [ATTR_PROJECT]: ours.project, [ATTR_SOURCE]: ours.source });
  set(carrier, "baggage", baggage);
}
