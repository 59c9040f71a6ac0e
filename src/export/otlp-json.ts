import type { Attributes, HrTime } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { begin, close, raw, str, take } from "./json-bytes.js";

/**
 * OTLP/JSON encoding of finished spans (ExportTraceServiceRequest), written straight into UTF-8 bytes
 * (json-bytes.ts), without @opentelemetry/otlp-transformer, which keeps the Workers bundle small. Whatever
 * a caller put into a span, the output is valid JSON in valid UTF-8 that the backend accepts: see test/fuzz.
 */

function anyValue(v: unknown): void {
  switch (typeof v) {
    case "string":
      raw('{"stringValue":');
      str(v);
      return raw("}");
    case "boolean":
      return raw(`{"boolValue":${v}}`);
    case "number":
      // beyond 2^53 an int64 goes as a decimal string (proto3 JSON), so no JSON parser rounds it
      if (Number.isSafeInteger(v)) return raw(`{"intValue":${v}}`);
      // (int64 bounds, as otlp-transformer's protobuf encoder uses them: both encodings then agree)
      if (Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63) return raw(`{"intValue":"${BigInt(v)}"}`);
      // proto3 JSON spells NaN and ±Infinity as strings (JSON has no such numbers)
      return raw(Number.isFinite(v) ? `{"doubleValue":${v}}` : `{"doubleValue":"${v}"}`);
    default:
      // OpenTelemetry allows arrays of primitives; anything else is sent as an empty value
      if (!Array.isArray(v)) return raw("{}");
      raw('{"arrayValue":{"values":[');
      for (const x of v) {
        anyValue(x);
        raw(",");
      }
      close("]}}");
  }
}

/** `"attributes":[...],"droppedAttributesCount":n` */
function attributes(list: Attributes | undefined, dropped: unknown): void {
  raw('"attributes":[');
  for (const key in list) {
    raw('{"key":');
    str(key);
    const v = list[key];
    // strings, most values, in fewer writes
    if (typeof v === "string") {
      raw(',"value":{"stringValue":');
      str(v);
      raw("}},");
    } else {
      raw(',"value":');
      anyValue(v);
      raw("},");
    }
  }
  close(`],"droppedAttributesCount":${count(dropped)}`);
}

/**
 * `field` (an opening such as `,"endTimeUnixNano":"`), then HrTime [seconds, nanos] as decimal nanoseconds,
 * exact without BigInt, and the closing quote; piece by piece, as a template literal would build (and
 * flatten) a new string for every span. A time that is not a valid HrTime (a caller's NaN start time…) is
 * sent as 0 rather than making the backend refuse the batch.
 */
function nanos(field: string, t: HrTime): void {
  const [sec, ns] = Array.isArray(t) ? t : [NaN, NaN];
  raw(field);
  if (!(Number.isSafeInteger(sec) && sec >= 0 && Number.isInteger(ns) && ns >= 0 && ns < 1e9)) raw("0");
  else raw(sec === 0 ? String(ns) : `${sec}${String(ns).padStart(9, "0")}`);
  raw('"');
}

/** Hex, not all zeros. */
const VALID_ID = /^(?!0+$)[0-9a-f]+$/i;

/** Trace ids are 32 hex chars, span ids 16, never all zero: the SDK checks its own, not a caller's links. */
function validId(id: unknown, length: 32 | 16): id is string {
  return typeof id === "string" && id.length === length && VALID_ID.test(id);
}

const count = (n: unknown) => (Number.isSafeInteger(n) && (n as number) >= 0 ? (n as number) : 0);

/**
 * `field` (`,"name":`) and `v` as a JSON string, whatever a JS caller passed (a number, a symbol, an object
 * becomes text); nothing when `v` is undefined (JSON.stringify's rule): a required field passes `?? ""`.
 */
function text(field: string, v: unknown): void {
  if (v === undefined) return;
  raw(field);
  try {
    v = typeof v === "string" ? v : v === null ? "" : String(v);
  } catch {
    v = "";
  }
  str(v as string);
}

function encodeSpan(s: ReadableSpan): void {
  const ctx = s.spanContext();
  raw('{"traceId":');
  str(ctx.traceId);
  raw(',"spanId":');
  str(ctx.spanId);
  text(',"parentSpanId":', s.parentSpanContext?.spanId);
  text(',"traceState":', ctx.traceState?.serialize());
  text(',"name":', s.name ?? "");
  // OTLP numbers kinds from 1 (INTERNAL); the API from 0. A caller's unknown kind is sent as INTERNAL.
  const kind = Number.isInteger(s.kind) && s.kind >= 0 && s.kind <= 4 ? s.kind + 1 : 1;
  raw(`,"kind":${kind}`);
  nanos(',"startTimeUnixNano":"', s.startTime);
  nanos(',"endTimeUnixNano":"', s.endTime);
  raw(",");
  attributes(s.attributes, s.droppedAttributesCount);
  raw(',"events":[');
  for (const e of s.events) {
    nanos('{"timeUnixNano":"', e.time);
    text(',"name":', e.name ?? "");
    raw(",");
    attributes(e.attributes, e.droppedAttributesCount);
    raw("},");
  }
  close(`],"droppedEventsCount":${count(s.droppedEventsCount)},"links":[`);
  const links = s.links.filter((l) => validId(l.context?.traceId, 32) && validId(l.context?.spanId, 16));
  for (const l of links) {
    // validId: hex only, nothing to escape
    raw(`{"traceId":"${l.context.traceId}","spanId":"${l.context.spanId}",`);
    attributes(l.attributes, l.droppedAttributesCount);
    raw("},");
  }
  // setStatus takes any code from a caller; OTLP knows 0 (unset), 1 (ok), 2 (error)
  const code = s.status.code === 1 || s.status.code === 2 ? s.status.code : 0;
  close(`],"droppedLinksCount":${count(s.droppedLinksCount) + (s.links.length - links.length)},"status":{"code":${code}`);
  text(',"message":', s.status.message);
  raw("}},");
}

/** Groups spans by resource, then by instrumentation scope, as OTLP requires; returns the UTF-8 JSON. */
export function encodeTraceRequest(spans: readonly ReadableSpan[]): Uint8Array {
  // by identity, as otlp-transformer does: a tracer reuses one resource and one scope object for its spans
  type Scope = ReadableSpan["instrumentationScope"];
  const byResource = new Map<ReadableSpan["resource"], Map<Scope, ReadableSpan[]>>();
  for (const span of spans) {
    let scopes = byResource.get(span.resource);
    if (!scopes) byResource.set(span.resource, (scopes = new Map()));
    const list = scopes.get(span.instrumentationScope);
    if (list) list.push(span);
    else scopes.set(span.instrumentationScope, [span]);
  }
  begin(); // also drops what a throwing span (a caller's getter) left half-written in the buffer
  try {
    raw('{"resourceSpans":[');
    for (const [resource, scopes] of byResource) {
      raw('{"resource":{');
      attributes(resource.attributes, 0);
      raw('},"scopeSpans":[');
      for (const [scope, list] of scopes) {
        raw('{"scope":');
        text('{"name":', scope.name ?? "");
        text(',"version":', scope.version || undefined);
        raw('},"spans":[');
        for (const span of list) encodeSpan(span);
        close("]},");
      }
      close("]},");
    }
    close("]}");
  } catch (err) {
    begin(); // and a buffer it grew: nothing of a failed document stays behind
    throw err;
  }
  return take();
}

type Json = Record<string, unknown> & { resourceSpans: Json[]; scopeSpans: Json[]; spans: unknown[] };

/**
 * Halves an encoded request at a span boundary, for a server that answered 413: parsed back and written
 * again (rare, so plain JSON.parse/stringify; our own output parses back to the same values), each span
 * under its own copy of its resource and scope, which OTLP allows.
 */
export function halveTraceRequest(body: Uint8Array): { count: number; body: Uint8Array }[] {
  const all = (JSON.parse(new TextDecoder().decode(body)) as Json).resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) => ss.spans.map((span) => ({ ...rs, scopeSpans: [{ ...ss, spans: [span] }] }))),
  );
  const mid = all.length >> 1;
  return [all.slice(0, mid), all.slice(mid)].map((resourceSpans) => ({
    count: resourceSpans.length,
    body: new TextEncoder().encode(JSON.stringify({ resourceSpans })),
  }));
}
